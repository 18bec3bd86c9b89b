/**
 * Channel queues in a real client cache (core/cache/queue-store.ts, migration 0015): `queue.upsert`
 * events are kept per channel and named in the batch's one `changes` push; an older figure (a fetched
 * answer that a live event overtook) never replaces a newer one; a queue goes with its channel and
 * with a snapshot rebuild; the same figure twice changes nothing and pushes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelQueue } from '../../../src/shared/domain.js';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { changeEventOf } from '../../../src/main/core/sync/change-event.js';
import { T0, makeAgent, makeChannel, makeTempDir, numberEvents } from '../../helpers/client.js';

const queue = (channelId: string, length: number, at: number): ChannelQueue => ({
  channelId,
  length,
  oldestQueuedAt: length === 0 ? null : T0,
  updatedAt: at,
});
const upsert = (q: ChannelQueue): HubEventBody => ({ type: 'queue.upsert', queue: q });

describe('channel queues in the cache', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let applier: EventApplier;
  let seq: number;

  const apply = (bodies: HubEventBody[]) => {
    const result = applier.applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
    return result;
  };

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    applier = new EventApplier(cache);
    seq = 1;
    apply([
      { type: 'agent.upsert', agent: makeAgent({ id: 'me', name: 'Aiko' }) },
      { type: 'channel.upsert', channel: makeChannel({ id: 'wa', name: 'B Tokyo', linkedAgentIds: ['me'] }) },
      { type: 'channel.upsert', channel: makeChannel({ id: 'line', name: 'A Osaka', linkedAgentIds: ['me'] }, 'line') },
    ]);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('keeps the last figure per channel and names the channels in the batch’s change', () => {
    const result = apply([
      upsert(queue('wa', 1, T0 + 1)),
      upsert(queue('wa', 2, T0 + 2)),
      upsert(queue('line', 1, T0 + 3)),
    ]);
    expect(changeEventOf(result, 'live')).toMatchObject({
      all: false,
      conversationIds: [],
      queueChannelIds: ['wa', 'line'],
    });
    // By channel name: A Osaka, then B Tokyo.
    expect(cache.queues.all()).toEqual([queue('line', 1, T0 + 3), queue('wa', 2, T0 + 2)]);
  });

  it('the same figure again changes nothing and pushes nothing; an older one is kept out', () => {
    apply([upsert(queue('wa', 2, T0 + 5))]);
    expect(changeEventOf(apply([upsert(queue('wa', 2, T0 + 5))]), 'live')).toBeNull();
    expect(cache.queues.upsert(queue('wa', 7, T0 + 4))).toBe(false);
    expect(cache.queues.all()).toEqual([queue('wa', 2, T0 + 5)]);
    expect(cache.queues.upsert(queue('wa', 0, T0 + 6))).toBe(true);
    expect(cache.queues.all()).toEqual([queue('wa', 0, T0 + 6)]);
  });

  it('a queue goes with its channel, and a snapshot rebuild starts over', () => {
    apply([upsert(queue('wa', 1, T0 + 1)), upsert(queue('line', 1, T0 + 1))]);
    apply([{ type: 'channel.remove', channelId: 'wa' }]);
    expect(cache.queues.all().map((q) => q.channelId)).toEqual(['line']);

    applier.applySnapshotPage(
      [{ type: 'channel.upsert', channel: makeChannel({ id: 'line', name: 'A Osaka' }, 'line') }],
      {
        first: true,
        asOfSeq: 100,
        last: true,
      },
    );
    expect(cache.queues.all()).toEqual([]);
  });
});
