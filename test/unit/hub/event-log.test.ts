import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../../src/hub/store/store.js';

describe('the event log', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-log-'));
    store = openSqliteStore(dir);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const append = (channelId: string | null, agentId: string | null = null) =>
    store.events.append({ type: 'channel.remove', channelId: channelId ?? 'x' }, { channelId, agentId }, 1);

  it('numbers events strictly increasing, also after compaction removed the newest predecessors', () => {
    const seqs = [append(null), append('a'), append('b')].map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3]);
    expect(store.events.compact(10)).toBe(2);
    expect(store.events.floorSeq()).toBe(2);
    expect(store.events.latestSeq()).toBe(3);
    expect(append(null).seq).toBe(4);
  });

  it('returns only what a viewer may see: global events, its channels and its own private events', () => {
    append(null);
    append('a');
    append('b');
    append('a', 'agent-1');
    append('a', 'agent-2');
    const seen = store.events.listAfter(0, 100, { agentId: 'agent-1', scope: ['a'] }).map((e) => e.seq);
    expect(seen).toEqual([1, 2, 4]);
    const admin = store.events.listAfter(0, 100, { agentId: 'admin', scope: null }).map((e) => e.seq);
    expect(admin).toEqual([1, 2, 3]);
  });

  it('a change and its event commit together or not at all', () => {
    expect(() =>
      store.transaction(() => {
        append(null);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.events.latestSeq()).toBe(0);
  });
});
