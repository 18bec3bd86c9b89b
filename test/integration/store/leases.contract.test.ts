/**
 * Leases on both stores (store/ports/leases.ts): a free or expired lease is taken, a live one is renewed only
 * by its holder, a release frees it at once, and the value kept with it is written only by the holder and
 * survives the hand-over. Then two stores on one Postgres database (two nodes) compete for one lease at once:
 * exactly one wins, and the other takes over only after the TTL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { T0 } from './fixtures.js';
import type { Store } from '../../../src/hub/store/store.js';
import { openPostgresStore } from '../../../src/hub/store/postgres/store.js';
import { createDatabase } from '../../helpers/postgres.js';

const TTL = 15_000;

describeStores('leases', ({ open }) => {
  it('is taken when free, renewed by its holder, refused to another until it expires', async () => {
    const store = await open();
    expect(await store.leases.holderOf('timer:housekeeping', T0)).toBeNull();
    expect(await store.leases.acquire('timer:housekeeping', 'node-a', TTL, T0)).toBe(true);
    expect(await store.leases.holderOf('timer:housekeeping', T0)).toBe('node-a');
    expect(await store.leases.acquire('timer:housekeeping', 'node-b', TTL, T0 + 1_000)).toBe(false);
    // Renewing moves the expiry: still refused to b where the first lease would have run out.
    expect(await store.leases.acquire('timer:housekeeping', 'node-a', TTL, T0 + 10_000)).toBe(true);
    expect(await store.leases.acquire('timer:housekeeping', 'node-b', TTL, T0 + TTL + 1)).toBe(false);
    expect(await store.leases.holderOf('timer:housekeeping', T0 + TTL + 1)).toBe('node-a');
    // a stops renewing (it died): once the TTL is over, b takes it.
    expect(await store.leases.holderOf('timer:housekeeping', T0 + 10_000 + TTL)).toBeNull();
    expect(await store.leases.acquire('timer:housekeeping', 'node-b', TTL, T0 + 10_000 + TTL)).toBe(true);
    expect(await store.leases.holderOf('timer:housekeeping', T0 + 10_000 + TTL)).toBe('node-b');
    // Other leases are untouched.
    expect(await store.leases.holderOf('timer:snooze', T0)).toBeNull();
  });

  it('is free at once after its holder releases it; a release by another node changes nothing', async () => {
    const store = await open();
    await store.leases.acquire('poll:ch-1', 'node-a', TTL, T0);
    await store.leases.release('poll:ch-1', 'node-b');
    expect(await store.leases.holderOf('poll:ch-1', T0)).toBe('node-a');
    await store.leases.release('poll:ch-1', 'node-a');
    expect(await store.leases.holderOf('poll:ch-1', T0)).toBeNull();
    expect(await store.leases.acquire('poll:ch-1', 'node-b', TTL, T0 + 1)).toBe(true);
  });

  it('keeps a value written only by the holder, across hand-overs', async () => {
    const store = await open();
    expect(await store.leases.valueOf('poll:ch-1')).toBeNull();
    expect(await store.leases.setValue('poll:ch-1', 'node-a', '41', T0)).toBe(false);
    await store.leases.acquire('poll:ch-1', 'node-a', TTL, T0);
    expect(await store.leases.setValue('poll:ch-1', 'node-a', '42', T0 + 1)).toBe(true);
    expect(await store.leases.setValue('poll:ch-1', 'node-b', '99', T0 + 1)).toBe(false);
    expect(await store.leases.valueOf('poll:ch-1')).toBe('42');
    // a's lease runs out: a stale a can no longer write; b takes over and reads a's value.
    expect(await store.leases.setValue('poll:ch-1', 'node-a', '43', T0 + TTL)).toBe(false);
    await store.leases.acquire('poll:ch-1', 'node-b', TTL, T0 + TTL);
    expect(await store.leases.valueOf('poll:ch-1')).toBe('42');
    expect(await store.leases.setValue('poll:ch-1', 'node-a', '43', T0 + TTL + 1)).toBe(false);
    expect(await store.leases.setValue('poll:ch-1', 'node-b', '44', T0 + TTL + 1)).toBe(true);
    await store.leases.release('poll:ch-1', 'node-b');
    expect(await store.leases.valueOf('poll:ch-1')).toBe('44');
  });
});

describe('leases: two nodes on one Postgres database', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('of many takes at the same moment by two nodes, exactly one wins; the other takes over after the TTL', async () => {
    const url = await createDatabase();
    const a = await openPostgresStore({ url, poolSize: 4 });
    stores.push(a);
    const b = await openPostgresStore({ url, poolSize: 4 });
    stores.push(b);
    for (let round = 0; round < 20; round += 1) {
      const name = `telegram-poll:ch-${String(round)}`;
      const results = await Promise.all([
        a.leases.acquire(name, 'node-a', TTL, T0),
        b.leases.acquire(name, 'node-b', TTL, T0),
        a.leases.acquire(name, 'node-a', TTL, T0),
        b.leases.acquire(name, 'node-b', TTL, T0),
      ]);
      const holder = await a.leases.holderOf(name, T0);
      expect(holder === 'node-a' || holder === 'node-b').toBe(true);
      // The holder's two calls both hold it (a take and a renewal); the other node's both fail.
      expect(results).toEqual(holder === 'node-a' ? [true, false, true, false] : [false, true, false, true]);
      const other = holder === 'node-a' ? b : a;
      const otherId = holder === 'node-a' ? 'node-b' : 'node-a';
      expect(await other.leases.acquire(name, otherId, TTL, T0 + TTL - 1)).toBe(false);
      expect(await other.leases.acquire(name, otherId, TTL, T0 + TTL)).toBe(true);
      expect(await b.leases.holderOf(name, T0 + TTL)).toBe(otherId);
    }
  });
});
