import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../src/shared/api.js';
import { HOUR, makeConversation, makeMessage, makeRow } from './factories.js';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

describe('app', () => {
  it('an agent signs in with the hub address, email and password and sees the inbox', async () => {
    const { api } = scenario({ signedIn: false });
    const { user } = renderApp(api);
    await user.type(await screen.findByLabelText('Hub address'), 'http://127.0.0.1:4000');
    await user.type(screen.getByLabelText('Email'), 'aiko@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('list', { name: 'Conversations' })).toBeTruthy();
    expect(api.callsOf('signIn')).toEqual([
      [{ hubUrl: 'http://127.0.0.1:4000', email: 'aiko@example.com', password: 'correct horse' }],
    ]);
  });

  it('a wrong password or an unreachable hub is explained on the sign-in screen', async () => {
    const { api } = scenario({ signedIn: false });
    api.signInError = 'HUB_UNREACHABLE';
    const { user } = renderApp(api, { locale: 'ja-JP' });
    await user.type(await screen.findByLabelText('ハブのアドレス'), 'http://127.0.0.1:1');
    await user.type(screen.getByLabelText('メールアドレス'), 'aiko@example.com');
    await user.type(screen.getByLabelText('パスワード'), 'x');
    await user.click(screen.getByRole('button', { name: 'サインイン' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'ハブに接続できません。アドレスとネットワークを確認してください。',
    );
  });

  it('inbox rows show channel, contact, preview, unread count, assignee and window time left', async () => {
    const { api, row } = scenario();
    api.rows = [
      { ...row, unreadCount: 3 },
      // Older than the first row's last message (an hour ago) by a clear margin: the list order is by time.
      makeRow(
        makeConversation({
          id: 'conv-2',
          assigneeId: null,
          lastInboundAt: Date.now() - 30 * HOUR,
          lastMessageAt: Date.now() - 2 * HOUR,
        }),
        {
          unreadCount: 0,
        },
      ),
      makeRow(makeConversation({ id: 'conv-3', channelId: 'ch-telegram', lastMessageAt: Date.now() - 40 * HOUR }), {
        channelKind: 'telegram',
      }),
    ];
    renderApp(api);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    const rows = await within(list).findAllByRole('button');
    expect(rows).toHaveLength(3);
    const first = rows[0];
    if (!first) throw new Error('no rows');
    expect(within(first).getByTitle('WhatsApp')).toBeTruthy();
    expect(within(first).getByText('Hiroshi Sato')).toBeTruthy();
    expect(within(first).getByText('Where is my order?')).toBeTruthy();
    expect(within(first).getByLabelText('3 unread')).toBeTruthy();
    expect(within(first).getByText('Aiko Tanaka')).toBeTruthy();
    expect(within(first).getByText(/^2\dh \d+m left$/)).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Window closed')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Unassigned')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).queryByText(/left$|Window closed/)).toBeNull();
  });

  it('100,000 conversations: only a screenful of rows exists and only the first page is fetched', async () => {
    const { api } = scenario();
    api.virtualInbox = {
      total: 100_000,
      make: (i) => makeRow(makeConversation({ id: `conv-${i}`, lastMessagePreview: `preview ${i}` })),
    };
    renderApp(api);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    await within(list).findByText('preview 0');
    expect(screen.getByText('Conversations: 100,000')).toBeTruthy();
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(30);
    expect(api.callsOf('listConversations')).toHaveLength(1);
  });

  it('search finds messages offline, highlights the match and jumps to the message', async () => {
    const target = makeMessage({ text: 'My parcel never arrived' });
    const { api } = scenario({ messages: [makeMessage(), target, makeMessage()] });
    api.searchHits = [
      {
        messageId: target.id,
        conversationId: 'conv-1',
        contactName: 'Hiroshi Sato',
        channelKind: 'whatsapp',
        snippet: `My ${SNIPPET_MARK_START}parcel${SNIPPET_MARK_END} never arrived`,
        at: target.createdAt,
      },
    ];
    const { user, container } = renderApp(api);
    await user.type(await screen.findByRole('searchbox', { name: 'Search messages' }), 'parcel');
    const results = await screen.findByRole('list', { name: 'Search results' });
    expect(within(results).getByText('parcel').tagName).toBe('MARK');
    await user.click(within(results).getByRole('button'));
    await waitFor(() =>
      expect(container.querySelector(`[data-message-id="${target.id}"] mark`)?.textContent).toBe('parcel'),
    );
    expect(container.querySelector(`[data-message-id="${target.id}"]`)?.getAttribute('aria-current')).toBe('true');
    expect(api.callsOf('search')).toEqual([[{ query: 'parcel', limit: 200 }]]);
  });

  it('keyboard: j/k move between conversations, a assigns, e resolves, / searches, ? shows help', async () => {
    const { api, row } = scenario();
    api.rows = [row, makeRow(makeConversation({ id: 'conv-2', lastMessageAt: Date.now() - 2 * HOUR }))];
    const { user, store } = renderApp(api);
    await screen.findByRole('list', { name: 'Conversations' });
    await user.keyboard('j');
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-1'));
    await user.keyboard('j');
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-2'));
    await user.keyboard('k');
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-1'));

    await user.keyboard('a');
    expect(await screen.findByRole('dialog', { name: 'Assign conversation' })).toBeTruthy();
    await user.keyboard('{Escape}');
    await user.keyboard('e');
    await waitFor(() => expect(api.callsOf('setStatus')).toEqual([['conv-1', 'resolved', null]]));

    await user.keyboard('/');
    expect(document.activeElement).toBe(screen.getByRole('searchbox'));
    await user.keyboard('{Escape}');
    await user.keyboard('?');
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
  });

  it('offline, the banner says so with the last sync time and the replies waiting in the outbox', async () => {
    const { api } = scenario();
    api.connection = {
      status: 'offline',
      lastSyncedAt: Date.UTC(2025, 0, 15, 3, 4),
      progress: null,
      outboxCount: 2,
      error: { code: 'HUB_UNREACHABLE', message: 'x' },
    };
    renderApp(api);
    const banner = await screen.findByRole('status');
    expect(banner.textContent).toContain('Offline — you can read and search; replies wait in the outbox.');
    expect(banner.textContent).toContain('Synced up to Jan 15, 2025');
    expect(banner.textContent).toContain('Replies waiting to send: 2');

    api.emit({
      type: 'connection',
      state: {
        status: 'connecting',
        lastSyncedAt: 1,
        progress: { applied: 40, total: 100 },
        outboxCount: 2,
        error: null,
      },
    });
    expect(await screen.findByText('Catching up: 40 of 100')).toBeTruthy();
    api.emit({
      type: 'connection',
      state: { status: 'online', lastSyncedAt: 2, progress: null, outboxCount: 0, error: null },
    });
    await waitFor(() => expect(screen.queryByText(/Catching up/)).toBeNull());
  });

  it('a new customer message shows a notification that opens the conversation, and the unread badge counts it', async () => {
    const { api } = scenario();
    const { user, store } = renderApp(api);
    await screen.findByRole('list', { name: 'Conversations' });
    api.emit({ type: 'unread', total: 4 });
    api.emit({
      type: 'notification',
      conversationId: 'conv-1',
      title: 'Hiroshi Sato',
      body: 'Hello?',
      channelKind: 'whatsapp',
      silent: false,
    });
    expect((await screen.findByTestId('unread-total')).textContent).toBe('4');
    await waitFor(() => expect(document.title).toBe('(4) Switchboard'));
    await user.click(await screen.findByRole('button', { name: /Hiroshi Sato Hello\?/ }));
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe('conv-1'));
  });

  it('the app follows the OS language, and the agent can switch language and theme', async () => {
    const { api } = scenario();
    const { user } = renderApp(api, { locale: 'ja-JP' });
    expect(await screen.findByRole('tab', { name: '自分の担当' })).toBeTruthy();
    await user.click(screen.getByTitle('設定'));
    await user.selectOptions(screen.getByLabelText('言語'), 'en');
    expect(await screen.findByRole('tab', { name: 'Mine' })).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('Theme'), 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(document.documentElement.lang).toBe('en');
  });
});
