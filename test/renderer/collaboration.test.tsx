import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { ConversationPane } from '../../src/renderer/src/features/conversation/conversation-pane.js';
import { InboxPane } from '../../src/renderer/src/features/inbox/inbox-pane.js';
import { TYPING_IDLE_MS, TYPING_SHOWN_MS } from '../../src/renderer/src/stores/typing-slice.js';
import { HOUR, makeConversation, makeRow } from './factories.js';
import { makeStore, renderApp, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function renderConversation(s: Scenario, locale = 'en-US') {
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  store.getState().selectConversation(s.row.conversation.id);
  const rendered = renderWithStore(<ConversationPane />, s.api, store);
  await screen.findByRole('group', { name: locale.startsWith('ja') ? 'ラベル' : 'Labels' });
  return rendered;
}

const labelsSent = (s: Scenario) => s.api.callsOf('setLabels').map(([, labels]) => labels);

describe('labels', () => {
  it('the agent adds a label with Enter, removes one with its button and the last with Backspace', async () => {
    const s = scenario();
    const { user } = await renderConversation(s);
    const box = screen.getByRole('textbox', { name: 'Add label' });
    await user.type(box, 'vip{Enter}');
    expect(await screen.findByRole('button', { name: 'Remove label vip' })).toBeTruthy();
    await user.type(box, '返品{Enter}');
    await screen.findByRole('button', { name: 'Remove label 返品' });
    expect(box).toHaveProperty('value', '');
    await user.click(screen.getByRole('button', { name: 'Remove label vip' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove label vip' })).toBeNull());
    await user.type(box, '{Backspace}');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove label 返品' })).toBeNull());
    expect(labelsSent(s)).toEqual([['vip'], ['vip', '返品'], ['返品'], []]);
  });

  it('offline, adding a label is refused with the reason and nothing changes', async () => {
    const s = scenario();
    s.api.offline = true;
    const { user, store } = await renderConversation(s);
    await user.type(screen.getByRole('textbox', { name: 'Add label' }), 'vip{Enter}');
    await waitFor(() => expect(store.getState().toasts).toMatchObject([{ kind: 'error', code: 'OFFLINE' }]));
    expect(screen.queryByRole('button', { name: 'Remove label vip' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Add label' })).toHaveProperty('value', 'vip');
  });

  it('the label filter in the inbox shows only the conversations carrying that label', async () => {
    const { api } = scenario();
    api.rows = [
      makeRow(makeConversation({ id: 'conv-1', labels: ['vip'], lastMessagePreview: 'VIP question' })),
      makeRow(makeConversation({ id: 'conv-2', labels: [], lastMessagePreview: 'plain question' })),
    ];
    const { user } = renderApp(api);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    await within(list).findByText('plain question');
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'vip');
    await waitFor(() => expect(within(list).queryByText('plain question')).toBeNull());
    expect(within(list).getByText('VIP question')).toBeTruthy();
    expect(api.callsOf('listConversations').at(-1)?.[0]).toMatchObject({ label: 'vip' });
    expect(screen.getByText('Conversations: 1')).toBeTruthy();
  });
});

describe('snoozed conversations', () => {
  it('stay out of the other views, are listed under Snoozed with the time they wake', async () => {
    const { api } = scenario();
    const until = Date.now() + 3 * HOUR;
    api.rows = [
      makeRow(makeConversation({ id: 'conv-1', lastMessagePreview: 'awake' })),
      makeRow(makeConversation({ id: 'conv-2', status: 'pending', snoozedUntil: until, lastMessagePreview: 'later' })),
    ];
    const store = makeStore(api);
    await store.getState().loadSession();
    const { user } = renderWithStore(<InboxPane />, api, store);
    const list = await screen.findByRole('list', { name: 'Conversations' });
    await within(list).findByText('awake');
    expect(within(list).queryByText('later')).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Snoozed' }));
    const row = (await within(list).findByText('later')).closest('button');
    if (!row) throw new Error('no row');
    expect(within(row).getByText(/^Snoozed until /)).toBeTruthy();
    expect(within(list).queryByText('awake')).toBeNull();
    expect(api.callsOf('listConversations').at(-1)?.[0]).toMatchObject({ view: 'snoozed' });
  });

  it('come back into the inbox when the main process says they woke', async () => {
    const { api } = scenario();
    let now = Date.now();
    api.now = () => now;
    api.rows = [
      makeRow(
        makeConversation({ id: 'conv-2', status: 'pending', snoozedUntil: now + 1000, lastMessagePreview: 'later' }),
      ),
    ];
    renderApp(api);
    expect(await screen.findByText('No conversations here.')).toBeTruthy();
    now += 2000;
    act(() => api.emit({ type: 'conversations', ids: ['conv-2'] }));
    const list = await screen.findByRole('list', { name: 'Conversations' });
    expect(await within(list).findByText('later')).toBeTruthy();
  });
});

describe('typing', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows who else is typing in the open conversation, and clears it when they stop', async () => {
    const s = scenario();
    await renderConversation(s);
    const typing = { type: 'typing', conversationId: 'conv-1', agentId: 'agent-2', agentName: 'Hanako' } as const;
    act(() => s.api.emit({ ...typing, isTyping: true }));
    expect(await screen.findByText('Hanako is typing…')).toBeTruthy();
    act(() => s.api.emit({ ...typing, conversationId: 'conv-9', agentName: 'Ben', isTyping: true }));
    expect(screen.queryByText('Ben is typing…')).toBeNull();
    act(() => s.api.emit({ ...typing, isTyping: false }));
    await waitFor(() => expect(screen.queryByText('Hanako is typing…')).toBeNull());
  });

  it('says it in Japanese with さん', async () => {
    const s = scenario();
    await renderConversation(s, 'ja-JP');
    act(() =>
      s.api.emit({ type: 'typing', conversationId: 'conv-1', agentId: 'agent-2', agentName: '佐藤', isTyping: true }),
    );
    expect(await screen.findByText('佐藤さんが入力中…')).toBeTruthy();
  });

  it('tells the others when I start typing and when I send', async () => {
    const s = scenario();
    const { user } = await renderConversation(s);
    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'On its way');
    expect(s.api.callsOf('setTyping')).toEqual([['conv-1', true]]);
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(s.api.callsOf('setTyping')).toEqual([
        ['conv-1', true],
        ['conv-1', false],
      ]),
    );
  });

  it('forgets a typing agent whose stop never arrived, after a few seconds without news', () => {
    vi.useFakeTimers();
    const store = makeStore(scenario().api);
    const notice = { conversationId: 'conv-1', agentId: 'agent-2', agentName: 'Hanako', isTyping: true };
    store.getState().applyTyping(notice);
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000);
    store.getState().applyTyping(notice);
    vi.advanceTimersByTime(TYPING_SHOWN_MS - 1);
    expect(store.getState().typingAgents['conv-1']).toEqual([{ agentId: 'agent-2', agentName: 'Hanako' }]);
    vi.advanceTimersByTime(1);
    expect(store.getState().typingAgents['conv-1']).toBeUndefined();
  });

  it('tells the others I stopped after a few idle seconds', async () => {
    vi.useFakeTimers();
    const s = scenario();
    const store = makeStore(s.api);
    store.getState().noteTyping('conv-1');
    store.getState().noteTyping('conv-1');
    expect(s.api.callsOf('setTyping')).toEqual([['conv-1', true]]);
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    expect(s.api.callsOf('setTyping')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(s.api.callsOf('setTyping')).toEqual([
      ['conv-1', true],
      ['conv-1', false],
    ]);
  });
});

describe('notification sound', () => {
  it('the settings dialog mutes and unmutes the sound, in English and Japanese', async () => {
    const { api } = scenario();
    const { user } = renderApp(api, { locale: 'ja-JP' });
    await screen.findByRole('list', { name: '会話一覧' });
    await user.click(screen.getByTitle('設定'));
    const sound = await screen.findByRole('switch', { name: '通知音' });
    expect(sound).toHaveProperty('checked', true);
    await user.click(sound);
    await waitFor(() => expect(api.preferences).toEqual({ notificationSound: false }));
    expect(sound).toHaveProperty('checked', false);
    await user.selectOptions(screen.getByLabelText('言語'), 'en');
    const english = await screen.findByRole('switch', { name: 'Notification sound' });
    await user.click(english);
    await waitFor(() => expect(api.preferences).toEqual({ notificationSound: true }));
  });
});
