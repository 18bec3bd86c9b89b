/** Conversation activity on both stores: paged by id within the viewer's channels, a thread's history by time. */
import { expect, it } from 'vitest';
import type { Activity } from '../../../src/shared/activity.js';
import { describeStores } from './stores.js';
import { T0 } from './fixtures.js';

function activity(id: string, conversationId: string, channelId: string, at: number): Activity {
  return {
    id,
    conversationId,
    channelId,
    actor: { kind: 'agent', agentId: 'agent-ann' },
    change: { kind: 'status', from: 'open', to: 'resolved' },
    at,
  };
}

describeStores('activity', ({ open }) => {
  it("pages the activity of the viewer's channels by id", async () => {
    const store = await open();
    const rows = [
      activity('act-1', 'conv-a', 'channel-a', T0),
      activity('act-2', 'conv-b', 'channel-b', T0),
      activity('act-3', 'conv-a', 'channel-a', T0),
      activity('act-4', 'conv-a', 'channel-a', T0),
    ];
    for (const row of [...rows].reverse()) await store.activity.insert(row);
    expect(await store.activity.listAfter('', 2, ['channel-a'])).toEqual([rows[0], rows[2]]);
    expect(await store.activity.listAfter('act-3', 2, ['channel-a'])).toEqual([rows[3]]);
    expect(await store.activity.listAfter('', 10, [])).toEqual([]);
    expect(await store.activity.listAfter('act-1', 10, null)).toEqual(rows.slice(1));
    expect(await store.activity.count(['channel-b'])).toBe(1);
    expect(await store.activity.count(null)).toBe(4);
    expect(await store.activity.count([])).toBe(0);
  });

  it("gives one conversation's activity oldest first", async () => {
    const store = await open();
    const later = activity('act-1', 'conv-a', 'channel-a', T0 + 10);
    const tieB = activity('act-3', 'conv-a', 'channel-a', T0);
    const tieA = activity('act-2', 'conv-a', 'channel-a', T0);
    await store.activity.insert(later);
    await store.activity.insert(tieB);
    await store.activity.insert(tieA);
    await store.activity.insert(activity('act-9', 'conv-b', 'channel-a', T0));
    expect(await store.activity.listOfConversation('conv-a')).toEqual([tieA, tieB, later]);
    expect(await store.activity.listOfConversation('conv-none')).toEqual([]);
  });
});
