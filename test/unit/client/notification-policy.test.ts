import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { NotificationPolicy } from '../../../src/main/core/notify/notification-policy.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import {
  T0,
  makeAgent,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

describe('notification policy and unread badge', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let applier: EventApplier;
  let policy: NotificationPolicy;
  let seq: number;

  const apply = (bodies: HubEventBody[]) => {
    const result = applier.applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
    return result;
  };
  const conversation = (id: string, channelId: string, assigneeId: string | null, updatedAt = T0) => ({
    type: 'conversation.upsert' as const,
    conversation: makeConversation({ id, channelId, contactId: `k-${id}`, assigneeId, updatedAt }),
  });
  const inbound = (id: string, conversationId: string, text: string, createdAt = T0 + 1) => ({
    type: 'message.upsert' as const,
    message: makeMessage({ id, conversationId, text, createdAt, updatedAt: createdAt }),
  });

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    applier = new EventApplier(cache);
    policy = new NotificationPolicy(cache);
    seq = 1;
    apply([
      { type: 'agent.upsert', agent: makeAgent({ id: 'me', name: 'Aiko' }) },
      { type: 'agent.upsert', agent: makeAgent({ id: 'ben', name: 'Ben' }) },
      {
        type: 'channel.upsert',
        channel: makeChannel({ id: 'wa', name: 'WhatsApp JP', linkedAgentIds: ['me', 'ben'] }),
      },
      {
        type: 'channel.upsert',
        channel: makeChannel({ id: 'tg', name: 'Telegram', linkedAgentIds: ['ben'] }, 'telegram'),
      },
      ...['mine', 'open', 'bens', 'other'].map((id): HubEventBody => ({
        type: 'contact.upsert',
        contact: makeContact({ id: `k-${id}`, channelId: id === 'other' ? 'tg' : 'wa', name: `Customer ${id}` }),
      })),
      conversation('mine', 'wa', 'me'),
      conversation('open', 'wa', null),
      conversation('bens', 'wa', 'ben'),
      conversation('other', 'tg', null),
    ]);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('notifies a new customer message on my conversation with sender, channel and preview', () => {
    const notes = policy.decide(apply([inbound('m1', 'mine', 'Where is my  order?\nThanks')]).candidates);
    expect(notes).toEqual([
      {
        conversationId: 'mine',
        title: 'Customer mine · WhatsApp JP',
        body: 'Where is my order? Thanks',
        channelKind: 'whatsapp',
      },
    ]);
  });

  it('notifies unassigned conversations only on channels I am linked to', () => {
    const notes = policy.decide(apply([inbound('m1', 'open', 'hi'), inbound('m2', 'other', 'hi')]).candidates);
    expect(notes.map((n) => n.conversationId)).toEqual(['open']);
  });

  it('stays quiet for conversations of other agents, my own replies and messages already read', () => {
    cache.entities.setReadMarker('mine', T0 + 5, false);
    const result = apply([
      inbound('m1', 'bens', 'for Ben'),
      {
        type: 'message.upsert',
        message: makeMessage({
          id: 'm2',
          conversationId: 'mine',
          direction: 'out',
          senderAgentId: 'me',
          text: 'reply',
          state: 'sent',
        }),
      },
      inbound('m3', 'mine', 'read on my phone', T0 + 4),
    ]);
    expect(policy.decide(result.candidates)).toEqual([]);
  });

  it('notifies a conversation someone else assigned to me, once per conversation', () => {
    const result = apply([conversation('bens', 'wa', 'me', T0 + 10), inbound('m1', 'bens', 'hello again', T0 + 11)]);
    const notes = policy.decide(result.candidates);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toBe('hello again');
    const assignedOnly = policy.decide(apply([conversation('open', 'wa', 'me', T0 + 12)]).candidates);
    expect(assignedOnly.map((n) => [n.conversationId, n.body.startsWith('Assigned to you')])).toEqual([['open', true]]);
  });

  it('does not notify when a message is applied a second time', () => {
    const events = [inbound('m1', 'mine', 'hi')];
    expect(policy.decide(apply(events).candidates)).toHaveLength(1);
    cache.syncState.setLastSeq(0);
    expect(policy.decide(apply(events).candidates)).toEqual([]);
  });

  it('coalesces a catch-up into one summary notification', () => {
    const notes = policy.decide(
      apply([inbound('m1', 'mine', 'a'), inbound('m2', 'open', 'b'), inbound('m3', 'mine', 'c')]).candidates,
    );
    expect(notes).toHaveLength(2);
    const summary = policy.summarize(notes);
    expect(summary?.conversationId).toBeNull();
    expect(summary?.title).toBe('2 conversations need you');
    expect(policy.summarize(notes.slice(0, 1))).toEqual(notes[0]);
    expect(policy.summarize([])).toBeNull();
  });

  it('groups a burst from one customer into one notification that counts, until the conversation is read', () => {
    const first = policy.decide(apply([inbound('m1', 'mine', 'hello')]).candidates);
    expect(first.map((n) => n.body)).toEqual(['hello']);
    const burst = policy.decide(
      apply([inbound('m2', 'mine', 'are you there', T0 + 2), inbound('m3', 'mine', 'my order', T0 + 3)]).candidates,
    );
    expect(burst).toEqual([
      {
        conversationId: 'mine',
        title: 'Customer mine · WhatsApp JP',
        body: '3 new messages · my order',
        channelKind: 'whatsapp',
      },
    ]);
    cache.entities.setReadMarker('mine', T0 + 3, false);
    const afterRead = policy.decide(apply([inbound('m4', 'mine', 'thanks', T0 + 4)]).candidates);
    expect(afterRead.map((n) => n.body)).toEqual(['thanks']);
    const ja = new NotificationPolicy(cache, 'ja');
    ja.decide(apply([inbound('m5', 'open', 'a', T0 + 5)]).candidates);
    expect(ja.decide(apply([inbound('m6', 'open', 'b', T0 + 6)]).candidates)[0]?.body).toBe(
      '新しいメッセージ 2 件 · b',
    );
  });

  it('puts conversations assigned to me before unassigned ones, in a batch and in a summary', () => {
    const notes = policy.decide(
      apply([inbound('m1', 'open', 'first', T0 + 1), inbound('m2', 'mine', 'second', T0 + 2)]).candidates,
    );
    expect(notes.map((n) => n.conversationId)).toEqual(['mine', 'open']);
    expect(policy.summarize([...notes].reverse())?.body).toBe(
      'Customer mine · WhatsApp JP, Customer open · WhatsApp JP',
    );
  });

  it('counts unread messages of my conversations and unassigned ones on my channels for the badge', () => {
    apply([
      inbound('m1', 'mine', 'a'),
      inbound('m2', 'mine', 'b', T0 + 2),
      inbound('m3', 'open', 'c'),
      inbound('m4', 'bens', 'd'),
      inbound('m5', 'other', 'e'),
    ]);
    expect(cache.conversations.unreadCount()).toBe(3);
    cache.entities.setReadMarker('mine', T0 + 1, true);
    cache.entities.recomputeUnread('mine');
    expect(cache.conversations.unreadCount()).toBe(2);
    apply([{ type: 'contact.upsert', contact: makeContact({ id: 'k-open', channelId: 'wa', deletedAt: T0 }) }]);
    expect(cache.conversations.unreadCount()).toBe(1);
  });

  it('writes notifications in Japanese for a Japanese desktop', () => {
    const ja = new NotificationPolicy(cache, 'ja');
    const photo: HubEventBody = {
      type: 'message.upsert',
      message: makeMessage({ id: 'p1', conversationId: 'mine', kind: 'image', createdAt: T0 + 1, updatedAt: T0 + 1 }),
    };
    const notes = ja.decide(apply([photo, inbound('m2', 'open', 'こんにちは')]).candidates);
    expect(notes.map((n) => n.body)).toEqual(['📷 写真', 'こんにちは']);
    expect(ja.summarize(notes)?.title).toBe('2 件の会話に新しいメッセージがあります');
  });
});
