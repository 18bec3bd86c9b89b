import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandRequest, CommandResult, HubEvent, HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { silentLogger } from '../../../src/main/core/logger.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { SyncEngine, type SyncCommands } from '../../../src/main/core/sync/sync-engine.js';
import { readCacheFile } from '../../helpers/cache-file.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
  waitFor,
} from '../../helpers/client.js';

const setup: HubEventBody[] = [
  { type: 'channel.upsert', channel: makeChannel({ id: 'ch1', linkedAgentIds: ['me'] }) },
  { type: 'contact.upsert', contact: makeContact({ id: 'k1', channelId: 'ch1' }) },
  { type: 'conversation.upsert', conversation: makeConversation({ id: 'c1', channelId: 'ch1', contactId: 'k1' }) },
];
const message = (id: string, text: string, over: Parameters<typeof makeMessage>[0] | object = {}): HubEventBody => ({
  type: 'message.upsert',
  message: makeMessage({ id, conversationId: 'c1', text, ...over }),
});

/** A hub log in memory, answering sync and snapshot like the real one. */
class FakeHub implements SyncCommands {
  log: HubEvent[] = [];
  floor = 0;
  snapshotItems: HubEventBody[] = [];
  gate: Promise<void> | null = null;
  failing = false;
  syncCalls = 0;

  async sync(req: CommandRequest<'sync'>): Promise<CommandResult<'sync'>> {
    this.syncCalls += 1;
    if (this.failing) throw new Error('the hub had a hiccup');
    if (this.gate) await this.gate;
    const latestSeq = this.log.at(-1)?.seq ?? 0;
    if (req.after < this.floor) return { reset: true, latestSeq };
    const limit = req.limit ?? 1000;
    const after = this.log.filter((e) => e.seq > req.after);
    return { reset: false, events: after.slice(0, limit), latestSeq, hasMore: after.length > limit };
  }

  async snapshot(req: CommandRequest<'snapshot'>): Promise<CommandResult<'snapshot'>> {
    const start = Number(req.cursor ?? 0);
    const limit = req.limit ?? 1000;
    const items = this.snapshotItems.slice(start, start + limit);
    const next = start + limit < this.snapshotItems.length ? String(start + limit) : null;
    return { items, asOfSeq: this.log.at(-1)?.seq ?? 0, nextCursor: next, total: this.snapshotItems.length };
  }
}

describe('sync engine', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let hub: FakeHub;
  let engine: SyncEngine;
  let progress: ({ applied: number; total: number } | null)[];
  let caughtUp: number;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    hub = new FakeHub();
    progress = [];
    caughtUp = 0;
    engine = new SyncEngine(
      cache,
      new EventApplier(cache),
      hub,
      { onApplied: () => undefined, onProgress: (p) => progress.push(p), onCaughtUp: () => void (caughtUp += 1) },
      silentLogger,
      () => T0,
      2,
    );
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  const texts = () =>
    readCacheFile(tmp.dir, (db) =>
      db.prepare<[], { json: string }>('SELECT json FROM messages ORDER BY created_at, rid').all(),
    ).map((r) => z.object({ text: z.string().nullable() }).parse(JSON.parse(r.json)).text);

  it('catches up page by page and reports progress up to the total', async () => {
    hub.log = numberEvents([...setup, message('m1', 'one'), message('m2', 'two')]);
    await engine.requestSync();
    expect(texts()).toEqual(['one', 'two']);
    expect(cache.syncState.get()).toEqual({ lastSeq: 5, lastSyncedAt: T0, logId: null });
    const reported = progress.filter((p) => p !== null);
    expect(reported.at(-1)).toEqual({ applied: 5, total: 5 });
    expect(reported.map((p) => p?.applied)).toEqual([2, 4, 5]);
    expect(progress.at(-1)).toBeNull();
    expect(caughtUp).toBe(1);
  });

  it('changes nothing when the same events are applied twice', async () => {
    const events = numberEvents([...setup, message('m1', 'hello')]);
    const applier = new EventApplier(cache);
    applier.applyEvents(events);
    const rows = () => readCacheFile(tmp.dir, (db) => db.prepare('SELECT rid, json, synced_seq FROM messages').all());
    const before = rows();
    const unread = cache.conversations.unreadCount();
    cache.syncState.setLastSeq(0);
    applier.applyEvents(events);
    expect(rows()).toEqual(before);
    expect(cache.conversations.unreadCount()).toBe(unread);
    expect(
      z
        .object({ n: z.number() })
        .parse(readCacheFile(tmp.dir, (db) => db.prepare('SELECT count(*) AS n FROM message_search').get())).n,
    ).toBe(1);
  });

  it('never lets an older copy of a message overwrite a newer delivery state', () => {
    const applier = new EventApplier(cache);
    const read = message('m1', 'out', { direction: 'out', state: 'read', updatedAt: T0 + 20 });
    const sent = message('m1', 'out', { direction: 'out', state: 'sent', updatedAt: T0 + 10 });
    applier.applyEvents(numberEvents([...setup, read]));
    applier.applyEvents(numberEvents([sent], 10));
    expect(cache.read.message('m1')?.state).toBe('read');
  });

  it('applies live events that arrive during a catch-up afterwards, in order, skipping what it already has', async () => {
    hub.log = numberEvents([...setup, message('m1', 'one')]);
    let open = (): void => undefined;
    hub.gate = new Promise<void>((resolve) => (open = resolve));
    const running = engine.requestSync();
    const live = numberEvents(
      [message('m3', 'three', { createdAt: T0 + 3 }), message('m2', 'two', { createdAt: T0 + 2 })],
      6,
    );
    engine.onLiveEvents([live[0]!]);
    engine.onLiveEvents([live[1]!]);
    engine.onLiveEvents(numberEvents([message('m1', 'one')], 4));
    expect(texts()).toEqual([]);
    hub.log.push(...numberEvents([message('m0', 'zero', { createdAt: T0 - 1 })], 5));
    open();
    await running;
    expect(texts()).toEqual(['zero', 'one', 'two', 'three']);
    expect(cache.syncState.get().lastSeq).toBe(7);
  });

  it('rebuilds from a snapshot after a reset and keeps queued replies and drafts', async () => {
    hub.log = numberEvents([...setup, message('m1', 'old')]);
    await engine.requestSync();
    cache.outbox.insert({
      clientId: '0190f5a0-0000-7000-8000-000000000001',
      conversationId: 'c1',
      kind: 'text',
      text: 'queued while offline',
      template: null,
      replyToMessageId: null,
      files: [],
      createdAt: T0,
      baseSeq: 4,
      baseMessageAt: T0,
      baseAssigneeId: null,
    });
    cache.drafts.save('c1', 'half-written', T0);
    cache.entities.setReadMarker('c1', T0, false);

    hub.floor = 100;
    hub.log = numberEvents([...setup, message('m1', 'old')], 200);
    hub.snapshotItems = [...setup, message('m2', 'from snapshot')];
    await engine.requestSync();

    expect(texts()).toEqual(['from snapshot']);
    expect(cache.syncState.get().lastSeq).toBe(203);
    expect(cache.outbox.all().map((e) => e.text)).toEqual(['queued while offline']);
    expect(cache.drafts.get('c1')).toBe('half-written');
    expect(cache.conversations.unreadCount()).toBe(0);
  });

  it('starts over from the same page when the connection drops mid catch-up', async () => {
    hub.log = numberEvents([...setup, message('m1', 'one'), message('m2', 'two')]);
    const failing: SyncCommands = {
      sync: async (req) => {
        if (req.after >= 2) throw new Error('socket closed');
        return hub.sync(req);
      },
      snapshot: (req) => hub.snapshot(req),
    };
    const flaky = new SyncEngine(
      cache,
      new EventApplier(cache),
      failing,
      { onApplied: () => undefined, onProgress: () => undefined, onCaughtUp: () => undefined },
      silentLogger,
      () => T0,
      2,
    );
    await flaky.requestSync();
    expect(cache.syncState.get()).toEqual({ lastSeq: 2, lastSyncedAt: null, logId: null });
    await engine.requestSync();
    expect(texts()).toEqual(['one', 'two']);
  });

  it('never applies a live event over a gap after a failed catch-up: it catches up first', async () => {
    hub.log = numberEvents([...setup, message('m1', 'one'), message('m2', 'two', { createdAt: T0 + 2 })]);
    hub.failing = true;
    await engine.requestSync();
    expect(cache.syncState.get().lastSeq).toBe(0);
    hub.failing = false;
    const live = numberEvents([message('m3', 'three', { createdAt: T0 + 3 })], 6)[0]!;
    hub.log.push(live);
    engine.onLiveEvents([live]);
    await waitFor(() => !engine.isCatchingUp && cache.syncState.get().lastSeq === 6);
    expect(texts()).toEqual(['one', 'two', 'three']);
  });
});
