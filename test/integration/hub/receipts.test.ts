import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Message } from '../../../src/shared/domain.js';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';

const HOUR = 60 * 60 * 1000;

function receipt(providerMessageId: string, state: 'sent' | 'delivered' | 'read' | 'failed'): InboundEvent {
  return {
    type: 'status',
    providerMessageId,
    state,
    errorCode: state === 'failed' ? 'PROVIDER_REJECTED' : null,
    providerError: null,
    at: 0,
  };
}

describe('delivery receipts', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let sock: TestSocket;
  let channelId: string;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    channelId = (await t.createChannel({ kind: 'twilio', linkAgentIds: [aiko.agent.id] })).id;
    sock = await t.connect(aiko.token);
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A reply waiting in the queue (no dispatcher runs in these tests; the send result is reported by hand). */
  async function queuedReply(): Promise<Message> {
    const first = (await t.ingestText(channelId, { from: '+15005550006' })).messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(first))?.message.conversationId ?? '';
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'text',
      text: 'hi',
    });
    return Message.parse(ack.ok ? ack.data : null);
  }
  const stateOf = async (id: string) => (await t.hub.store.messages.findById(id))?.message.state;

  it('a delivery receipt that arrives before the send result is applied once the provider id is known', async () => {
    const message = await queuedReply();
    const early = await t.ingest(channelId, [receipt('SM-early', 'delivered')]);
    expect(early.updatedMessageIds).toEqual([]);
    expect(await stateOf(message.id)).toBe('queued');

    await t.hub.services.outbound.updateDelivery(message.id, { state: 'sent', providerMessageId: 'SM-early' });
    expect(await stateOf(message.id)).toBe('delivered');
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.id === message.id && e.message.state === 'delivered',
    );
    // The kept receipt was used up: a later message with another id is not touched by it.
    const other = await queuedReply();
    await t.hub.services.outbound.updateDelivery(other.id, { state: 'sent', providerMessageId: 'SM-other' });
    expect(await stateOf(other.id)).toBe('sent');
  });

  it('a receipt kept for more than an hour is dropped', async () => {
    const message = await queuedReply();
    await t.ingest(channelId, [receipt('SM-stale', 'read')]);
    t.clock.advance(HOUR + 1000);
    await t.hub.services.outbound.updateDelivery(message.id, { state: 'sent', providerMessageId: 'SM-stale' });
    expect(await stateOf(message.id)).toBe('sent');
  });

  it('a message sent as several provider messages is delivered only when every part is, and failed when one part fails', async () => {
    const message = await queuedReply();
    const ids = { providerMessageId: 'SM-a', extraProviderMessageIds: ['SM-b', 'SM-c'] };
    await t.hub.services.outbound.updateDelivery(message.id, { state: 'sent', ...ids });
    await t.ingest(channelId, [receipt('SM-a', 'delivered'), receipt('SM-b', 'read')]);
    expect(await stateOf(message.id)).toBe('sent');
    await t.ingest(channelId, [receipt('SM-c', 'delivered')]);
    expect(await stateOf(message.id)).toBe('delivered');
    await t.ingest(channelId, [receipt('SM-a', 'read'), receipt('SM-c', 'read')]);
    expect(await stateOf(message.id)).toBe('read');

    const second = await queuedReply();
    await t.hub.services.outbound.updateDelivery(second.id, {
      state: 'sent',
      providerMessageId: 'SM-x',
      extraProviderMessageIds: ['SM-y'],
    });
    await t.ingest(channelId, [receipt('SM-x', 'delivered'), receipt('SM-y', 'failed')]);
    expect((await t.hub.store.messages.findById(second.id))?.message).toMatchObject({
      state: 'failed',
      failureCode: 'PROVIDER_REJECTED',
    });
  });
});
