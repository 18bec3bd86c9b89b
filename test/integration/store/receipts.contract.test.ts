/**
 * Delivery receipts on both stores: a message's parts by provider id (the first record of an id stays),
 * and receipts that came before their message, kept and handed over once, oldest first.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addConversationWorld, addMessage, T0 } from './fixtures.js';

type MessagePart = Parameters<Store['receipts']['addPart']>[0];
type EarlyReceipt = Parameters<Store['receipts']['keepEarly']>[0];

async function world(store: Store) {
  const { channel, conversation } = await addConversationWorld(store);
  const refs = { channelId: channel.id, conversationId: conversation.id };
  const message = await addMessage(store, refs, { direction: 'out', state: 'queued' });
  const other = await addMessage(store, refs, { direction: 'out', state: 'queued' });
  return { channelId: channel.id, messageId: message.id, otherId: other.id };
}

function part(channelId: string, providerMessageId: string, messageId: string): MessagePart {
  return { channelId, providerMessageId, messageId, state: 'sent', failureCode: null, failureReason: null };
}

describeStores('receipts', ({ open }) => {
  it("keeps a message's parts in the order they were sent; an id recorded twice keeps its first row", async () => {
    const store = await open();
    const { channelId, messageId, otherId } = await world(store);
    await store.receipts.addPart(part(channelId, 'wamid-3', messageId));
    await store.receipts.addPart(part(channelId, 'wamid-1', messageId));
    await store.receipts.addPart(part(channelId, 'wamid-2', messageId));
    await store.receipts.addPart(part(channelId, 'wamid-9', otherId));
    await store.receipts.addPart({ ...part(channelId, 'wamid-1', otherId), state: 'failed' });
    expect((await store.receipts.partsOf(messageId)).map((p) => p.providerMessageId)).toEqual([
      'wamid-3',
      'wamid-1',
      'wamid-2',
    ]);
    expect(await store.receipts.findPart(channelId, 'wamid-1')).toEqual(part(channelId, 'wamid-1', messageId));
    expect(await store.receipts.findPart(channelId, 'wamid-none')).toBeNull();
    expect(await store.receipts.findPart('channel-other', 'wamid-1')).toBeNull();
  });

  it("updates a part's state and failure, keeping its place among the message's parts", async () => {
    const store = await open();
    const { channelId, messageId } = await world(store);
    await store.receipts.addPart(part(channelId, 'p-1', messageId));
    await store.receipts.addPart(part(channelId, 'p-2', messageId));
    const failed = {
      ...part(channelId, 'p-1', messageId),
      state: 'failed' as const,
      failureCode: 'PROVIDER_REJECTED',
      failureReason: 'Too long',
    };
    await store.receipts.updatePart(failed);
    await store.receipts.updatePart({ ...part(channelId, 'p-2', messageId), state: 'delivered' });
    expect(await store.receipts.partsOf(messageId)).toEqual([
      failed,
      { ...part(channelId, 'p-2', messageId), state: 'delivered' },
    ]);
  });

  it('hands over early receipts once, oldest first, and purges the ones kept too long', async () => {
    const store = await open();
    const early = (providerMessageId: string, state: EarlyReceipt['state'], receivedAt: number): EarlyReceipt => ({
      channelId: 'channel-x',
      providerMessageId,
      state,
      failureCode: null,
      failureReason: null,
      receivedAt,
    });
    await store.receipts.keepEarly(early('m-1', 'read', T0 + 9));
    await store.receipts.keepEarly(early('m-1', 'delivered', T0 + 5));
    await store.receipts.keepEarly(early('m-2', 'delivered', T0 + 1));
    await store.receipts.keepEarly(early('m-3', 'sent', T0 + 2));
    expect(await store.receipts.takeEarly('channel-x', 'm-1')).toEqual([
      early('m-1', 'read', T0 + 9),
      early('m-1', 'delivered', T0 + 5),
    ]);
    expect(await store.receipts.takeEarly('channel-x', 'm-1')).toEqual([]);
    expect(await store.receipts.purgeEarly(T0 + 2)).toBe(1);
    expect(await store.receipts.takeEarly('channel-x', 'm-2')).toEqual([]);
    expect(await store.receipts.takeEarly('channel-x', 'm-3')).toEqual([early('m-3', 'sent', T0 + 2)]);
  });
});
