import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { ConversationQuery } from '../../../src/shared/api.js';
import type { Conversation } from '../../../src/shared/domain.js';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { openMigratedDatabase } from '../../../src/node-shared/sqlite.js';
import * as m0001 from '../../../src/main/core/cache/migrations/0001-initial.js';
import * as m0002 from '../../../src/main/core/cache/migrations/0002-inbox-indexes.js';
import * as m0003 from '../../../src/main/core/cache/migrations/0003-snooze-and-preferences.js';
import * as m0004 from '../../../src/main/core/cache/migrations/0004-unread-total-index.js';
import { T0, makeChannel, makeContact, makeConversation, makeTempDir, numberEvents } from '../../helpers/client.js';

const HOUR = 60 * 60 * 1000;
const QUERIES: ConversationQuery[] = [
  { view: 'all', limit: 200, offset: 0 },
  { view: 'mine', limit: 200, offset: 0 },
  { view: 'unassigned', status: 'open', limit: 200, offset: 0 },
  { view: 'all', channelId: 'ch2', limit: 200, offset: 0 },
  { view: 'all', status: 'pending', limit: 200, offset: 0 },
  { view: 'all', label: 'vip', limit: 200, offset: 0 },
  { view: 'mine', label: 'vip', status: 'open', limit: 200, offset: 0 },
  { view: 'all', label: '', limit: 200, offset: 0 },
  { view: 'snoozed', limit: 200, offset: 0 },
];

/** n-th conversation of the fixture: spread over two channels, three assignees, statuses and labels. */
function nth(n: number, over: Partial<Conversation> = {}): Conversation {
  const labels = [n % 3 === 0 ? 'vip' : null, n % 5 === 0 ? 'refund' : null, n % 7 === 0 ? '' : null];
  return makeConversation({
    id: `cv${n}`,
    channelId: n % 2 === 0 ? 'ch1' : 'ch2',
    contactId: `k${n % 20}`,
    assigneeId: [null, 'me', 'other'][n % 3] ?? null,
    status: n % 4 === 0 ? 'pending' : 'open',
    labels: labels.filter((l): l is string => l !== null),
    lastMessageAt: T0 + n,
    updatedAt: T0 + n,
    ...over,
  });
}

describe('the inbox total beside the list', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let seq = 1;

  const apply = (bodies: HubEventBody[]) => {
    new EventApplier(cache).applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
  };
  /** Every query's total must be the number of rows the list actually pages through. */
  const expectTotalsMatchRows = (now: number) => {
    for (const query of QUERIES) {
      const list = cache.conversations.list(query, now);
      expect({ query, total: list.total }).toEqual({ query, total: list.rows.length });
    }
  };

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    seq = 1;
    const bodies: HubEventBody[] = [
      { type: 'channel.upsert', channel: makeChannel({ id: 'ch1', linkedAgentIds: ['me'] }) },
      { type: 'channel.upsert', channel: makeChannel({ id: 'ch2', linkedAgentIds: ['me'] }) },
    ];
    for (let k = 0; k < 20; k += 1) {
      bodies.push({
        type: 'contact.upsert',
        contact: makeContact({ id: `k${k}`, channelId: k % 2 === 0 ? 'ch1' : 'ch2' }),
      });
    }
    for (let n = 0; n < 120; n += 1) bodies.push({ type: 'conversation.upsert', conversation: nth(n) });
    apply(bodies);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('counts exactly the conversations each filter lists', () => {
    expectTotalsMatchRows(T0);
    expect(cache.conversations.list({ view: 'all', label: 'vip' }, T0).total).toBe(40);
  });

  it('stays right as conversations are relabelled, reassigned, closed, snoozed and their contacts trashed', () => {
    const changes: HubEventBody[] = [];
    for (let n = 0; n < 120; n += 7) {
      changes.push({
        type: 'conversation.upsert',
        conversation: nth(n, {
          labels: n % 2 === 0 ? ['vip', 'vip'] : [],
          assigneeId: n % 2 === 0 ? 'me' : null,
          status: 'open',
          snoozedUntil: n % 3 === 0 ? T0 + HOUR : null,
          updatedAt: T0 + 1000 + n,
        }),
      });
    }
    changes.push({ type: 'contact.upsert', contact: makeContact({ id: 'k4', channelId: 'ch1', deletedAt: T0 }) });
    apply(changes);
    expectTotalsMatchRows(T0);
    // Once the snoozes run out the same conversations count again.
    expectTotalsMatchRows(T0 + 2 * HOUR);
  });

  it('stays right when a channel is removed and when the cache is rebuilt from a snapshot', () => {
    apply([{ type: 'channel.remove', channelId: 'ch2' }]);
    expectTotalsMatchRows(T0);
    expect(cache.conversations.list({ view: 'all' }, T0).total).toBe(60);
    const snapshot: HubEventBody[] = [
      { type: 'channel.upsert', channel: makeChannel({ id: 'ch2', linkedAgentIds: ['me'] }) },
      { type: 'contact.upsert', contact: makeContact({ id: 'k5', channelId: 'ch2' }) },
      { type: 'conversation.upsert', conversation: nth(5) },
    ];
    new EventApplier(cache).applySnapshotPage(snapshot, { first: true, asOfSeq: 1000, last: true });
    expectTotalsMatchRows(T0);
    expect(cache.conversations.list({ view: 'all' }, T0).total).toBe(1);
    expect(cache.conversations.list({ view: 'all', label: 'vip' }, T0).total).toBe(0);
    expect(cache.conversations.list({ view: 'snoozed' }, T0).total).toBe(0);
  });
});

describe('a cache written before the inbox kept its totals', () => {
  it('counts, filters by label and keeps its unread counts after the upgrade', () => {
    const tmp = makeTempDir();
    try {
      const old = openMigratedDatabase(join(tmp.dir, 'cache.sqlite'), [m0001, m0002, m0003, m0004], {
        foreignKeys: false,
      });
      old
        .prepare("INSERT INTO channels (id, kind, name, json) VALUES ('ch1', 'whatsapp', 'one', ?)")
        .run(JSON.stringify(makeChannel({ id: 'ch1', linkedAgentIds: ['me'] })));
      old
        .prepare("INSERT INTO contacts (id, channel_id, name, json) VALUES ('k1', 'ch1', 'k', ?)")
        .run(JSON.stringify(makeContact({ id: 'k1', channelId: 'ch1' })));
      const insert = old.prepare(`INSERT INTO conversations (id, channel_id, contact_id, status, assignee_id,
        last_message_at, updated_at, json, unread) VALUES (?, 'ch1', 'k1', 'open', NULL, ?, ?, ?, ?)`);
      for (let n = 0; n < 10; n += 1) {
        const conversation = nth(n, { channelId: 'ch1', contactId: 'k1', assigneeId: null, status: 'open' });
        const { id, lastMessageAt, updatedAt } = conversation;
        insert.run(id, lastMessageAt, updatedAt, JSON.stringify(conversation), n);
      }
      old.close();
      const cache = ClientCache.open(tmp.dir, 'me');
      try {
        const vip = cache.conversations.list({ view: 'all', label: 'vip' }, T0);
        expect(vip.rows.map((r) => r.conversation.id)).toEqual(['cv9', 'cv6', 'cv3', 'cv0']);
        expect(vip.total).toBe(4);
        expect(vip.rows.map((r) => r.unreadCount)).toEqual([9, 6, 3, 0]);
        expect(cache.conversations.unreadCount()).toBe(45);
        expect(cache.conversations.list({ view: 'unassigned', status: 'open' }, T0).total).toBe(10);
      } finally {
        cache.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
