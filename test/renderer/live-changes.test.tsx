/**
 * A burst of customer messages reaches the renderer as `changes` pushes (one
 * per applied batch): the inbox re-reads the rows on screen in one request,
 * coalescing pushes that arrive meanwhile, the open conversation's row comes
 * from that read, and a send re-reads the thread once, not twice.
 */
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { ClientEvent } from '../../src/shared/api.js';
import { makeContact, makeConversation, makeMessage, makeRow } from './factories.js';
import { renderApp } from './render-app.js';
import { scenario } from './scenario.js';

type Changes = Extract<ClientEvent, { type: 'changes' }>;

const CONVERSATIONS = 10;
const MESSAGES = 50;
/** Pushes the burst arrives in (the hub flushes at most every 10 ms). */
const PUSHES = 5;
const DATA_READS = ['listConversations', 'getConversation', 'listMessages'] as const;

function inbox(count: number) {
  const s = scenario();
  const now = Date.now();
  s.api.rows = Array.from({ length: count }, (_, i) => {
    const conversation = makeConversation({
      id: `conv-${i}`,
      contactId: `contact-${i}`,
      channelId: s.channel.id,
      lastMessageAt: now - 60_000 * (i + 1),
      lastMessagePreview: `earlier ${i}`,
    });
    return makeRow(conversation, { contact: makeContact({ id: `contact-${i}`, name: `Customer ${i}` }) });
  });
  for (const row of s.api.rows)
    s.api.messages.set(row.conversation.id, [makeMessage({ conversationId: row.conversation.id })]);
  return s;
}

function dataReads(calls: readonly { method: string }[]): number {
  return calls.filter((c) => (DATA_READS as readonly string[]).includes(c.method)).length;
}

describe('live changes in the renderer', () => {
  it('a burst of 50 messages over 10 conversations costs at most one read per changed row on screen', async () => {
    const s = inbox(CONVERSATIONS);
    const { api } = s;
    renderApp(api);
    const list = await screen.findByRole('list', { name: /conversations/i });
    await within(list).findByText('earlier 9');
    await waitFor(() => expect(api.callsOf('listConversations').length).toBeGreaterThan(0));
    const before = api.calls.length;

    const at = Date.now();
    act(() => {
      for (let push = 0; push < PUSHES; push += 1) {
        const change: Changes = {
          type: 'changes',
          all: false,
          conversationIds: [],
          messages: [],
          contactIds: [],
          templateChannelIds: [],
        };
        for (let n = push * (MESSAGES / PUSHES); n < (push + 1) * (MESSAGES / PUSHES); n += 1) {
          const row = api.rows[n % CONVERSATIONS];
          if (!row) continue;
          const id = `m-${n}`;
          row.conversation = { ...row.conversation, lastMessageAt: at + n, lastMessagePreview: `burst ${n}` };
          change.conversationIds.push(row.conversation.id);
          change.messages.push({ conversationId: row.conversation.id, messageIds: [id] });
        }
        api.emit(change);
      }
    });

    for (let i = 0; i < CONVERSATIONS; i += 1) await within(list).findByText(`burst ${MESSAGES - CONVERSATIONS + i}`);
    const reads = api.calls.slice(before);
    expect(dataReads(reads)).toBeLessThanOrEqual(CONVERSATIONS);
    // Coalesced: one read for the first push, one more for all that came while it ran.
    expect(reads.filter((c) => c.method === 'listConversations').length).toBeLessThanOrEqual(2);
    // Never the whole list from scratch: the old rows stayed until the new ones arrived.
    expect(screen.queryByText(/loading/i)).toBeNull();
  });

  it('the open conversation takes its row from the inbox read; its thread is read again once per burst', async () => {
    const s = inbox(3);
    const { api } = s;
    const { store } = renderApp(api);
    await screen.findByText('earlier 2');
    const open = api.rows[0]!;
    store.getState().selectConversation(open.conversation.id);
    await waitFor(() => expect(store.getState().detail?.row.conversation.id).toBe(open.conversation.id));
    await waitFor(() => expect(api.callsOf('listMessages').length).toBeGreaterThan(0));
    const before = api.calls.length;

    act(() => {
      for (let n = 0; n < 4; n += 1) {
        const id = `m-open-${n}`;
        api.messages.set(open.conversation.id, [
          ...(api.messages.get(open.conversation.id) ?? []),
          makeMessage({ id, conversationId: open.conversation.id, text: `open burst ${n}` }),
        ]);
        open.conversation = {
          ...open.conversation,
          lastMessagePreview: `open burst ${n}`,
          lastMessageAt: Date.now() + n,
        };
        api.emit({
          type: 'changes',
          all: false,
          conversationIds: [open.conversation.id],
          messages: [{ conversationId: open.conversation.id, messageIds: [id] }],
          contactIds: [],
          templateChannelIds: [],
        });
      }
    });

    await waitFor(() => expect(store.getState().messages.map((m) => m.text)).toContain('open burst 3'));
    await waitFor(() => expect(store.getState().detail?.row.conversation.lastMessagePreview).toBe('open burst 3'));
    const reads = api.calls.slice(before);
    expect(reads.filter((c) => c.method === 'listMessages').length).toBeLessThanOrEqual(2);
    expect(reads.filter((c) => c.method === 'getConversation')).toEqual([]);
  });

  it('after a send the thread is read again once: the main process’s change, not the composer too', async () => {
    const s = inbox(1);
    const { api } = s;
    const { store } = renderApp(api);
    await screen.findByText('earlier 0');
    const id = api.rows[0]!.conversation.id;
    store.getState().selectConversation(id);
    await waitFor(() => expect(api.callsOf('listMessages').length).toBeGreaterThan(0));
    await waitFor(() => expect(api.callsOf('markRead').length).toBeGreaterThan(0));
    const before = api.calls.length;

    store.getState().setComposerText('On its way');
    await act(async () => {
      expect(await store.getState().sendComposer()).toBe(true);
    });
    // The queued reply shows from sendMessage's answer.
    expect(store.getState().messages.map((m) => m.text)).toContain('On its way');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.calls.slice(before).filter((c) => c.method === 'listMessages').length).toBeLessThanOrEqual(1);
  });
});
