/**
 * The writer on the real SQLite store: writes that arrive together commit in one transaction, each in
 * its own savepoint, each answered after the commit, and work a write starts that runs on after it
 * writes on its own (services/writer.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import type { HubEvent } from '../../../src/shared/protocol.js';
import { SignalBus, type HubSignal } from '../../../src/hub/services/signals.js';
import { EVERYONE, Writer } from '../../../src/hub/services/writer.js';
import { openSqliteStore } from '../../../src/hub/store/sqlite/store.js';
import type { Store } from '../../../src/hub/store/store.js';
import { addAgent } from '../../integration/store/fixtures.js';

let dir: string;
let store: Store;
let published: HubSignal[];
let writer: Writer;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-writer-'));
  store = await openSqliteStore(dir);
  published = [];
  const bus = new SignalBus((error) => {
    throw error;
  });
  bus.subscribe((signal) => void published.push(signal));
  writer = new Writer(store, bus, () => 1_000);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const removal = (id: string) => ({ type: 'channel.remove', channelId: id }) as const;
const publishedSeqs = (): number[] =>
  published.flatMap((s) => (s.type === 'events' ? s.events.map((e: HubEvent) => e.seq) : []));

describe('group commit', () => {
  it('writes that arrive together share one transaction; a failing one undoes only its own rows and events', async () => {
    // Count outermost transactions through the store's own API: a nested one is a savepoint.
    let transactions = 0;
    let depth = 0;
    const traced: Store = {
      ...store,
      transaction: async (fn) => {
        if (depth === 0) transactions += 1;
        depth += 1;
        try {
          return await store.transaction(fn);
        } finally {
          depth -= 1;
        }
      },
    };
    const bus = new SignalBus((error) => {
      throw error;
    });
    bus.subscribe((signal) => void published.push(signal));
    const grouped = new Writer(traced, bus, () => 1_000);

    const results = await Promise.allSettled([
      grouped.write(async (scope) => {
        await addAgent(store, { id: 'a' });
        scope.emit(removal('a'), EVERYONE);
        return 'a';
      }),
      grouped.write(async (scope) => {
        await addAgent(store, { id: 'b' });
        scope.emit(removal('b'), EVERYONE);
        throw new Error('b refused');
      }),
      grouped.write(async (scope) => {
        await addAgent(store, { id: 'c' });
        scope.emit(removal('c'), EVERYONE);
        return 'c';
      }),
    ]);

    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'a',
      'b refused',
      'c',
    ]);
    expect(transactions).toBe(1);
    expect((await store.agents.findById('a'))?.id).toBe('a');
    expect(await store.agents.findById('b')).toBeNull();
    expect((await store.agents.findById('c'))?.id).toBe('c');
    // The log holds a's and c's events, numbered without a hole, and they were published in that order.
    const logged = await store.events.listAfter(0, 10, { agentId: 'x', scope: null });
    expect(logged.map((e) => (e.type === 'channel.remove' ? e.channelId : e.type))).toEqual(['a', 'c']);
    expect(logged.map((e) => e.seq)).toEqual([1, 2]);
    expect(publishedSeqs()).toEqual([1, 2]);
  });

  it('answers a write only after its transaction committed', async () => {
    const answered = writer.write(async (scope) => {
      await addAgent(store, { id: 'k' });
      scope.emit(removal('k'), EVERYONE);
    });
    await answered;
    // Read outside any transaction: what the answer promised is there for everyone.
    expect((await store.agents.findById('k'))?.id).toBe('k');
    expect(await store.events.latestSeq()).toBe(1);
  });

  it('work a write started that runs on after it writes in a transaction of its own', async () => {
    let later: Promise<void> | null = null;
    await writer.write(async (scope) => {
      scope.emit(removal('first'), EVERYONE);
      // A send queued by the change: it runs after the write answered, in the write's async context.
      later = new Promise<void>((resolve, reject) => {
        setTimeout(() => {
          writer
            .write(async (inner) => {
              await addAgent(store, { id: 'later' });
              inner.emit(removal('later'), EVERYONE);
            })
            .then(resolve, reject);
        }, 5);
      });
    });
    await later;
    expect((await store.agents.findById('later'))?.id).toBe('later');
    expect(publishedSeqs()).toEqual([1, 2]);
  });
});

/** What the Postgres store throws for a transaction it aborted (store/postgres/db.ts translatePgError). */
const lost = (sqlState: string) => new AppError('DATABASE_TIMEOUT', undefined, { sqlState });

describe('a write that loses a lock conflict', () => {
  it('runs again and is answered once, with only its last run kept and published', async () => {
    let runs = 0;
    const answer = await writer.write(async (scope) => {
      runs += 1;
      await addAgent(store, { id: `run-${runs}` });
      scope.emit(removal(`run-${runs}`), EVERYONE);
      if (runs === 1) throw lost('40P01');
      return runs;
    });
    expect(answer).toBe(2);
    expect(await store.agents.findById('run-1')).toBeNull();
    expect((await store.agents.findById('run-2'))?.id).toBe('run-2');
    const logged = await store.events.listAfter(0, 10, { agentId: 'x', scope: null });
    expect(logged.map((e) => (e.type === 'channel.remove' ? e.channelId : e.type))).toEqual(['run-2']);
    expect(publishedSeqs()).toEqual([1]);
  });

  it('is told after four runs that keep losing, and other failures are told at once', async () => {
    let conflicts = 0;
    const keepsLosing = writer.write(async () => {
      conflicts += 1;
      throw lost('40001');
    });
    let timeouts = 0;
    const timesOut = writer.write(async () => {
      timeouts += 1;
      throw lost('57014');
    });
    const [conflict, timeout] = await Promise.allSettled([keepsLosing, timesOut]);
    expect(conflict).toMatchObject({ status: 'rejected', reason: { details: { sqlState: '40001' } } });
    expect(timeout).toMatchObject({ status: 'rejected', reason: { details: { sqlState: '57014' } } });
    expect([conflicts, timeouts]).toEqual([4, 1]);
  });
});

describe('closing', () => {
  it('commits the writes asked for before close, then refuses new ones with a code the caller can tell', async () => {
    const asked = ['p', 'q', 'r'].map((id) =>
      writer.write(async (scope) => {
        await addAgent(store, { id });
        scope.emit(removal(id), EVERYONE);
      }),
    );
    await writer.close();
    await Promise.all(asked);
    for (const id of ['p', 'q', 'r']) expect((await store.agents.findById(id))?.id).toBe(id);
    await expect(writer.write(async () => await addAgent(store, { id: 's' }))).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    // The store closes after the writer: nothing was left to hit a closed database.
    await store.close();
    store = await openSqliteStore(dir);
    expect(await store.agents.findById('s')).toBeNull();
    expect(await store.events.latestSeq()).toBe(3);
  });
});
