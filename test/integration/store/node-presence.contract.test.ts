/**
 * Presence and viewers per hub node on both stores (store/ports/node-presence.ts): a heartbeat says whether
 * the node was known, a node's rows count only while its heartbeat is recent, the stale ones are deleted with
 * their rows, and a clean stop removes a node's rows at once, leaving the other nodes' alone.
 */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { T0 } from './fixtures.js';

const TTL = 15_000;

describeStores('node presence', ({ open }) => {
  it('counts a node while its heartbeat is recent, with its presence and viewers', async () => {
    const store = await open();
    const repo = store.nodePresence;
    expect(await repo.beat('node-a', T0)).toBe(false);
    expect(await repo.beat('node-a', T0 + 5_000)).toBe(true);
    await repo.beat('node-b', T0 + 5_000);
    await repo.setPresence({ nodeId: 'node-a', agentId: 'aiko', presence: 'online', updatedAt: T0 + 1 });
    await repo.setPresence({ nodeId: 'node-a', agentId: 'aiko', presence: 'away', updatedAt: T0 + 2 });
    await repo.setPresence({ nodeId: 'node-b', agentId: 'aiko', presence: 'offline', updatedAt: T0 + 3 });
    await repo.setViewing('node-a', 'socket-1', { agentId: 'aiko', conversationId: 'conv-1', channelId: 'ch-1' });
    await repo.setViewing('node-a', 'socket-1', { agentId: 'aiko', conversationId: 'conv-2', channelId: 'ch-1' });
    await repo.setViewing('node-b', 'socket-2', { agentId: 'ben', conversationId: 'conv-1', channelId: 'ch-1' });
    await repo.setViewing('node-b', 'socket-2', null);

    const live = await repo.live(T0 + 5_000 - TTL);
    expect(live.nodeIds).toEqual(['node-a', 'node-b']);
    expect(live.presence).toEqual([
      { nodeId: 'node-a', agentId: 'aiko', presence: 'away', updatedAt: T0 + 2 },
      { nodeId: 'node-b', agentId: 'aiko', presence: 'offline', updatedAt: T0 + 3 },
    ]);
    expect(live.viewers).toEqual([
      { nodeId: 'node-a', socketId: 'socket-1', agentId: 'aiko', conversationId: 'conv-2', channelId: 'ch-1' },
    ]);
  });

  it("ignores, then deletes, a node whose heartbeat stopped; a clean stop removes only that node's rows", async () => {
    const store = await open();
    const repo = store.nodePresence;
    await repo.beat('node-a', T0);
    await repo.beat('node-b', T0);
    await repo.beat('node-c', T0);
    for (const nodeId of ['node-a', 'node-b', 'node-c']) {
      await repo.setPresence({ nodeId, agentId: 'aiko', presence: 'online', updatedAt: T0 });
      await repo.setViewing(nodeId, `socket-${nodeId}`, { agentId: 'aiko', conversationId: 'c', channelId: 'ch' });
    }
    // b beats on; a stops (it died).
    await repo.beat('node-b', T0 + TTL);
    await repo.beat('node-c', T0 + TTL);
    const live = await repo.live(T0 + TTL + 1 - TTL);
    expect(live.nodeIds).toEqual(['node-b', 'node-c']);
    expect(live.presence.map((p) => p.nodeId)).toEqual(['node-b', 'node-c']);
    expect(live.viewers.map((v) => v.nodeId)).toEqual(['node-b', 'node-c']);

    expect(await repo.removeStale(T0 + 1)).toEqual(['node-a']);
    expect(await repo.removeStale(T0 + 1)).toEqual([]);
    // a comes back (it was only slow): it is a new node to the store, its old rows are gone.
    expect(await repo.beat('node-a', T0 + TTL + 2)).toBe(false);
    let all = await repo.live(0);
    expect(all.presence.map((p) => p.nodeId)).toEqual(['node-b', 'node-c']);

    await repo.removeNode('node-c');
    all = await repo.live(0);
    expect(all.nodeIds).toEqual(['node-a', 'node-b']);
    expect(all.presence.map((p) => p.nodeId)).toEqual(['node-b']);
    expect(all.viewers.map((v) => v.nodeId)).toEqual(['node-b']);
  });
});
