/**
 * The message repository (with the attachments it reads alongside) on both stores: what the thread, webhook
 * deduplication, sync and the dispatcher's restart read back.
 */
import { expect, test } from 'vitest';
import type { Attachment, Message } from '../../../src/shared/domain.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { T0, addAgent, addConversationWorld, addMessage, fixtureId } from './fixtures.js';

function attachment(fields: Partial<Attachment> = {}): Attachment {
  return {
    id: fixtureId('attachment'),
    mimeType: 'image/jpeg',
    fileName: 'photo.jpg',
    size: 1234,
    sha256: null,
    status: 'pending',
    error: null,
    ...fields,
  };
}

async function attach(store: Store, messageId: string, list: readonly Attachment[]): Promise<void> {
  // Inserted out of order: the message reads them back by position.
  for (const [position, a] of [...list.entries()].reverse())
    await store.attachments.insert({ attachment: a, messageId, position, providerRef: null, attempts: 0 }, T0);
}

describeStores('messages', ({ open }) => {
  test('a message reads back whole, with its attachments in their order, by id, client id and provider id', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const agent = await addAgent(store);
    const message = await addMessage(
      store,
      { channelId: channel.id, conversationId: conversation.id },
      {
        direction: 'out',
        kind: 'image',
        text: null,
        meta: { replyToProviderMessageId: 'wamid.quoted' },
        providerMessageId: 'wamid.1',
        clientId: fixtureId('client'),
        senderAgentId: agent.id,
        state: 'sent',
        createdAt: T0 + 1,
        updatedAt: T0 + 2,
      },
    );
    const files = [
      attachment({ fileName: 'first.jpg' }),
      attachment({ fileName: null, size: null, mimeType: 'video/mp4', status: 'ready', sha256: 'ab'.repeat(32) }),
      attachment({ status: 'failed', error: 'too large' }),
    ];
    await attach(store, message.id, files);
    const whole: Message = { ...message, attachments: files };

    expect(await store.messages.findById(message.id)).toEqual({
      message: whole,
      channelId: channel.id,
      replyToMessageId: null,
    });
    expect((await store.messages.findByClientId(message.clientId ?? ''))?.message).toEqual(whole);
    expect((await store.messages.findByProviderId(channel.id, 'wamid.1'))?.message).toEqual(whole);
    expect(await store.messages.findByProviderId('another-channel', 'wamid.1')).toBeNull();
    expect(await store.messages.findById('missing')).toBeNull();
    expect(await store.messages.findByClientId('missing')).toBeNull();
  });

  test('the quoted message and an update of text, meta, provider id, state and failure read back', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    const quoted = await addMessage(store, refs);
    const reply: Message = {
      ...quoted,
      id: fixtureId('message'),
      direction: 'out',
      state: 'queued',
      createdAt: T0 + 5,
      updatedAt: T0 + 5,
    };
    await store.messages.insert({ message: reply, channelId: channel.id, replyToMessageId: quoted.id });
    const failed: Message = {
      ...reply,
      text: 'edited',
      meta: { editedAt: T0 + 6 },
      providerMessageId: 'p-9',
      state: 'failed',
      failureCode: 'PROVIDER_REJECTED',
      failureReason: 'blocked',
      updatedAt: T0 + 7,
    };
    await store.messages.update(failed);
    expect(await store.messages.findById(reply.id)).toEqual({
      message: failed,
      channelId: channel.id,
      replyToMessageId: quoted.id,
    });
  });

  test('a client id and a provider id per channel are taken once', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    await addMessage(store, refs, { clientId: 'client-1', providerMessageId: 'p-1' });
    await expect(addMessage(store, refs, { clientId: 'client-1' })).rejects.toThrow();
    await expect(addMessage(store, refs, { providerMessageId: 'p-1' })).rejects.toThrow();
    const other = await addConversationWorld(store);
    await addMessage(
      store,
      { channelId: other.channel.id, conversationId: other.conversation.id },
      { providerMessageId: 'p-1' },
    );
    expect((await store.messages.findByProviderId(other.channel.id, 'p-1'))?.channelId).toBe(other.channel.id);
  });

  test('the thread pages newest first, strictly before the cursor, ties by id', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    for (const [id, at] of [
      ['m-1', 1],
      ['m-2b', 2],
      ['m-2a', 2],
      ['m-3', 3],
    ] as const)
      await addMessage(store, refs, { id, createdAt: T0 + at });
    const photo = attachment();
    await attach(store, 'm-2a', [photo]);
    const elsewhere = await addConversationWorld(store);
    await addMessage(store, { channelId: elsewhere.channel.id, conversationId: elsewhere.conversation.id });

    const first = await store.messages.page(conversation.id, null, 2);
    expect(first.map((m) => m.id)).toEqual(['m-3', 'm-2b']);
    const next = await store.messages.page(conversation.id, { createdAt: T0 + 2, id: 'm-2b' }, 10);
    expect(next.map((m) => m.id)).toEqual(['m-2a', 'm-1']);
    expect(next[0]?.attachments).toEqual([photo]);
    expect(next[1]?.attachments).toEqual([]);
  });

  test('sync pages go by id within the scope; the count follows the scope', async () => {
    const store = await open();
    const a = await addConversationWorld(store);
    const b = await addConversationWorld(store);
    const onA = { channelId: a.channel.id, conversationId: a.conversation.id };
    await addMessage(store, onA, { id: 'x-1' });
    await addMessage(store, { channelId: b.channel.id, conversationId: b.conversation.id }, { id: 'x-2' });
    await addMessage(store, onA, { id: 'x-3' });

    expect((await store.messages.listAfter('', 2, null)).map((m) => m.id)).toEqual(['x-1', 'x-2']);
    expect((await store.messages.listAfter('x-1', 10, [a.channel.id])).map((m) => m.id)).toEqual(['x-3']);
    expect(await store.messages.listAfter('', 10, [])).toEqual([]);
    expect(await store.messages.count(null)).toBe(3);
    expect(await store.messages.count([b.channel.id])).toBe(1);
  });

  test('outbound messages still queued come back oldest first, up to the limit', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    const out = (id: string, at: number, state: Message['state']) =>
      addMessage(store, refs, { id, direction: 'out', state, createdAt: T0 + at });
    await out('q-late', 9, 'queued');
    await out('q-b', 1, 'queued');
    await out('q-a', 1, 'queued');
    await out('sent', 0, 'sent');
    await addMessage(store, refs, { id: 'in', state: 'received', createdAt: T0 });

    const queued = await store.messages.listQueuedOutbound(10);
    expect(queued.map((r) => r.message.id)).toEqual(['q-a', 'q-b', 'q-late']);
    expect(queued[0]?.channelId).toBe(channel.id);
    expect((await store.messages.listQueuedOutbound(1)).map((r) => r.message.id)).toEqual(['q-a']);
  });

  test('the same provider message stored by two writers at once is stored once; the other write fails', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    const attempt = () =>
      store.transaction(async () => {
        const message = await addMessage(store, refs, { providerMessageId: 'wamid.twice' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        return message.id;
      });
    const outcomes = await Promise.allSettled([attempt(), attempt()]);
    const stored = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(stored).toHaveLength(1);
    expect((await store.messages.findByProviderId(channel.id, 'wamid.twice'))?.message.id).toBe(stored[0]);
    expect(await store.messages.count(null)).toBe(1);
  });
});
