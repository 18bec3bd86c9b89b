/**
 * A batch with a conversation snapshot per message (how a burst arrives)
 * writes each conversation once, with its last snapshot, and ends exactly
 * where applying every event in turn would: row, unread count, the
 * assignment notice and the ids of the change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

const conversation = (n: number, assigneeId: string | null) =>
  makeConversation({
    id: 'c1',
    channelId: 'ch1',
    contactId: 'k1',
    assigneeId,
    lastMessageAt: T0 + n,
    lastMessagePreview: `message ${n}`,
    updatedAt: T0 + n,
  });

const burst: HubEventBody[] = [
  { type: 'channel.upsert', channel: makeChannel({ id: 'ch1', linkedAgentIds: ['me'] }) },
  { type: 'contact.upsert', contact: makeContact({ id: 'k1', channelId: 'ch1' }) },
  ...[1, 2, 3].flatMap((n): HubEventBody[] => [
    { type: 'conversation.upsert', conversation: conversation(n, n === 3 ? 'me' : 'other') },
    {
      type: 'message.upsert',
      message: makeMessage({ id: `m${n}`, conversationId: 'c1', direction: 'in', createdAt: T0 + n }),
    },
  ]),
];

describe('a batch of live events', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('writes each conversation once, with its last snapshot, and counts every message', () => {
    const writes: string[] = [];
    const upsert = cache.entities.upsertConversation.bind(cache.entities);
    cache.entities.upsertConversation = (c) => {
      writes.push(c.lastMessagePreview ?? '');
      return upsert(c);
    };
    const result = new EventApplier(cache).applyEvents(numberEvents(burst));
    expect(writes).toEqual(['message 3']);
    expect(cache.conversations.row('c1', T0)?.conversation).toMatchObject({
      assigneeId: 'me',
      lastMessagePreview: 'message 3',
    });
    expect(cache.conversations.row('c1', T0)?.unreadCount).toBe(3);
    expect(result.applied).toBe(burst.length);
    expect([...result.conversationIds]).toEqual(['c1']);
    expect([...(result.messageIds.get('c1') ?? [])]).toEqual(['m1', 'm2', 'm3']);
  });

  it('applies every event in turn when the batch also removes a contact', () => {
    const after: HubEventBody[] = [
      { type: 'contact.remove', contactId: 'k1', conversationIds: ['c1'] },
      { type: 'contact.upsert', contact: makeContact({ id: 'k1', channelId: 'ch1' }) },
      { type: 'conversation.upsert', conversation: conversation(9, 'me') },
    ];
    new EventApplier(cache).applyEvents(numberEvents([...burst, ...after]));
    expect(cache.conversations.row('c1', T0)?.conversation.lastMessagePreview).toBe('message 9');
    expect(cache.read.message('m1')).toBeNull();
  });
});
