/**
 * The admin console's Channels tab against a fake hub: the list, adding a
 * channel (provider, fields with hints, generated values, verify, save or
 * save unverified, then the setup with copy buttons), a channel's page
 * (settings, delete with a confirmation and Undo) and the trash.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { AgentAccess } from '../../src/shared/agent-access.js';
import type { ChannelSetup } from '../../src/shared/channel-setup.js';
import { ChannelSettings, type Channel } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import type { CreateChannelRequest } from '../../src/shared/protocol.js';
import type { z } from 'zod';
import { expectAccessible } from './axe.js';
import { makeAgent, makeChannel, T0 } from './factories.js';
import { renderApp, type Rendered } from './render-app.js';
import { scenario } from './scenario.js';

const AIKO = makeAgent({ id: 'agent-aiko', name: 'Aiko' });
const WHATSAPP: Channel = makeChannel({
  id: 'ch-wa',
  kind: 'whatsapp',
  name: 'Support JP',
  linkedAgentIds: [AIKO.id],
  verification: {
    status: 'verified',
    checkedAt: T0,
    reason: null,
    code: null,
    identity: {
      label: 'Shop (+1 555-000-1111)',
      details: { displayPhoneNumber: '+1 555-000-1111', verifiedName: 'Shop', qualityRating: 'GREEN' },
    },
  },
});
const LINE: Channel = makeChannel({
  id: 'ch-line',
  kind: 'line',
  name: 'LINE 公式',
  verification: {
    status: 'unverified',
    checkedAt: T0,
    reason: 'LINE: 401 Authentication failed.',
    code: 'PROVIDER_AUTH_FAILED',
    identity: null,
  },
});

function access(agent: typeof AIKO): AgentAccess {
  return { agent, passwordChangeRequired: false, invitation: null, linkedChannelIds: [], openConversations: 0 };
}

function setupOf(channel: Channel): ChannelSetup {
  const url = `https://hub.example.com/webhooks/${channel.id}`;
  return {
    channelId: channel.id,
    kind: channel.kind,
    connection: channel.kind === 'telegram' ? 'hub-webhook' : 'console-webhook',
    webhookUrl: url,
    values: channel.kind === 'telegram' ? [] : [{ name: 'webhookUrl', value: url }],
    events: channel.kind === 'telegram' ? ['message'] : ['messages', 'message_template_status_update'],
    publicUrl: 'https://hub.example.com',
    publicUrlProblem: null,
    reverseProxyDocs: 'docs/hub.md → Running behind a reverse proxy',
  };
}

/** A hub with live and trashed channels that the calls change. */
function fakeHub(api: Rendered['api'], initial: Channel[], trashed: Channel[]) {
  const live = new Map(initial.map((c) => [c.id, c]));
  const trash = new Map(trashed.map((c) => [c.id, { ...c, trashedAt: T0 }]));
  api.hub.adminListChannels = async () => [...live.values()];
  api.hub.adminListChannelTrash = async () => [...trash.values()];
  api.hub.adminListAgents = async () => [access(AIKO)];
  api.hub.adminGetChannelHealth = async () => {
    throw new AppError('NOT_FOUND');
  };
  api.hub.adminGetChannelSetup = async (id: string) => {
    const channel = live.get(id);
    if (!channel) throw new AppError('NOT_FOUND');
    return setupOf(channel);
  };
  api.hub.adminCreateChannel = async (req: z.input<typeof CreateChannelRequest>) => {
    const channel = makeChannel({
      id: 'ch-new',
      kind: req.kind,
      name: req.name,
      verification: req.saveUnverified
        ? {
            status: 'unverified',
            checkedAt: T0,
            reason: 'Telegram: 401 Unauthorized',
            code: 'PROVIDER_AUTH_FAILED',
            identity: null,
          }
        : {
            status: 'verified',
            checkedAt: T0,
            reason: null,
            code: null,
            identity: { label: '@shop_bot', details: {} },
          },
    });
    live.set(channel.id, channel);
    return channel;
  };
  api.hub.adminUpdateChannel = async (id: string, change) => {
    const current = live.get(id);
    if (!current) throw new AppError('NOT_FOUND');
    const updated = {
      ...current,
      name: change.name ?? current.name,
      // As the hub does: merged, then read with the schema (defaults for what a change leaves out).
      settings: ChannelSettings.parse({ ...current.settings, ...change.settings }),
    };
    live.set(id, updated);
    return updated;
  };
  api.hub.adminTrashChannel = async (id: string) => {
    const channel = live.get(id);
    if (!channel) throw new AppError('NOT_FOUND');
    live.delete(id);
    trash.set(id, { ...channel, trashedAt: T0 });
  };
  api.hub.adminRestoreChannel = async (id: string) => {
    const channel = trash.get(id);
    if (!channel) throw new AppError('NOT_FOUND');
    trash.delete(id);
    const restored = { ...channel, trashedAt: null };
    live.set(id, restored);
    return restored;
  };
  return { live, trash };
}

async function openChannelsTab(locale = 'en-US', channels: Channel[] = [WHATSAPP, LINE], trashed: Channel[] = []) {
  const s = scenario();
  s.api.me = makeAgent({ role: 'admin' });
  s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
  const rendered = renderApp(s.api, { locale });
  const hub = fakeHub(rendered.api, channels, trashed);
  await rendered.user.click(
    await screen.findByRole('button', { name: locale === 'en-US' ? 'Admin console' : '管理コンソール' }),
  );
  return { ...rendered, hub };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Channels tab', () => {
  it('lists each channel with its kind, number, verified mark, linked agents and WhatsApp credits', async () => {
    const { container } = await openChannelsTab();
    const table = await screen.findByRole('table', { name: 'Channels' });
    const rows = within(table).getAllByRole('row');
    const wa = rows.find((r) => within(r).queryByText('Support JP'));
    expect(wa).toBeTruthy();
    if (!wa) return;
    expect(within(wa).getByText('WhatsApp', { selector: '.channels-kind span' })).toBeTruthy();
    expect(within(wa).getByText('+1 555-000-1111 (Shop)')).toBeTruthy();
    expect(within(wa).getByText(/Verified/)).toBeTruthy();
    expect(within(wa).getByText('Aiko')).toBeTruthy();
    expect(within(wa).getByText('120 credits')).toBeTruthy();
    const line = rows.find((r) => within(r).queryByText('LINE 公式'));
    expect(line && within(line).getByText(/Unverified/)).toBeTruthy();
    await expectAccessible(container);
  });

  it('writes a balance the way the Credits tab does, with the language’s digit grouping', async () => {
    const credits = WHATSAPP.credits && { ...WHATSAPP.credits, balance: 1499 };
    await openChannelsTab('en-US', [{ ...WHATSAPP, credits }]);
    expect(await screen.findByText('1,499 credits')).toBeTruthy();
  });

  it('adds a Telegram channel: hints, a generated secret, verify showing the bot, save, then the setup to copy', async () => {
    const { user, api, container } = await openChannelsTab();
    api.hub.adminVerifyChannel = async () => ({
      ok: true,
      identity: { label: '@shop_bot', details: { username: 'shop_bot', name: 'Shop Bot', botId: '7012345678' } },
    });
    await user.click(await screen.findByRole('button', { name: 'Add channel' }));
    await user.click(screen.getByRole('button', { name: 'Telegram' }));
    expect(screen.getByText(/From @BotFather in Telegram/)).toBeTruthy();
    const secret = screen.getByLabelText('Secret token');
    const first = (secret as HTMLInputElement).value;
    expect(first).toMatch(/^[A-Za-z0-9_-]{48}$/);
    await user.click(screen.getByRole('button', { name: 'Generate Secret token again' }));
    expect((secret as HTMLInputElement).value).not.toBe(first);
    const save = screen.getByRole('button', { name: 'Save' });
    expect((save as HTMLButtonElement).disabled).toBe(true);

    await user.type(screen.getByLabelText('Bot token'), '7012345678:AAE-token');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('The provider knows these credentials: @shop_bot')).toBeTruthy();
    expect(screen.getByText('Shop Bot')).toBeTruthy();
    await expectAccessible(container);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const created = api.callsOf('adminCreateChannel')[0]?.[0];
    expect(created).toMatchObject({
      kind: 'telegram',
      name: 'Telegram',
      saveUnverified: false,
      credentials: { botToken: '7012345678:AAE-token', secretToken: (secret as HTMLInputElement).value },
    });
    expect(await screen.findByRole('heading', { name: '“Telegram” is saved' })).toBeTruthy();
    expect(await screen.findByText(/registered its webhook with Telegram itself/)).toBeTruthy();
  });

  it('shows a refusal in the provider’s words, keeps Save off, and saves unverified only when asked', async () => {
    const { user, api } = await openChannelsTab('ja-JP');
    api.hub.adminVerifyChannel = async () => ({
      ok: false,
      error: { code: 'PROVIDER_AUTH_FAILED', message: 'Telegram: 401 Unauthorized' },
    });
    await user.click(await screen.findByRole('button', { name: 'チャネルを追加' }));
    await user.click(screen.getByRole('button', { name: 'Telegram' }));
    await user.type(screen.getByLabelText('ボットトークン'), '7012345678:AAE-wrong');
    await user.click(screen.getByRole('button', { name: '確認' }));
    expect(await screen.findByText('Telegram: 401 Unauthorized')).toBeTruthy();
    expect(screen.getByText('チャネルの認証情報が拒否されました。管理者が更新する必要があります。')).toBeTruthy();
    expect((screen.getByRole('button', { name: '保存' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/未確認のまま保存すると/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '未確認のまま保存' }));
    expect(api.callsOf('adminCreateChannel')[0]?.[0]).toMatchObject({ saveUnverified: true });
    expect(await screen.findByText(/未確認のまま保存しました/)).toBeTruthy();
  });

  it('says why a save was refused, in words', async () => {
    const { user, api } = await openChannelsTab();
    api.hub.adminVerifyChannel = async () => ({
      ok: true,
      identity: { label: 'WeChat wx1', details: { appId: 'wx1' } },
    });
    api.hub.adminCreateChannel = async () => {
      throw new AppError('CONFLICT', 'A channel for this provider account already exists.');
    };
    await user.click(await screen.findByRole('button', { name: 'Add channel' }));
    await user.click(screen.getByRole('button', { name: 'WeChat' }));
    expect((screen.getByLabelText('EncodingAESKey (optional)') as HTMLInputElement).value).toMatch(
      /^[A-Za-z0-9+/]{43}$/,
    );
    await user.type(screen.getByLabelText('AppID'), 'wx1');
    await user.type(screen.getByLabelText('AppSecret'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This conflicts with something that already exists.');
    expect(alert.textContent).toContain('A channel for this provider account already exists.');
  });

  it('copies each setup value with its own button', async () => {
    const { user } = await openChannelsTab();
    // user-event puts its own clipboard on navigator: watch what is written to it.
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    await user.click(await screen.findByRole('button', { name: 'Support JP' }));
    const copy = await screen.findByRole('button', { name: 'Copy Webhook URL' });
    await user.click(copy);
    expect(writeText).toHaveBeenCalledWith('https://hub.example.com/webhooks/ch-wa');
    expect(await screen.findByText('Copied')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Copy Webhook fields/ }));
    expect(writeText).toHaveBeenLastCalledWith('messages, message_template_status_update');
  });

  it('says when the clipboard refused a setup value, which stays on screen to copy by hand', async () => {
    const { user } = await openChannelsTab();
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Document is not focused.'));
    await user.click(await screen.findByRole('button', { name: 'Support JP' }));
    await user.click(await screen.findByRole('button', { name: 'Copy Webhook URL' }));
    expect(await screen.findByText('Could not copy: select the text and copy it yourself.')).toBeTruthy();
    expect(screen.getByText('https://hub.example.com/webhooks/ch-wa')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy Webhook URL' }).textContent).toBe('Copy');
  });

  it('changes settings on a channel’s page', async () => {
    const { user, api, container } = await openChannelsTab();
    await user.click(await screen.findByRole('button', { name: 'Support JP' }));
    await user.click(screen.getByLabelText('Assign new conversations automatically'));
    await user.clear(screen.getByLabelText('Public handle'));
    await user.type(screen.getByLabelText('Public handle'), '819012345678');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(api.callsOf('adminUpdateChannel')[0]).toEqual([
      'ch-wa',
      { name: 'Support JP', settings: { autoConvert: true, autoAssign: false, publicHandle: '819012345678' } },
    ]);
    await expectAccessible(container);
  });

  it('rotates credentials: the verify token pasted at Meta is kept, the new ones are verified first', async () => {
    const { user, api } = await openChannelsTab();
    api.hub.adminGetChannelSetup = async () => ({
      ...setupOf(WHATSAPP),
      values: [{ name: 'verifyToken', value: 'kept-verify-token' }],
    });
    api.hub.adminVerifyChannel = async () => ({
      ok: true,
      identity: WHATSAPP.verification.identity ?? { label: '', details: {} },
    });
    api.hub.adminReplaceChannelCredentials = async () => WHATSAPP;
    await user.click(await screen.findByRole('button', { name: 'Support JP' }));
    await user.click(screen.getByRole('button', { name: 'Enter new credentials' }));
    const form = screen.getByRole('form', { name: 'Rotate credentials' });
    await waitFor(() =>
      expect((within(form).getByLabelText('Verify token') as HTMLInputElement).value).toBe('kept-verify-token'),
    );
    await user.type(within(form).getByLabelText('Phone number ID'), '106540352242922');
    await user.type(within(form).getByLabelText('Access token'), 'new-token');
    await user.type(within(form).getByLabelText('App secret'), 'app-secret');
    const replace = within(form).getByRole('button', { name: 'Replace credentials' });
    expect((replace as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Verify' }));
    await user.click(await within(form).findByRole('button', { name: 'Replace credentials' }));
    await waitFor(() => expect(api.callsOf('adminReplaceChannelCredentials')).toHaveLength(1));
    expect(api.callsOf('adminReplaceChannelCredentials')[0]).toEqual([
      'ch-wa',
      {
        credentials: {
          phoneNumberId: '106540352242922',
          accessToken: 'new-token',
          appSecret: 'app-secret',
          verifyToken: 'kept-verify-token',
        },
        saveUnverified: false,
      },
    ]);
  });

  it('deletes a channel after a confirmation, and Undo brings it back', async () => {
    const { user, api, hub } = await openChannelsTab();
    await user.click(await screen.findByRole('button', { name: 'Support JP' }));
    await user.click(screen.getByRole('button', { name: 'Delete channel…' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete “Support JP”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Move to the trash' }));
    expect(api.callsOf('adminTrashChannel')).toEqual([['ch-wa']]);
    expect(await screen.findByText('“Support JP” was moved to the trash.')).toBeTruthy();
    const trash = screen.getByRole('region', { name: 'Trash' });
    expect(within(trash).getByText('Support JP')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(api.callsOf('adminRestoreChannel')).toEqual([['ch-wa']]);
    await waitFor(() => expect(within(screen.getByRole('table')).getByText('Support JP')).toBeTruthy());
    expect(hub.trash.size).toBe(0);
  });

  it('restores a channel from the trash list', async () => {
    const { user, api } = await openChannelsTab('en-US', [WHATSAPP], [LINE]);
    await user.click(await screen.findByRole('button', { name: 'Restore LINE 公式' }));
    expect(api.callsOf('adminRestoreChannel')).toEqual([['ch-line']]);
    await waitFor(() => expect(within(screen.getByRole('table')).getByText('LINE 公式')).toBeTruthy());
  });
});
