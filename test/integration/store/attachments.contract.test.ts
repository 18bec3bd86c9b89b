/**
 * The attachment repository on both stores: what the media fetcher and agents' uploads rely on.
 */
import { expect, test } from 'vitest';
import type { Attachment } from '../../../src/shared/domain.js';
import type { AttachmentRecord } from '../../../src/hub/store/ports/attachments.js';
import { describeStores } from './stores.js';
import { T0, addAgent, addConversationWorld, addMessage, fixtureId } from './fixtures.js';

function pending(fields: Partial<Attachment> = {}): Attachment {
  return {
    id: fixtureId('attachment'),
    mimeType: 'application/octet-stream',
    fileName: null,
    size: null,
    sha256: null,
    status: 'pending',
    error: null,
    ...fields,
  };
}

describeStores('attachments', ({ open }) => {
  test('an inbound attachment keeps its provider reference until the fetcher stores the bytes', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const message = await addMessage(store, { channelId: channel.id, conversationId: conversation.id });
    const record: AttachmentRecord = {
      attachment: pending(),
      messageId: message.id,
      position: 0,
      providerRef: JSON.stringify({ kind: 'telegram', fileId: 'abc' }),
      attempts: 0,
    };
    await store.attachments.insert(record, T0);
    expect(await store.attachments.findById(record.attachment.id)).toEqual(record);

    const stored: Attachment = {
      ...record.attachment,
      mimeType: 'image/png',
      fileName: 'scan.png',
      size: 5_000_000_000,
      sha256: 'cd'.repeat(32),
      status: 'ready',
    };
    await store.attachments.update(stored, 2, T0 + 1);
    expect(await store.attachments.findById(record.attachment.id)).toEqual({
      ...record,
      attachment: stored,
      attempts: 2,
    });
    expect(await store.attachments.findById('missing')).toBeNull();
  });

  test('attachments of several messages come grouped by message, in position order', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    const one = await addMessage(store, refs);
    const two = await addMessage(store, refs);
    const bare = await addMessage(store, refs);
    const [a0, a1, b0] = [pending(), pending(), pending()];
    const add = (attachment: Attachment, messageId: string, position: number) =>
      store.attachments.insert({ attachment, messageId, position, providerRef: null, attempts: 0 }, T0);
    await add(a1, one.id, 1);
    await add(b0, two.id, 0);
    await add(a0, one.id, 0);

    const byMessage = await store.attachments.listOfMessages([one.id, two.id, bare.id]);
    expect(byMessage.get(one.id)).toEqual([a0, a1]);
    expect(byMessage.get(two.id)).toEqual([b0]);
    expect(byMessage.has(bare.id)).toBe(false);
    expect((await store.attachments.listOfMessages([])).size).toBe(0);
  });

  test('downloads still pending come oldest first, up to the limit; stored and failed ones are left out', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const message = await addMessage(store, { channelId: channel.id, conversationId: conversation.id });
    const add = (attachment: Attachment, position: number, at: number) =>
      store.attachments.insert({ attachment, messageId: message.id, position, providerRef: '{}', attempts: 1 }, at);
    const late = pending({ id: 'att-late' });
    const tieB = pending({ id: 'att-b' });
    const tieA = pending({ id: 'att-a' });
    await add(late, 0, T0 + 9);
    await add(tieB, 1, T0 + 1);
    await add(tieA, 2, T0 + 1);
    await add(pending({ status: 'ready', sha256: 'ef'.repeat(32) }), 3, T0);
    await add(pending({ status: 'failed', error: 'gone' }), 4, T0);

    expect((await store.attachments.listPending(10)).map((r) => r.attachment.id)).toEqual([
      'att-a',
      'att-b',
      'att-late',
    ]);
    expect((await store.attachments.listPending(1)).map((r) => r.attachment.id)).toEqual(['att-a']);
  });

  test("an agent's upload reads back as stored", async () => {
    const store = await open();
    const agent = await addAgent(store);
    const upload = {
      id: fixtureId('upload'),
      agentId: agent.id,
      sha256: '01'.repeat(32),
      mimeType: 'application/pdf',
      fileName: 'invoice.pdf',
      size: 42_000,
      createdAt: T0,
    };
    await store.attachments.insertUpload(upload);
    expect(await store.attachments.findUpload(upload.id)).toEqual(upload);
    expect(await store.attachments.findUpload('missing')).toBeNull();
  });
});
