import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { openSqliteStore } from '../../../src/hub/store/sqlite/store.js';

describe('the event log', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-log-'));
    store = await openSqliteStore(dir);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = async (channelId: string | null, agentId: string | null = null) => {
    const body = { type: 'channel.remove', channelId: channelId ?? 'x' } as const;
    const [event] = await store.events.appendMany([{ body, visibility: { channelId, agentId }, at: 1 }]);
    if (!event) throw new Error('appendMany gave nothing back');
    return event;
  };

  it('numbers events strictly increasing, also after compaction removed the newest predecessors', async () => {
    const seqs = [await append(null), await append('a'), await append('b')].map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect(await store.events.compact(10)).toBe(2);
    expect(await store.events.floorSeq()).toBe(2);
    expect(await store.events.latestSeq()).toBe(3);
    expect((await append(null)).seq).toBe(4);
  });

  it('returns only what a viewer may see: global events, its channels and its own private events', async () => {
    await append(null);
    await append('a');
    await append('b');
    await append('a', 'agent-1');
    await append('a', 'agent-2');
    const seen = (await store.events.listAfter(0, 100, { agentId: 'agent-1', scope: ['a'] })).map((e) => e.seq);
    expect(seen).toEqual([1, 2, 4]);
    const admin = (await store.events.listAfter(0, 100, { agentId: 'admin', scope: null })).map((e) => e.seq);
    expect(admin).toEqual([1, 2, 3]);
  });

  it('a change and its event commit together or not at all', async () => {
    await expect(
      store.transaction(async () => {
        await append(null);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.events.latestSeq()).toBe(0);
  });
});
