/**
 * The admin console's Credits, Click-to-chat and Contacts trash tabs, and
 * the agents' "credits low" in the reply box, against the fake client API.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { CreditEntry, LedgerFilter, TrashedContact } from '../../src/shared/admin/credits-trash.js';
import { DEFAULT_CREDIT_COSTS, type Channel, type Credits } from '../../src/shared/domain.js';
import { AppError } from '../../src/shared/errors.js';
import { Composer } from '../../src/renderer/src/features/composer/composer.js';
import { expectAccessible } from './axe.js';
import { makeAgent, makeChannel, makeContact, T0 } from './factories.js';
import { makeStore, renderApp, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

const credits = (over: Partial<Credits> = {}): Credits => ({
  balance: 120,
  cancellationScheduled: false,
  costs: DEFAULT_CREDIT_COSTS,
  lowBalanceThreshold: null,
  updatedAt: T0,
  ...over,
});

const entry = (over: Partial<CreditEntry> & { id: string }): CreditEntry => ({
  channelId: 'wa-tokyo',
  kind: 'top-up',
  delta: 100,
  reason: 'top-up',
  conversationId: null,
  contactName: null,
  messageId: null,
  agentId: 'admin-1',
  agentName: 'Admin Aoki',
  createdAt: T0,
  ...over,
});

const EN = {
  console: 'Admin console',
  credits: 'Credits',
  clickToChat: 'Click-to-chat',
  trash: 'Contacts trash',
};
const JA = {
  console: '管理コンソール',
  credits: 'クレジット',
  clickToChat: 'チャットリンク',
  trash: 'コンタクトのゴミ箱',
};

type Api = ReturnType<typeof scenario>['api'];

/**
 * An admin signed in with two WhatsApp channels (Osaka low on credits) and a LINE one, on the chosen tab;
 * `hub` sets the fake hub's answers first (the ledger answers empty unless it says otherwise).
 */
async function openTab(tab: keyof typeof EN, hub: (api: Api) => void, locale = 'en-US', channels?: Channel[]) {
  const s = scenario();
  s.api.hub.adminListCreditLedger = async () => ({ items: [], nextCursor: null });
  hub(s.api);
  s.api.me = makeAgent({ role: 'admin' });
  s.api.session = { hubUrl: 'http://127.0.0.1:4000', agent: s.api.me };
  s.api.channels = channels ?? [
    makeChannel({ id: 'wa-tokyo', name: 'WhatsApp Tokyo', credits: credits() }),
    makeChannel({ id: 'wa-osaka', name: 'WhatsApp Osaka', credits: credits({ balance: 4, lowBalanceThreshold: 5 }) }),
    makeChannel({ id: 'line-1', kind: 'line', name: 'LINE 公式' }),
  ];
  const rendered = renderApp(s.api, { locale });
  const words = locale === 'en-US' ? EN : JA;
  await rendered.user.click(await screen.findByRole('button', { name: words.console }));
  await rendered.user.click(screen.getByRole('tab', { name: words[tab] }));
  return rendered;
}

describe('the Credits tab', () => {
  it('shows a channel’s balance, costs and ledger, and pages and filters the ledger through the hub', async () => {
    const asked: LedgerFilter[] = [];
    const page1 = [
      entry({ id: 'e3', kind: 'charge', delta: -3, reason: 'conversation:marketing', conversationId: 'cv-1' }),
      entry({ id: 'e2', kind: 'refund', delta: 1, reason: 'refund', conversationId: null, agentId: null }),
    ].map((e) => ({ ...e, contactName: e.conversationId ? '田中 太郎' : null, agentName: e.agentId && null }));
    const page2 = [entry({ id: 'e1', delta: 100 })];
    const { user, container } = await openTab('credits', (api) => {
      api.hub.adminListCreditLedger = async (_channelId, filter) => {
        asked.push(filter);
        if (filter.cursor === 'next') return { items: page2, nextCursor: null };
        return { items: page1, nextCursor: 'next' };
      };
    });
    expect(asked[0]).toEqual({});
    expect(screen.getByText('120 credits')).toBeTruthy();
    expect(screen.getByText(/marketing 3, utility 1, authentication 1/)).toBeTruthy();

    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1] as HTMLElement).getByText('Charge')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('−3')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText(/Template \(marketing\)/)).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('Switchboard')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('a deleted contact')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('+100')).toBeTruthy();
    expect(within(table).getByText('Admin Aoki')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByText('3 entries shown')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Kind'), 'refund');
    await waitFor(() => expect(asked.at(-1)).toEqual({ kind: 'refund' }));
    await user.type(screen.getByLabelText('From'), '2025-01-10');
    await user.type(screen.getByLabelText('To'), '2025-01-12');
    await waitFor(() =>
      expect(asked.at(-1)).toEqual({
        kind: 'refund',
        from: new Date(2025, 0, 10).getTime(),
        to: new Date(2025, 0, 13).getTime(),
      }),
    );
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(asked.at(-1)).toEqual({}));
    await user.click(await screen.findByRole('button', { name: 'Only 田中 太郎’s conversation' }));
    await waitFor(() => expect(asked.at(-1)).toEqual({ conversationId: 'cv-1' }));
    expect((screen.getByLabelText('Conversation') as HTMLInputElement).value).toBe('cv-1');
    await expectAccessible(container);
  });

  it('warns of a low balance in the tab and across the admin console, and saves or clears the warning level', async () => {
    const saved: (number | null)[] = [];
    const { user, container } = await openTab('credits', (api) => {
      api.hub.adminSetCreditsThreshold = async (_id, threshold) => {
        saved.push(threshold);
        return credits({ balance: 4, lowBalanceThreshold: threshold, updatedAt: T0 + saved.length });
      };
    });
    expect(screen.getByText('WhatsApp credits are low on WhatsApp Osaka.')).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Channel'), 'wa-osaka');
    expect(screen.getByText('Credits are low: 4 left, at or below the warning level of 5.')).toBeTruthy();
    expect(screen.getByText('Now: at or below 5')).toBeTruthy();

    const level = screen.getByLabelText('Warn at or below');
    await user.clear(level);
    await user.type(level, '3');
    await user.click(screen.getByRole('button', { name: 'Save warning level' }));
    expect(await screen.findByText('Warning level saved.')).toBeTruthy();
    expect(saved).toEqual([3]);
    expect(screen.queryByText(/Credits are low: 4 left/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Turn warning off' }));
    expect(await screen.findByText('The warning is off.')).toBeTruthy();
    expect(saved).toEqual([3, null]);
    expect(screen.getByText('Now: no warning')).toBeTruthy();
    await expectAccessible(container);
  });

  it('buys credits, and while a cancellation is scheduled says why buying is refused (FAQ 24)', async () => {
    const { user, api } = await openTab('credits', (hub) => {
      hub.hub.adminTopUpCredits = async (_id, amount) => credits({ balance: 120 + amount, updatedAt: T0 + 1 });
      hub.hub.adminSetCreditsCancellation = async (_id, scheduled) =>
        credits({ balance: 150, cancellationScheduled: scheduled, updatedAt: T0 + 2 });
    });
    const amount = screen.getByLabelText('Credits to add');
    await user.clear(amount);
    await user.type(amount, '30');
    await user.click(screen.getByRole('button', { name: 'Buy credits' }));
    expect(await screen.findByText('30 credits added. The balance is now 150.')).toBeTruthy();
    expect(screen.getByText('150 credits')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Schedule cancellation' }));
    expect(await screen.findByText('A cancellation of the subscription is scheduled.')).toBeTruthy();
    expect(
      screen.getByText(/Credits cannot be bought while a cancellation of the subscription is scheduled/),
    ).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Buy credits' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Clear scheduled cancellation' }));
    expect(await screen.findByText('No cancellation is scheduled.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Buy credits' }) as HTMLButtonElement).disabled).toBe(false);

    api.hub.adminTopUpCredits = async () => {
      throw new AppError('CANCELLATION_SCHEDULED');
    };
    await user.click(screen.getByRole('button', { name: 'Buy credits' }));
    expect(
      await screen.findByText('Credits cannot be bought while a cancellation of the subscription is scheduled.'),
    ).toBeTruthy();
  });

  it('speaks Japanese, and says when no channel is charged', async () => {
    const { unmount } = await openTab('credits', () => undefined, 'ja-JP');
    expect(screen.getByRole('heading', { name: 'WhatsApp クレジット' })).toBeTruthy();
    expect(screen.getByText('120 クレジット')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'キャンセルを予定する' })).toBeTruthy();
    expect(screen.getByLabelText('警告する残高（以下）')).toBeTruthy();
    unmount();
    await openTab('credits', () => undefined, 'en-US', [makeChannel({ id: 'line-1', kind: 'line', name: 'LINE' })]);
    expect(screen.getByText(/No channel uses credits/)).toBeTruthy();
  });
});

describe('the Click-to-chat tab', () => {
  const urls: string[] = [];
  beforeEach(() => {
    let next = 0;
    URL.createObjectURL = vi.fn(() => {
      const url = `blob:switchboard/${++next}`;
      urls.push(url);
      return url;
    });
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    urls.length = 0;
  });

  it('shows each channel’s link with Copy, its QR code, and PNG and SVG downloads; a channel without a public id says what to set', async () => {
    const { user, container } = await openTab('clickToChat', (api) => {
      api.hub.adminGetClickToChat = async (id) => {
        if (id === 'line-1') throw new AppError('VALIDATION_FAILED', 'publicHandle missing');
        return { url: `https://wa.me/${id === 'wa-tokyo' ? '81312345678' : '81612345678'}`, label: `WhatsApp ${id}` };
      };
      api.hub.adminGetClickToChatQr = async (_id, format) =>
        format === 'png' ? new Uint8Array([0x89, 0x50, 0x4e, 0x47]) : new TextEncoder().encode('<svg/>');
    });

    const tokyo = (await screen.findByRole('article', { name: /WhatsApp Tokyo/ })) as HTMLElement;
    const qr = await within(tokyo).findByRole('img', { name: 'QR code of the WhatsApp Tokyo link' });
    expect(qr.getAttribute('src')).toMatch(/^blob:switchboard\//);
    expect((within(tokyo).getByLabelText('Link') as HTMLInputElement).value).toBe('https://wa.me/81312345678');
    const png = within(tokyo).getByRole('link', { name: 'Download PNG' });
    const svg = within(tokyo).getByRole('link', { name: 'Download SVG' });
    expect(png.getAttribute('download')).toBe('WhatsApp-Tokyo-click-to-chat.png');
    expect(svg.getAttribute('download')).toBe('WhatsApp-Tokyo-click-to-chat.svg');
    expect(png.getAttribute('href')).toBe(qr.getAttribute('src'));
    expect(svg.getAttribute('href')).toMatch(/^blob:/);
    expect(svg.getAttribute('href')).not.toBe(png.getAttribute('href'));

    await user.click(within(tokyo).getByRole('button', { name: 'Copy' }));
    expect(await within(tokyo).findByText('Link copied.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe('https://wa.me/81312345678');

    const line = screen.getByRole('article', { name: /LINE 公式/ });
    expect(await within(line).findByText(/has no public id to link to yet/)).toBeTruthy();
    await expectAccessible(container);
  });

  it('gives the Japanese words and file names in the channel’s own script', async () => {
    await openTab(
      'clickToChat',
      (api) => {
        api.hub.adminGetClickToChat = async () => ({ url: 'https://line.me/R/ti/p/@abc1234', label: 'LINE @abc1234' });
        api.hub.adminGetClickToChatQr = async () => new Uint8Array([1, 2, 3]);
      },
      'ja-JP',
      [makeChannel({ id: 'line-1', kind: 'line', name: 'LINE 公式' })],
    );
    const download = await screen.findByRole('link', { name: 'PNG をダウンロード' });
    expect(download.getAttribute('download')).toBe('LINE-公式-click-to-chat.png');
    expect(screen.getByRole('button', { name: 'コピー' })).toBeTruthy();
  });
});

describe('the Contacts trash tab', () => {
  const trashed = (id: string, name: string, over: Partial<TrashedContact> = {}): TrashedContact => ({
    contact: makeContact({
      id,
      channelId: 'wa-tokyo',
      name,
      identity: { externalId: id, phone: '+81 90-1234-5678', username: null },
      deletedAt: T0,
    }),
    channel: { id: 'wa-tokyo', name: 'WhatsApp Tokyo', kind: 'whatsapp' },
    conversationCount: 2,
    ...over,
  });

  it('lists and searches the trash, restores a contact, and deletes one permanently only after a confirmation naming it', async () => {
    const queries: string[] = [];
    let items = [trashed('c-1', '田中 太郎'), trashed('c-2', 'Spam Bot', { conversationCount: 1 })];
    const { api, user, container } = await openTab('trash', (hub) => {
      hub.hub.adminListTrashedContacts = async (filter) => {
        queries.push(filter.query ?? '');
        if (filter.cursor === 'more') return { items: [trashed('c-3', 'Old One')], nextCursor: null };
        const shown = items.filter((i) => !filter.query || i.contact.name.includes(filter.query));
        return { items: shown, nextCursor: filter.query ? null : 'more' };
      };
      hub.hub.adminRestoreContact = async (id) => {
        items = items.filter((i) => i.contact.id !== id);
        return makeContact({ id, channelId: 'wa-tokyo' });
      };
      hub.hub.adminPurgeContact = async (id) => ({
        contactId: id,
        conversations: 1,
        messages: 3,
        attachments: 0,
        filesRemoved: 0,
      });
    });

    const table = await screen.findByRole('table');
    expect(within(table).getByText('田中 太郎')).toBeTruthy();
    expect(within(table).getAllByText('+81 90-1234-5678')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('Old One')).toBeTruthy();
    await expectAccessible(container);

    await user.type(screen.getByLabelText('Search the trash'), 'Spam');
    await waitFor(() => expect(queries.at(-1)).toBe('Spam'));
    await waitFor(() => expect(within(screen.getByRole('table')).queryByText('田中 太郎')).toBeNull());
    await user.clear(screen.getByLabelText('Search the trash'));
    expect(await within(await screen.findByRole('table')).findByText('田中 太郎')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Restore 田中 太郎' }));
    expect(await screen.findByText('田中 太郎 was restored.')).toBeTruthy();
    expect(api.callsOf('adminRestoreContact')).toEqual([['c-1']]);
    expect(within(screen.getByRole('table')).queryByText('田中 太郎')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete Spam Bot permanently' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Spam Bot permanently?' });
    expect(within(dialog).getByText(/It cannot be undone\./)).toBeTruthy();
    expect(within(dialog).getByText(/their 1 conversations/)).toBeTruthy();
    await expectAccessible(container);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsOf('adminPurgeContact')).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Delete Spam Bot permanently' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete permanently' }));
    expect(await screen.findByText('Spam Bot was deleted permanently.')).toBeTruthy();
    expect(api.callsOf('adminPurgeContact')).toEqual([['c-2']]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('The trash is empty.')).toBeTruthy();
  });

  it('keeps the dialog open with the reason when the hub refuses, in Japanese', async () => {
    const { user } = await openTab(
      'trash',
      (api) => {
        api.hub.adminListTrashedContacts = async () => ({ items: [trashed('c-1', '田中 太郎')], nextCursor: null });
        api.hub.adminPurgeContact = async () => {
          throw new AppError('CONTACT_NOT_IN_TRASH');
        };
      },
      'ja-JP',
    );
    await user.click(await screen.findByRole('button', { name: '田中 太郎 を完全に削除' }));
    const dialog = await screen.findByRole('dialog', { name: '田中 太郎 を完全に削除しますか？' });
    expect(within(dialog).getByText(/元に戻すことはできません。/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: '完全に削除' }));
    expect(await within(dialog).findByText(/完全に削除できるのはゴミ箱にあるコンタクトだけです/)).toBeTruthy();
  });

  it('says the trash is empty, or that nothing matches', async () => {
    const { user } = await openTab('trash', (api) => {
      api.hub.adminListTrashedContacts = async () => ({ items: [], nextCursor: null });
    });
    expect(await screen.findByText('The trash is empty.')).toBeTruthy();
    await user.type(screen.getByLabelText('Search the trash'), 'nobody');
    expect(await screen.findByText('No contact in the trash matches “nobody”.')).toBeTruthy();
  });
});

describe('credits low in the reply box', () => {
  it('an agent sees that the channel’s credits are low while writing', async () => {
    const s = scenario({ channel: { credits: credits({ balance: 4, lowBalanceThreshold: 10 }) } });
    const store = makeStore(s.api);
    await store.getState().loadSession();
    await store.getState().openConversation(s.row.conversation.id, null);
    renderWithStore(<Composer />, s.api, store);
    expect(await screen.findByText('WhatsApp credits are low')).toBeTruthy();
    expect(screen.getByText('WhatsApp credits: 4')).toBeTruthy();
  });
});
