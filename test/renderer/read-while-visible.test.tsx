/**
 * The open thread reads what the agent can see: a customer message arriving at
 * the bottom with the window focused is marked read at once; scrolled up, a
 * "New messages ↓" button waits; with the window away nothing is read until
 * the agent comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { MessageList } from '../../src/renderer/src/features/conversation/message-list.js';
import { makeMessage } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario, type Scenario } from './scenario.js';

async function openThread(locale = 'en-US') {
  const s = scenario({ messages: [makeMessage({ text: 'Where is my parcel?' }), makeMessage({ text: 'Order 1042' })] });
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  await store.getState().openConversation(s.row.conversation.id, null);
  const rendered = renderWithStore(<MessageList />, s.api, store);
  await screen.findByText('Order 1042');
  // The read marker of opening it.
  await waitFor(() => expect(s.api.callsOf('markRead')).toHaveLength(1));
  return { s, ...rendered };
}

/** The customer writes again: the main process stores it and tells the renderer. */
async function customerWrites(s: Scenario, text: string): Promise<void> {
  const id = s.row.conversation.id;
  s.api.messages.set(id, [...(s.api.messages.get(id) ?? []), makeMessage({ text })]);
  act(() => s.api.emit({ type: 'messages', conversationId: id }));
  await screen.findByText(text);
}

/** Scrolls the thread `fromBottom` pixels above its end. */
function scrollThread(log: HTMLElement, fromBottom: number): void {
  Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 2000 });
  Object.defineProperty(log, 'clientHeight', { configurable: true, value: 400 });
  log.scrollTop = 2000 - 400 - fromBottom;
  fireEvent.scroll(log);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a visible conversation is read while it is visible', () => {
  it('at the bottom with the window focused, a new customer message is read at once and no marker shows', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const { s } = await openThread();
    await customerWrites(s, 'Any news?');
    await waitFor(() => expect(s.api.callsOf('markRead')).toEqual([['conv-1'], ['conv-1']]));
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
  });

  it('scrolled up, "New messages ↓" shows instead, and jumping down reads them', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const { s, user } = await openThread();
    scrollThread(screen.getByRole('log', { name: 'Messages' }), 800);
    await customerWrites(s, 'Hello? Anyone there?');
    const marker = await screen.findByRole('button', { name: 'New messages ↓' });
    expect(s.api.callsOf('markRead')).toHaveLength(1);

    await user.click(marker);
    await waitFor(() => expect(s.api.callsOf('markRead')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
  });

  it('scrolling back down by hand also reads them and hides the marker', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const { s } = await openThread();
    const log = screen.getByRole('log', { name: 'Messages' });
    scrollThread(log, 800);
    await customerWrites(s, 'Still waiting');
    await screen.findByRole('button', { name: 'New messages ↓' });
    scrollThread(log, 0);
    await waitFor(() => expect(s.api.callsOf('markRead')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
  });

  it('an own reply arriving while scrolled up shows no marker', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const { s } = await openThread();
    scrollThread(screen.getByRole('log', { name: 'Messages' }), 800);
    const id = s.row.conversation.id;
    s.api.messages.set(id, [...(s.api.messages.get(id) ?? []), makeMessage({ direction: 'out', text: 'On its way' })]);
    act(() => s.api.emit({ type: 'messages', conversationId: id }));
    await screen.findByText('On its way');
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).toBeNull();
  });

  it('with the window away the message stays unread until the agent comes back', async () => {
    const focused = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const { s } = await openThread();
    await customerWrites(s, 'Are you open tomorrow?');
    expect(s.api.callsOf('markRead')).toHaveLength(1);

    focused.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(s.api.callsOf('markRead')).toHaveLength(2));
  });

  it('says 新着メッセージ ↓ in Japanese', async () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const { s } = await openThread('ja-JP');
    scrollThread(screen.getByRole('log'), 800);
    await customerWrites(s, '明日は営業していますか？');
    expect(await screen.findByRole('button', { name: '新着メッセージ ↓' })).toBeTruthy();
  });
});
