/**
 * The batch-to-change mapping (core/sync/change-event.ts) on batches applied to a real cache: the one
 * `changes` push names exactly the conversations, messages, contacts and template channels a batch
 * wrote; a snapshot page or a channel or agent change asks for everything; a batch that changed
 * nothing the renderer shows sends nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { changeEventOf } from '../../../src/main/core/sync/change-event.js';
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

describe('one change per applied batch', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let applier: EventApplier;
  let seq: number;

  const apply = (bodies: HubEventBody[]) => {
    const result = applier.applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
    return result;
  };
  const inbound = (id: string, conversationId: string) => ({
    type: 'message.upsert' as const,
    message: makeMessage({ id, conversationId, text: id, createdAt: T0 + seq, updatedAt: T0 + seq }),
  });

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    applier = new EventApplier(cache);
    seq = 1;
    apply([
      { type: 'agent.upsert', agent: makeAgent({ id: 'me', name: 'Aiko' }) },
      { type: 'channel.upsert', channel: makeChannel({ id: 'wa', linkedAgentIds: ['me'] }) },
      ...['c1', 'c2'].flatMap((id): HubEventBody[] => [
        { type: 'contact.upsert', contact: makeContact({ id: `k-${id}`, channelId: 'wa' }) },
        {
          type: 'conversation.upsert',
          conversation: makeConversation({ id, channelId: 'wa', contactId: `k-${id}`, assigneeId: 'me' }),
        },
      ]),
    ]);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('names the messages a live burst wrote per conversation, and their conversations', () => {
    const change = changeEventOf(apply([inbound('m1', 'c1'), inbound('m2', 'c2'), inbound('m3', 'c1')]), 'live');
    expect(change).toMatchObject({ type: 'changes', all: false, contactIds: [], templateChannelIds: [] });
    expect(change?.messages).toEqual([
      { conversationId: 'c1', messageIds: ['m1', 'm3'] },
      { conversationId: 'c2', messageIds: ['m2'] },
    ]);
    expect([...(change?.conversationIds ?? [])].sort()).toEqual(['c1', 'c2']);
  });

  it('names a renamed contact without asking for everything', () => {
    const change = changeEventOf(
      apply([{ type: 'contact.upsert', contact: makeContact({ id: 'k-c1', channelId: 'wa', name: 'Hanako' }) }]),
      'live',
    );
    expect(change).toMatchObject({ all: false, contactIds: ['k-c1'], messages: [] });
  });

  it('asks for everything after a snapshot page or a channel change', () => {
    expect(changeEventOf(apply([inbound('m4', 'c1')]), 'snapshot')?.all).toBe(true);
    const renamed = apply([{ type: 'channel.upsert', channel: makeChannel({ id: 'wa', name: 'WhatsApp EN' }) }]);
    expect(changeEventOf(renamed, 'live')?.all).toBe(true);
  });

  it('sends nothing for a batch that changed nothing shown', () => {
    apply([inbound('m5', 'c1')]);
    seq -= 1;
    // The same message again, as a resent page brings it: nothing new to show.
    expect(changeEventOf(apply([inbound('m5', 'c1')]), 'catch-up')).toBeNull();
  });
});
