/**
 * The event log clients sync from, on both stores: seqs only grow and leave no gap, each viewer reads only
 * what it may see, compaction keeps the newest event and raises the floor. On Postgres, two hub nodes
 * writing at once still give a syncing client every event in seq order (the counter row, docs/scaling.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import type { Store } from '../../../src/hub/store/store.js';
import { openPostgres } from '../../../src/hub/store/postgres/db.js';
import { PostgresEventRepository } from '../../../src/hub/store/postgres/events.js';
import { LOG_ROTATE_KEY } from '../../../src/hub/store/sqlite/events.js';
import { openPostgresStore } from '../../../src/hub/store/postgres/store.js';
import { describeStores, postgresUrl } from './stores.js';
import { T0 } from './fixtures.js';

type Visibility = { readonly channelId: string | null; readonly agentId: string | null };

const EVERYONE: Visibility = { channelId: null, agentId: null };
const ADMIN = { agentId: 'agent-admin', scope: null } as const;

/** A small event body that names no channel or agent of its own (so the visibility is the row's). */
function removed(contactId: string): HubEventBody {
  return { type: 'contact.remove', contactId, conversationIds: [] };
}

function entry(contactId: string, visibility: Visibility = EVERYONE, at = T0) {
  return { body: removed(contactId), visibility, at };
}

const contactIds = (events: readonly HubEventBody[]) =>
  events.map((e) => (e.type === 'contact.remove' ? e.contactId : e.type));

describeStores('event log', ({ open }) => {
  it('gives appended events consecutive seqs after the latest one, read back oldest first', async () => {
    const store = await open();
    expect(await store.events.latestSeq()).toBe(0);
    const first = await store.events.appendMany([entry('c1'), entry('c2')]);
    const second = await store.events.appendMany([entry('c3', EVERYONE, T0 + 5)]);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    expect(second).toEqual([
      {
        seq: 3,
        at: T0 + 5,
        channelId: null,
        agentId: null,
        type: 'contact.remove',
        contactId: 'c3',
        conversationIds: [],
      },
    ]);
    expect(await store.events.latestSeq()).toBe(3);
    const read = await store.events.listAfter(0, 10, ADMIN);
    expect(read).toEqual([...first, ...second]);
    expect(contactIds(await store.events.listAfter(1, 10, ADMIN))).toEqual(['c2', 'c3']);
    expect(await store.events.appendMany([])).toEqual([]);
    expect(await store.events.latestSeq()).toBe(3);
  });

  it('shows private events to their agent only and channel events to agents of that channel', async () => {
    const store = await open();
    await store.events.appendMany([
      entry('everyone'),
      entry('on-a', { channelId: 'channel-a', agentId: null }),
      entry('on-b', { channelId: 'channel-b', agentId: null }),
      entry('for-ann', { channelId: null, agentId: 'ann' }),
      entry('for-bob', { channelId: null, agentId: 'bob' }),
    ]);
    expect(contactIds(await store.events.listAfter(0, 10, { agentId: 'ann', scope: ['channel-a'] }))).toEqual([
      'everyone',
      'on-a',
      'for-ann',
    ]);
    expect(contactIds(await store.events.listAfter(0, 10, { agentId: 'bob', scope: [] }))).toEqual([
      'everyone',
      'for-bob',
    ]);
    expect(contactIds(await store.events.listAfter(0, 10, { agentId: 'admin', scope: null }))).toEqual([
      'everyone',
      'on-a',
      'on-b',
    ]);
  });

  it('fills a page past the events a viewer may not see', async () => {
    const store = await open();
    const elsewhere = { channelId: 'channel-other', agentId: null };
    await store.events.appendMany([
      entry('x1', elsewhere),
      entry('mine-1', { channelId: 'channel-mine', agentId: null }),
      ...Array.from({ length: 120 }, (_, i) => entry(`x${i + 2}`, elsewhere)),
      entry('mine-2', { channelId: 'channel-mine', agentId: null }),
      entry('mine-3', { channelId: 'channel-mine', agentId: null }),
    ]);
    const viewer = { agentId: 'ann', scope: ['channel-mine'] };
    const page = await store.events.listAfter(0, 2, viewer);
    expect(contactIds(page)).toEqual(['mine-1', 'mine-2']);
    expect(page.map((e) => e.seq)).toEqual([2, 123]);
    expect(contactIds(await store.events.listAfter(123, 2, viewer))).toEqual(['mine-3']);
  });

  it('leaves no seq behind when the write that appended fails', async () => {
    const store = await open();
    await store.events.appendMany([entry('kept')]);
    await expect(
      store.transaction(async () => {
        await store.events.appendMany([entry('undone-1'), entry('undone-2')]);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(await store.events.latestSeq()).toBe(1);
    const [next] = await store.events.appendMany([entry('next')]);
    expect(next?.seq).toBe(2);
    expect(contactIds(await store.events.listAfter(0, 10, ADMIN))).toEqual(['kept', 'next']);
  });

  it('compacts up to a seq but keeps the newest event, raises the floor, and never reuses a seq', async () => {
    const store = await open();
    await store.events.appendMany([entry('c1'), entry('c2'), entry('c3'), entry('c4')]);
    expect(await store.events.floorSeq()).toBe(0);
    expect(await store.events.compact(2)).toBe(2);
    expect(await store.events.floorSeq()).toBe(2);
    expect(contactIds(await store.events.listAfter(0, 10, ADMIN))).toEqual(['c3', 'c4']);
    // Asked for everything: the newest stays, so latestSeq still has its event.
    expect(await store.events.compact(100)).toBe(1);
    expect(await store.events.floorSeq()).toBe(3);
    expect(await store.events.compact(3)).toBe(0);
    expect(await store.events.latestSeq()).toBe(4);
    const [next] = await store.events.appendMany([entry('c5')]);
    expect(next?.seq).toBe(5);
    expect(contactIds(await store.events.listAfter(0, 10, ADMIN))).toEqual(['c4', 'c5']);
  });

  it('finds the newest seq at or before a time, for age-based retention', async () => {
    const store = await open();
    expect(await store.events.lastSeqAtOrBefore(T0)).toBe(0);
    await store.events.appendMany([entry('old', EVERYONE, T0), entry('older', EVERYONE, T0 + 10)]);
    await store.events.appendMany([entry('new', EVERYONE, T0 + 20)]);
    expect(await store.events.lastSeqAtOrBefore(T0 - 1)).toBe(0);
    expect(await store.events.lastSeqAtOrBefore(T0 + 10)).toBe(2);
    expect(await store.events.lastSeqAtOrBefore(T0 + 19)).toBe(2);
    expect(await store.events.lastSeqAtOrBefore(T0 + 20)).toBe(3);
  });

  it('keeps one log identity for the life of the database', async () => {
    const store = await open();
    const id = await store.events.logId();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await store.events.appendMany([entry('c1')]);
    expect(await store.events.logId()).toBe(id);
  });
});

describe('event log on Postgres with several nodes', () => {
  const opened: Store[] = [];
  const clients: pg.Client[] = [];
  /** Held transactions to let go of, should a test fail while holding one. */
  const holds: (() => void)[] = [];
  afterEach(async () => {
    for (const release of holds.splice(0)) release();
    await Promise.all(clients.splice(0).map((c) => c.end()));
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  async function node(url: string): Promise<Store> {
    const store = await openPostgresStore({ url, applicationName: 'events-contract' });
    opened.push(store);
    return store;
  }

  /** Resolves once some session of this database waits for a lock (B on the counter row), or `done` says stop. */
  async function untilWaitingOnLock(url: string, done: () => boolean): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    while (!done()) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('gives nodes that settle a new log at the same moment one identity', async () => {
    const url = await postgresUrl();
    const dbs = await Promise.all([1, 2, 3].map(() => openPostgres({ url, poolSize: 2 })));
    try {
      // Each as a node opening the new database does it, all at once.
      const ids = await Promise.all(dbs.map((db) => new PostgresEventRepository(db).logId()));
      expect(new Set(ids).size).toBe(1);
      const later = await node(url);
      expect(await later.events.logId()).toBe(ids[0]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('starts one new identity across nodes when the database is marked to rotate its log', async () => {
    const url = await postgresUrl();
    const before = await (await node(url)).events.logId();
    const dbs = await Promise.all([1, 2, 3].map(() => openPostgres({ url, poolSize: 2 })));
    try {
      // What a restored backup carries (LOG_ROTATE_KEY): the seqs clients hold mean nothing here any more.
      await dbs[0]?.run(`INSERT INTO hub_meta (key, value) VALUES ($1, '1')`, [LOG_ROTATE_KEY]);
      const ids = await Promise.all(dbs.map((db) => new PostgresEventRepository(db).logId()));
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).not.toBe(before);
      expect(await (await node(url)).events.logId()).toBe(ids[0]);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  });

  it('never lets a client sync past an event still being committed by the other node', async () => {
    const url = await postgresUrl();
    const nodeA = await node(url);
    const nodeB = await node(url);
    const reader = await node(url);

    let releaseA!: () => void;
    const holdA = new Promise<void>((resolve) => (releaseA = resolve));
    holds.push(releaseA);
    let appendedA!: (seq: number) => void;
    const seqOfA = new Promise<number>((resolve) => (appendedA = resolve));
    const writeA = nodeA.transaction(async () => {
      const [event] = await nodeA.events.appendMany([entry('from-a')]);
      appendedA(event?.seq ?? -1);
      await holdA;
    });
    expect(await seqOfA).toBe(1);

    let committedB = false;
    const writeB = nodeB
      .transaction(() => nodeB.events.appendMany([entry('from-b')]))
      .then((events) => {
        committedB = true;
        return events;
      });
    // B is blocked on the counter row — or, were the log not gap-free, B would commit seq 2 right away.
    await Promise.race([untilWaitingOnLock(url, () => committedB), writeB]);

    // A holds seq 1 open; B waits for the counter, so nothing above it can be seen before it.
    expect(await reader.events.listAfter(0, 10, ADMIN)).toEqual([]);
    expect(await reader.events.latestSeq()).toBe(0);
    expect(committedB).toBe(false);

    releaseA();
    await writeA;
    const [eventB] = await writeB;
    expect(eventB?.seq).toBe(2);
    const synced = await reader.events.listAfter(0, 10, ADMIN);
    expect(synced.map((e) => e.seq)).toEqual([1, 2]);
    expect(contactIds(synced)).toEqual(['from-a', 'from-b']);
    expect(await reader.events.latestSeq()).toBe(2);
  });
});
