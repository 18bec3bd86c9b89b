import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/react';
import { API_METHOD_NAMES } from '../../src/shared/api-methods.js';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, clientMethods, type IpcClientApi } from '../../src/shared/api.js';
import { connectStoreToEvents } from '../../src/renderer/src/stores/app-store.js';
import { errorCodeOf } from '../../src/renderer/src/stores/error-code.js';
import { ApiCallError, unwrapApi } from '../../src/renderer/src/stores/unwrap-api.js';
import { mergeNewestPage, prependOlderPage } from '../../src/renderer/src/stores/message-merge.js';
import { matchedTerms } from '../../src/renderer/src/stores/search-slice.js';
import { FakeClientApi } from './fake-client-api.js';
import { HOUR, makeConversation, makeMessage, makeRow } from './factories.js';
import { makeStore } from './render-app.js';
import { scenario } from './scenario.js';

async function signedInStore(api: FakeClientApi) {
  const store = makeStore(api);
  connectStoreToEvents(store, api);
  await store.getState().loadSession();
  await waitFor(() => expect(store.getState().inboxLoaded).toBe(true));
  return store;
}

describe('renderer stores', () => {
  it('signing in remembers the hub address for next time and loads the inbox', async () => {
    const { api } = scenario({ signedIn: false });
    const storage: Record<string, string> = {};
    const store = makeStore(api, { storage });
    await store.getState().loadSession();
    expect(store.getState().sessionStatus).toBe('signed-out');

    const ok = await store
      .getState()
      .signIn({ hubUrl: 'http://127.0.0.1:4000', email: 'a@example.com', password: 'pw' });
    expect(ok).toBe(true);
    await waitFor(() => expect(store.getState().total).toBe(1));
    expect(store.getState().sessionStatus).toBe('signed-in');
    expect(store.getState().rememberedHubUrl).toBe('http://127.0.0.1:4000');
    expect(
      makeStore(api, { storage: { 'switchboard.hubUrl': 'http://127.0.0.1:4000' } }).getState().rememberedHubUrl,
    ).toBe('http://127.0.0.1:4000');
  });

  it('a refused sign-in keeps the agent on the sign-in screen with the reason code', async () => {
    const { api } = scenario({ signedIn: false });
    api.signInError = 'INVALID_CREDENTIALS';
    const store = makeStore(api);
    await store.getState().loadSession();
    const ok = await store
      .getState()
      .signIn({ hubUrl: 'http://127.0.0.1:4000', email: 'a@example.com', password: 'no' });
    expect(ok).toBe(false);
    expect(store.getState().signInErrorCode).toBe('INVALID_CREDENTIALS');
    expect(store.getState().sessionStatus).toBe('signed-out');
  });

  it('the inbox fetches only the pages of rows that are on screen', async () => {
    const api = new FakeClientApi();
    api.session = { hubUrl: 'http://127.0.0.1:4000', agent: api.me };
    api.virtualInbox = {
      total: 100_000,
      make: (i) => makeRow(makeConversation({ id: `conv-${i}`, lastMessageAt: 1_000_000 - i })),
    };
    const store = await signedInStore(api);
    expect(store.getState().total).toBe(100_000);
    expect(api.callsOf('listConversations')).toHaveLength(1);

    await store.getState().ensureRows(60_010, 60_030);
    const offsets = api.callsOf('listConversations').map(([q]) => (q as { offset: number }).offset);
    expect(offsets).toEqual([0, 60_000]);
    expect(store.getState().rowsByIndex[60_020]?.conversation.id).toBe('conv-60020');
    // The first page is far from the screen now, so only the page on screen is kept.
    expect(Object.keys(store.getState().rowsByIndex)).toHaveLength(50);
  });

  it('scrolling through 100,000 conversations keeps only the rows near the screen', async () => {
    const api = new FakeClientApi();
    api.session = { hubUrl: 'http://127.0.0.1:4000', agent: api.me };
    api.virtualInbox = { total: 100_000, make: (i) => makeRow(makeConversation({ id: `conv-${i}` })) };
    const store = await signedInStore(api);
    for (let start = 0; start < 100_000; start += 2_500) await store.getState().ensureRows(start, start + 12);
    const kept = Object.keys(store.getState().rowsByIndex).map(Number);
    expect(kept.length).toBeLessThanOrEqual(10 * 50);
    expect(store.getState().rowsByIndex[97_505]?.conversation.id).toBe('conv-97505');

    const before = api.callsOf('listConversations').length;
    await store.getState().ensureRows(0, 12);
    expect(api.callsOf('listConversations').length).toBe(before + 1);
    expect(store.getState().rowsByIndex[3]?.conversation.id).toBe('conv-3');
  });

  it('changing a filter starts the list over with only matching conversations', async () => {
    const { api, row } = scenario();
    const other = makeRow(makeConversation({ id: 'conv-2', assigneeId: null, status: 'pending' }));
    api.rows = [row, other];
    const store = await signedInStore(api);
    expect(store.getState().total).toBe(2);

    await store.getState().setFilters({ view: 'unassigned' });
    expect(store.getState().total).toBe(1);
    expect(store.getState().rowsByIndex[0]?.conversation.id).toBe('conv-2');

    await store.getState().setFilters({ view: 'all', status: 'open' });
    expect(store.getState().rowsByIndex[0]?.conversation.id).toBe('conv-1');
    expect(store.getState().total).toBe(1);
  });

  it('j and k move to the next and previous conversation of the list', async () => {
    const { api, row } = scenario();
    const older = makeRow(makeConversation({ id: 'conv-2', lastMessageAt: Date.now() - 5 * HOUR }));
    api.rows = [row, older];
    const store = await signedInStore(api);
    store.getState().selectAdjacent(1);
    expect(store.getState().selectedId).toBe('conv-1');
    store.getState().selectAdjacent(1);
    expect(store.getState().selectedId).toBe('conv-2');
    store.getState().selectAdjacent(1);
    expect(store.getState().selectedId).toBe('conv-2');
    store.getState().selectAdjacent(-1);
    expect(store.getState().selectedId).toBe('conv-1');
  });

  it('opening a conversation marks it read and loads its newest messages', async () => {
    const messages = Array.from({ length: 120 }, () => makeMessage());
    const { api } = scenario({ messages });
    const store = await signedInStore(api);
    await store.getState().openConversation('conv-1', null);
    expect(store.getState().messages).toHaveLength(50);
    expect(store.getState().messages.at(-1)?.id).toBe(messages.at(-1)?.id);
    expect(store.getState().hasOlderMessages).toBe(true);
    await waitFor(() => expect(api.callsOf('markRead')).toEqual([['conv-1']]));

    await store.getState().loadOlderMessages();
    await store.getState().loadOlderMessages();
    expect(store.getState().messages).toHaveLength(120);
    expect(store.getState().messages[0]?.id).toBe(messages[0]?.id);
    expect(store.getState().hasOlderMessages).toBe(false);
  });

  it('a search hit opens its conversation at the message, paging back until it is loaded', async () => {
    const messages = Array.from({ length: 130 }, () => makeMessage());
    const target = messages[3];
    const { api } = scenario({ messages });
    const store = await signedInStore(api);
    const snippet = `… where is my ${SNIPPET_MARK_START}parcel${SNIPPET_MARK_END} …`;
    store.getState().openSearchHit({
      messageId: target?.id ?? null,
      conversationId: 'conv-1',
      contactName: 'Hiroshi Sato',
      channelKind: 'whatsapp',
      snippet,
      at: 0,
    });
    await waitFor(() => expect(store.getState().messages.some((m) => m.id === target?.id)).toBe(true));
    expect(store.getState().selectedId).toBe('conv-1');
    expect(store.getState().focus).toEqual({ messageId: target?.id, terms: ['parcel'] });
  });

  it('a pushed message appears in the open conversation and the older pages stay', async () => {
    const messages = Array.from({ length: 70 }, () => makeMessage());
    const { api } = scenario({ messages });
    const store = await signedInStore(api);
    await store.getState().openConversation('conv-1', null);
    await store.getState().loadOlderMessages();
    expect(store.getState().messages).toHaveLength(70);

    const fresh = makeMessage({ text: 'one more thing', createdAt: Date.now() });
    api.messages.set('conv-1', [...messages, fresh]);
    api.emit({ type: 'messages', conversationId: 'conv-1' });
    await waitFor(() => expect(store.getState().messages.at(-1)?.text).toBe('one more thing'));
    expect(store.getState().messages).toHaveLength(71);
  });

  it('connection, unread and notification pushes reach the banner, the badge and the toasts', async () => {
    const { api } = scenario();
    const store = makeStore(api);
    connectStoreToEvents(store, api);
    api.emit({
      type: 'connection',
      state: { status: 'offline', lastSyncedAt: 5, progress: null, outboxCount: 2, error: null },
    });
    api.emit({ type: 'unread', total: 7 });
    api.emit({
      type: 'notification',
      conversationId: 'conv-1',
      title: 'Hiroshi',
      body: 'Hello',
      channelKind: 'whatsapp',
      silent: false,
    });
    expect(store.getState().connection.outboxCount).toBe(2);
    expect(store.getState().unreadTotal).toBe(7);
    expect(store.getState().toasts).toMatchObject([{ kind: 'notification', title: 'Hiroshi', body: 'Hello' }]);
  });

  it('drafts are kept per conversation', async () => {
    const { api, row } = scenario();
    api.rows = [row, makeRow(makeConversation({ id: 'conv-2' }))];
    api.drafts.set('conv-2', 'half-written answer');
    const store = await signedInStore(api);
    await store.getState().openConversation('conv-1', null);
    store.getState().setComposerText('see you tomorrow');
    await store.getState().openConversation('conv-2', null);
    expect(store.getState().composerText).toBe('half-written answer');
    expect(api.drafts.get('conv-1')).toBe('see you tomorrow');
    await store.getState().openConversation('conv-1', null);
    expect(store.getState().composerText).toBe('see you tomorrow');
  });
});

describe('renderer helpers', () => {
  it('window.api’s results are unwrapped: a value is returned, a failure throws with its code as sent', async () => {
    const ipc: IpcClientApi = {
      ...clientMethods(API_METHOD_NAMES, () => async () => ({
        ok: false as const,
        error: { code: 'SESSION_WINDOW_CLOSED_NO_SEND', message: 'More than 48 hours have passed…' },
      })),
      getUnreadCount: async () => ({ ok: true, value: 7 }),
      onEvent: () => () => undefined,
    };
    const api = unwrapApi(ipc);
    await expect(api.getUnreadCount()).resolves.toBe(7);
    const error = await api.markRead('c1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiCallError);
    expect(errorCodeOf(error)).toBe('SESSION_WINDOW_CLOSED_NO_SEND');
  });

  it('an error without a known code reads as INTERNAL; a code is never fished out of a message', () => {
    expect(errorCodeOf({ code: 'OFFLINE' })).toBe('OFFLINE');
    expect(errorCodeOf({ code: 'NOT_A_CODE' })).toBe('INTERNAL');
    expect(errorCodeOf(new Error('{"code":"INVALID_CREDENTIALS"}'))).toBe('INTERNAL');
    expect(errorCodeOf('boom')).toBe('INTERNAL');
  });

  it('search snippets yield the matched words', () => {
    expect(
      matchedTerms(`a ${SNIPPET_MARK_START}配送${SNIPPET_MARK_END} b ${SNIPPET_MARK_START}遅れ${SNIPPET_MARK_END}`),
    ).toEqual(['配送', '遅れ']);
  });

  it('an outbox reply and the copy the hub made of it show once', () => {
    const queued = makeMessage({ id: 'c-1', clientId: 'c-1', direction: 'out', createdAt: 100 });
    const older = makeMessage({ createdAt: 50 });
    const sent = makeMessage({ id: 'hub-9', clientId: 'c-1', direction: 'out', createdAt: 100 });
    const merged = mergeNewestPage([older, queued], [sent], true);
    expect(merged.map((m) => m.id)).toEqual([older.id, 'hub-9']);
    expect(prependOlderPage([sent], [older, sent]).map((m) => m.id)).toEqual([older.id, 'hub-9']);
  });
});
