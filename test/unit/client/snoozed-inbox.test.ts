import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { SnoozeWatch } from '../../../src/main/core/session-windows/snooze-watch.js';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeTempDir,
  numberEvents,
  waitFor,
} from '../../helpers/client.js';

const HOUR = 60 * 60 * 1000;

describe('snoozed conversations in the offline inbox', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let seq = 1;

  const apply = (bodies: HubEventBody[]) => {
    new EventApplier(cache).applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
  };
  const conversation = (id: string, snoozedUntil: number | null, over: { labels?: string[] } = {}) => ({
    type: 'conversation.upsert' as const,
    conversation: makeConversation({
      id,
      channelId: 'ch1',
      contactId: 'k1',
      assigneeId: 'me',
      status: snoozedUntil === null ? 'open' : 'pending',
      snoozedUntil,
      updatedAt: T0 + seq,
      ...over,
    }),
  });
  const ids = (view: 'mine' | 'all' | 'unassigned' | 'snoozed', now: number, label?: string) => {
    const list = cache.conversations.list({ view, ...(label ? { label } : {}) }, now);
    return { ids: list.rows.map((r) => r.conversation.id).sort(), total: list.total };
  };

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    seq = 1;
    apply([
      { type: 'channel.upsert', channel: makeChannel({ id: 'ch1', linkedAgentIds: ['me'] }) },
      { type: 'contact.upsert', contact: makeContact({ id: 'k1', channelId: 'ch1' }) },
      conversation('awake', null, { labels: ['vip'] }),
      conversation('later', T0 + HOUR, { labels: ['vip'] }),
      conversation('ran-out', T0 - HOUR),
    ]);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('lists a conversation snoozed until later only under “snoozed”, and nowhere else', () => {
    expect(ids('snoozed', T0)).toEqual({ ids: ['later'], total: 1 });
    expect(ids('all', T0)).toEqual({ ids: ['awake', 'ran-out'], total: 2 });
    expect(ids('mine', T0)).toEqual({ ids: ['awake', 'ran-out'], total: 2 });
    expect(ids('all', T0, 'vip')).toEqual({ ids: ['awake'], total: 1 });
    expect(ids('snoozed', T0, 'vip')).toEqual({ ids: ['later'], total: 1 });
  });

  it('shows a snoozed conversation in its views again once the time passes, even with no hub to say so', () => {
    expect(ids('all', T0 + HOUR - 1).ids).not.toContain('later');
    expect(ids('all', T0 + HOUR + 1)).toEqual({ ids: ['awake', 'later', 'ran-out'], total: 3 });
    expect(ids('snoozed', T0 + HOUR + 1)).toEqual({ ids: [], total: 0 });
  });

  it('takes a conversation out of the snoozed view when the hub wakes it early', () => {
    apply([conversation('later', null)]);
    expect(ids('snoozed', T0).total).toBe(0);
    expect(ids('all', T0).ids).toContain('later');
  });

  it('tells the inbox which conversations woke up when their snooze runs out', async () => {
    apply([conversation('soon', Date.now() + 50)]);
    const woken: string[][] = [];
    const watch = new SnoozeWatch(cache, Date.now, (wakeIds) => woken.push(wakeIds));
    try {
      watch.check();
      expect(woken).toEqual([]);
      await waitFor(() => woken.length > 0, 5000, 'the snooze to run out');
      expect(woken).toEqual([['soon']]);
    } finally {
      watch.stop();
    }
  });
});

describe('agent preferences on this machine', () => {
  it('keep the notification sound on until muted, and remember the choice after a restart', () => {
    const tmp = makeTempDir();
    try {
      let cache = ClientCache.open(tmp.dir, 'me');
      expect(cache.preferences.get()).toEqual({ notificationSound: true });
      cache.preferences.set({ notificationSound: false });
      cache.close();
      cache = ClientCache.open(tmp.dir, 'me');
      expect(cache.preferences.get()).toEqual({ notificationSound: false });
      cache.close();
    } finally {
      tmp.cleanup();
    }
  });
});
