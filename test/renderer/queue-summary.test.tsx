/**
 * The inbox's queue figure (issue 14 §2) against the fake client API: "Queue 3 · oldest waiting 12 min"
 * in English, 「待機中 3件 · 最長 12分」 in Japanese, per channel when the channel filter is set and
 * the total otherwise, "No one waiting" when empty, a wait that moves on the minute tick, a batch that
 * names a queue re-read, the last known figure with its time offline, and a queued row's chip.
 */
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelQueue } from '../../src/shared/domain.js';
import { InboxRow } from '../../src/renderer/src/features/inbox/inbox-row.js';
import { InboxToolbar } from '../../src/renderer/src/features/inbox/inbox-toolbar.js';
import { expectAccessible } from './axe.js';
import { makeChannel, makeConversation, makeRow } from './factories.js';
import { makeStore, renderWithStore } from './render-app.js';
import { scenario } from './scenario.js';

const MINUTE = 60_000;

function queue(channelId: string, length: number, oldestAgoMs: number | null, updatedAt = Date.now()): ChannelQueue {
  return { channelId, length, oldestQueuedAt: oldestAgoMs === null ? null : Date.now() - oldestAgoMs, updatedAt };
}

/** The toolbar of a signed-in agent with two channels whose queues the cache holds. */
async function toolbar(queues: (channels: { wa: string; line: string }) => ChannelQueue[], locale = 'en-US') {
  const s = scenario();
  const line = makeChannel({ kind: 'line', id: 'ch-line', name: 'LINE 公式' });
  s.api.channels = [s.channel, line];
  s.api.queues = queues({ wa: s.channel.id, line: line.id });
  const store = makeStore(s.api, { locale });
  await store.getState().loadSession();
  const rendered = renderWithStore(<InboxToolbar />, s.api, store);
  return { ...rendered, wa: s.channel, line };
}

const summary = (container: HTMLElement) => container.querySelector('.queue-summary')?.textContent ?? null;

afterEach(() => {
  vi.useRealTimers();
});

describe('the queue summary', () => {
  it('shows the total of all channels and the oldest wait, then one channel’s when the filter picks it', async () => {
    const { container, user, wa } = await toolbar(({ wa, line }) => [
      queue(wa, 2, 12 * MINUTE + 5000),
      queue(line, 1, 3 * MINUTE),
    ]);
    expect(await screen.findByText('Queue 3 · oldest waiting 12 min')).toBeTruthy();
    await expectAccessible(container);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), 'LINE 公式');
    expect(await screen.findByText('Queue 1 · oldest waiting 3 min')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Channel' }), wa.name);
    expect(await screen.findByText('Queue 2 · oldest waiting 12 min')).toBeTruthy();
  });

  it('says no one is waiting when every queue is empty, in Japanese the count and wait in its words', async () => {
    const empty = await toolbar(({ wa, line }) => [queue(wa, 0, null), queue(line, 0, null)]);
    expect(await screen.findByText('No one waiting')).toBeTruthy();
    empty.unmount();

    const { container } = await toolbar(({ wa }) => [queue(wa, 3, 75 * MINUTE)], 'ja-JP');
    expect(await screen.findByText('待機中 3件 · 最長 1時間15分')).toBeTruthy();
    await expectAccessible(container);
  });

  it('moves the oldest wait on with the clock, minute by minute, without new data', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { container, api } = await toolbar(({ wa }) => [queue(wa, 1, 12 * MINUTE)]);
    await waitFor(() => expect(summary(container)).toBe('Queue 1 · oldest waiting 12 min'));
    const reads = api.callsOf('listQueues').length;
    act(() => void vi.advanceTimersByTime(MINUTE));
    expect(summary(container)).toBe('Queue 1 · oldest waiting 13 min');
    act(() => void vi.advanceTimersByTime(MINUTE));
    expect(summary(container)).toBe('Queue 1 · oldest waiting 14 min');
    // The clock alone: the cache was not asked again.
    expect(api.callsOf('listQueues')).toHaveLength(reads);
  });

  it('reads the queues again when a batch names one, and not for a batch that does not', async () => {
    const { container, api, wa } = await toolbar(({ wa }) => [queue(wa, 1, 2 * MINUTE)]);
    await waitFor(() => expect(summary(container)).toBe('Queue 1 · oldest waiting 2 min'));
    const reads = api.callsOf('listQueues').length;
    const base = { type: 'changes' as const, all: false, messages: [], contactIds: [], templateChannelIds: [] };
    act(() => api.emit({ ...base, conversationIds: ['conv-x'] }));
    expect(api.callsOf('listQueues')).toHaveLength(reads);

    api.queues = [queue(wa.id, 0, null)];
    act(() => api.emit({ ...base, conversationIds: [], queueChannelIds: [wa.id] }));
    await waitFor(() => expect(summary(container)).toBe('No one waiting'));
  });

  it('offline, shows the last figure the hub sent with the time the cache last caught up', async () => {
    const s = scenario();
    const syncedAt = Date.now() - 20 * MINUTE;
    s.api.connection = { status: 'offline', lastSyncedAt: syncedAt, progress: null, outboxCount: 0, error: null };
    s.api.queues = [queue(s.channel.id, 4, 25 * MINUTE, syncedAt)];
    const store = makeStore(s.api);
    await store.getState().loadSession();
    const { container } = renderWithStore(<InboxToolbar />, s.api, store);
    const time = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit' }).format(new Date(syncedAt));
    await waitFor(() => expect(summary(container)).toBe(`Queue 4 · oldest waiting 25 min · as of ${time}`));
  });
});

describe('a queued conversation’s row', () => {
  it('says it waits in the queue and for how long; a conversation not queued says nothing of it', () => {
    const s = scenario();
    const now = Date.now();
    const queued = makeRow(makeConversation({ id: 'conv-q', assigneeId: null, queuedAt: now - 12 * MINUTE }));
    const other = makeRow(makeConversation({ id: 'conv-a', queuedAt: null }));
    const { container } = renderWithStore(
      <>
        <InboxRow row={queued} selected={false} now={now} onSelect={() => undefined} />
        <InboxRow row={other} selected={false} now={now} onSelect={() => undefined} />
      </>,
      s.api,
    );
    // Cut with an ellipsis on a narrow row, whole in its tooltip.
    expect(screen.getByText('In queue · 12 min').getAttribute('title')).toBe('In queue · 12 min');
    expect(container.querySelector('[data-conversation-id="conv-a"] .queue-chip')).toBeNull();
    expect(container.querySelectorAll('.queue-chip')).toHaveLength(1);
  });
});
