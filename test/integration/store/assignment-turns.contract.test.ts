/**
 * The round-robin position on both stores (store/ports/assignment-turns.ts): each channel's assignment
 * stamps only grow, even with a clock that stands still — and on Postgres, two hub nodes assigning on one
 * channel at once never get the same stamp (the same turn).
 */
import { afterEach, describe, expect, it, test } from 'vitest';
import { openPostgresStore } from '../../../src/hub/store/postgres/store.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores, postgresUrl } from './stores.js';
import { T0 } from './fixtures.js';

/** Keeps a transaction open a moment, so a concurrent assignment reaches the same row meanwhile. */
const hold = () => new Promise((resolve) => setTimeout(resolve, 20));

describeStores('assignment turns', ({ open }) => {
  test('a channel’s stamps grow past each other within one millisecond and follow the clock after', async () => {
    const store = await open();
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0);
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0 + 1);
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0 + 2);
    expect(await store.assignmentTurns.next('ch-1', T0 + 100)).toBe(T0 + 100);
    // Another channel keeps its own position.
    expect(await store.assignmentTurns.next('ch-2', T0 + 1)).toBe(T0 + 1);
    expect(await store.assignmentTurns.next('ch-1', T0 + 100)).toBe(T0 + 101);
  });

  test('a channel’s first stamp comes after every assignment already stored', async () => {
    const store = await open();
    await store.routing.save({
      conversationId: 'conv-1',
      channelId: 'ch-other',
      queuedAt: null,
      assignedAt: T0 + 50,
      awaitingSince: null,
      passCount: 0,
      passedAgentIds: [],
    });
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0 + 51);
  });

  test('a stamp taken in a transaction that rolls back is taken again', async () => {
    const store = await open();
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0);
    await expect(
      store.transaction(async () => {
        await store.assignmentTurns.next('ch-1', T0);
        throw new Error('assignment failed');
      }),
    ).rejects.toThrow('assignment failed');
    expect(await store.assignmentTurns.next('ch-1', T0)).toBe(T0 + 1);
  });
});

describe('assignment turns on Postgres with several nodes', () => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('gives two nodes assigning on one channel at once a different turn each time', async () => {
    const url = await postgresUrl();
    const a = await openPostgresStore({ url, poolSize: 6, applicationName: 'turns-node-a' });
    opened.push(a);
    const b = await openPostgresStore({ url, poolSize: 6, applicationName: 'turns-node-b' });
    opened.push(b);
    // Each an assigning transaction, the clock standing still; the channel's first ones race on its insert.
    const assign = (node: Store) =>
      node.transaction(async () => {
        const stamp = await node.assignmentTurns.next('ch-1', T0);
        await hold();
        return stamp;
      });
    const stamps = await Promise.all(Array.from({ length: 24 }, (_, i) => assign(i % 2 === 0 ? a : b)));
    expect([...stamps].sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, i) => T0 + i));
  });
});
