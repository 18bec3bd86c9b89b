/**
 * Channel health on screen: the badge in one word with its reason read out,
 * the details with each fact and "Check now", the admins' banner over the
 * inbox, and the notice agents get on a conversation of a failing channel.
 */
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChannelHealth } from '../../src/shared/admin/health.js';
import type { Channel, ChannelHealthSummary } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import { ApiProvider } from '../../src/renderer/src/common/use-api.js';
import { ChannelHealthBadge } from '../../src/renderer/src/features/admin/health/channel-health-badge.js';
import { ChannelHealthDetails } from '../../src/renderer/src/features/admin/health/channel-health-details.js';
import { StoreProvider } from '../../src/renderer/src/stores/store-context.js';
import { expectAccessible } from './axe.js';
import { FakeClientApi } from './fake-client-api.js';
import { makeAgent, makeChannel, T0 } from './factories.js';
import { makeStore, renderApp } from './render-app.js';
import { scenario } from './scenario.js';

const FAILING: ChannelHealthSummary = { status: 'failing', reason: 'token-refused', since: T0 };

function healthOf(channel: Channel, over: Partial<ChannelHealth> = {}): ChannelHealth {
  return {
    channelId: channel.id,
    kind: channel.kind,
    status: 'failing',
    reason: 'token-refused',
    since: T0,
    lastInboundAt: T0 - 60_000,
    lastSentAt: null,
    sendFailuresInRow: 1,
    lastError: { code: 'PROVIDER_AUTH_FAILED', message: '401 Unauthorized', source: 'send', at: T0 },
    token: { status: 'refused', code: 'PROVIDER_AUTH_FAILED', message: 'Telegram: 401 Unauthorized', checkedAt: T0 },
    webhook: {
      mode: 'webhook',
      url: 'https://hub.example.com/webhooks/ch-telegram',
      expectedUrl: 'https://hub.example.com/webhooks/ch-telegram',
      active: null,
      pendingUpdateCount: 4,
      lastErrorAt: T0,
      lastErrorMessage: 'Wrong response from the webhook: 502 Bad Gateway',
      test: null,
      checkedAt: T0,
    },
    quality: null,
    ...over,
  };
}

const POLLING = {
  mode: 'polling',
  url: null,
  expectedUrl: null,
  active: null,
  pendingUpdateCount: null,
  lastErrorAt: null,
  lastErrorMessage: null,
  test: null,
} as const;

/** One admin component with the store and the api, as the admin console renders it. */
function renderAdminPart(ui: React.ReactElement, api: FakeClientApi, locale = 'en-US') {
  api.me = makeAgent({ role: 'admin' });
  api.session = { hubUrl: 'http://127.0.0.1:4000', agent: api.me };
  const store = makeStore(api, { locale });
  const user = userEvent.setup();
  const rendered = render(
    <StoreProvider store={store}>
      <ApiProvider api={api}>{ui}</ApiProvider>
    </StoreProvider>,
  );
  return { ...rendered, user, store };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('channel health badge', () => {
  it('says the status in a word, coloured, and reads the reason out', async () => {
    const api = new FakeClientApi();
    const { container } = renderAdminPart(
      <ul>
        <li>
          <ChannelHealthBadge channel={makeChannel({ kind: 'telegram', health: FAILING })} />
        </li>
        <li>
          <ChannelHealthBadge channel={makeChannel({ health: { status: 'ok', reason: null, since: T0 } })} />
        </li>
        <li>
          <ChannelHealthBadge channel={makeChannel({ kind: 'line' })} />
        </li>
      </ul>,
      api,
    );
    const [failing, ok, unknown] = screen.getAllByTestId('health-badge');
    expect(failing?.textContent).toBe('Health: Not working: The provider refuses the channel’s credentials');
    expect(failing?.className).toContain('health-failing');
    expect(ok?.textContent).toBe('Health: Working');
    expect(ok?.className).toContain('health-ok');
    expect(unknown?.textContent).toBe('Health: Not checked: Nothing checked, sent or received yet');
    await expectAccessible(container);
  });

  it('speaks Japanese', () => {
    renderAdminPart(<ChannelHealthBadge channel={makeChannel({ health: FAILING })} />, new FakeClientApi(), 'ja-JP');
    expect(screen.getByTestId('health-badge').textContent).toBe(
      '稼働状況: 停止中: プロバイダーがチャネルの認証情報を拒否しています',
    );
  });
});

describe('channel health details', () => {
  it('shows each fact with its time and the provider’s error code and words', async () => {
    const api = new FakeClientApi();
    const channel = makeChannel({ kind: 'telegram', health: FAILING });
    api.hub.adminGetChannelHealth = async () => healthOf(channel);
    const { container } = renderAdminPart(<ChannelHealthDetails channel={channel} />, api);
    const section = await screen.findByRole('region', { name: /Health/ });
    await within(section).findByText('Last provider error');
    const text = section.textContent ?? '';
    expect(text).toContain('The provider refuses the channel’s credentials');
    expect(text).toContain('Refused by the provider: Telegram: 401 Unauthorized (PROVIDER_AUTH_FAILED)');
    expect(text).toContain('provider said: 401 Unauthorized (PROVIDER_AUTH_FAILED, sending');
    expect(text).toContain('Nothing sent yet');
    expect(text).toContain('Delivers to https://hub.example.com/webhooks/ch-telegram');
    expect(text).toContain('Updates waiting at the provider: 4');
    expect(text).toContain('Wrong response from the webhook: 502 Bad Gateway');
    await expectAccessible(container);
  });

  it('checks now with the provider, showing progress, then the answer; a failed check says why', async () => {
    const api = new FakeClientApi();
    const channel = makeChannel({ kind: 'whatsapp', health: FAILING });
    api.hub.adminGetChannelHealth = async () => healthOf(channel, { webhook: null });
    const answer = deferred<ChannelHealth>();
    api.hub.adminCheckChannelHealth = () => answer.promise;
    const { user } = renderAdminPart(<ChannelHealthDetails channel={channel} />, api);
    await screen.findByText('Last provider error');

    await user.click(screen.getByRole('button', { name: 'Check now' }));
    const busy = screen.getByRole('button', { name: 'Checking with the provider…' });
    expect((busy as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('progressbar', { name: 'Checking with the provider…' })).toBeTruthy();
    await act(async () => {
      answer.resolve(
        healthOf(channel, {
          status: 'warning',
          reason: 'quality-low',
          token: { status: 'valid', code: null, message: null, checkedAt: T0 + 1000 },
          webhook: null,
          quality: { qualityRating: 'RED', messagingLimitTier: 'TIER_250', numberStatus: 'CONNECTED', checkedAt: T0 },
        }),
      );
      await answer.promise;
    });
    expect(screen.getByTestId('health-badge').textContent).toContain('Warning');
    expect(screen.getByText('Quality rating: low (red)')).toBeTruthy();
    expect(screen.getByText('Messaging limit: 250 customers a day')).toBeTruthy();
    expect(screen.getByText(/Accepted by the provider/)).toBeTruthy();
    expect(api.callsOf('adminCheckChannelHealth')).toEqual([[channel.id]]);

    api.hub.adminCheckChannelHealth = async () => {
      throw new AppError('HUB_UNREACHABLE');
    };
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The check could not be made: ');
  });

  it('says in words why the health could not be read', async () => {
    const api = new FakeClientApi();
    api.hub.adminGetChannelHealth = async () => {
      throw new AppError('HUB_UNREACHABLE');
    };
    renderAdminPart(<ChannelHealthDetails channel={makeChannel()} />, api, 'ja-JP');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'ハブに接続できません。アドレスとネットワークを確認してください。',
    );
    expect(screen.getByRole('button', { name: '今すぐ確認' })).toBeTruthy();
  });

  it('follows the hub’s channel-health events while open', async () => {
    const api = new FakeClientApi();
    const channel = makeChannel({ kind: 'telegram', health: FAILING });
    api.hub.adminGetChannelHealth = async () => healthOf(channel);
    renderAdminPart(<ChannelHealthDetails channel={channel} />, api);
    await screen.findByText('Last provider error');
    act(() =>
      api.emit({
        type: 'channel-health',
        health: healthOf(channel, {
          status: 'ok',
          reason: null,
          lastError: null,
          token: { status: 'valid', code: null, message: null, checkedAt: T0 },
          webhook: { ...POLLING, checkedAt: T0 },
        }),
      }),
    );
    expect(screen.getByTestId('health-badge').textContent).toBe('Health: Working');
    expect(screen.getByText(/Long polling/)).toBeTruthy();
  });
});

describe('channel health banner and notice', () => {
  it('tells an admin in the inbox which channel stopped working and opens the channels tab', async () => {
    const s = scenario({ kind: 'telegram' });
    s.api.me = makeAgent({ role: 'admin' });
    s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
    const { user, store, container } = renderApp(s.api);
    await screen.findByRole('list', { name: 'Conversations' });
    expect(screen.queryByTestId('health-banner')).toBeNull();

    // The channel's status arrives with the channel; the client then says channels changed.
    s.api.channels = [{ ...s.channel, health: FAILING }];
    act(() => s.api.emit({ type: 'conversations', ids: [] }));
    const banner = await screen.findByTestId('health-banner');
    expect(banner.textContent).toContain(
      `A channel is not working: ${s.channel.name} — The provider refuses the channel’s credentials`,
    );
    await expectAccessible(container);
    await user.click(within(banner).getByRole('button', { name: 'Open channels' }));
    expect(store.getState().view).toBe('admin');
    expect(store.getState().adminTab).toBe('channels');
    expect(await screen.findByRole('tab', { name: 'Channels', selected: true })).toBeTruthy();
    // The admin console shows the banner too.
    expect(screen.getByTestId('health-banner')).toBeTruthy();
  });

  it('shows agents no banner but a notice on the conversation of a failing channel, in Japanese too', async () => {
    const s = scenario({ kind: 'line', channel: { health: FAILING } });
    const { user } = renderApp(s.api, { locale: 'ja-JP' });
    await user.click(await screen.findByText('Hiroshi Sato'));
    const notice = await screen.findByTestId('health-notice');
    expect(notice.textContent).toBe(
      'このチャネルは現在動作していません。返信が届かない可能性があります（管理者には通知済みです）。',
    );
    expect(screen.queryByTestId('health-banner')).toBeNull();
  });

  it('says so in English, and takes the notice away once the channel works again', async () => {
    const s = scenario({ kind: 'telegram', channel: { health: FAILING } });
    const { user } = renderApp(s.api);
    await user.click(await screen.findByText('Hiroshi Sato'));
    expect((await screen.findByTestId('health-notice')).textContent).toBe(
      'This channel is not working: replies may not arrive — your admin has been told.',
    );
    s.api.channels = [{ ...s.channel, health: { status: 'ok', reason: null, since: T0 + 1 } }];
    act(() => s.api.emit({ type: 'conversations', ids: [] }));
    await waitFor(() => expect(screen.queryByTestId('health-notice')).toBeNull());
  });
});
