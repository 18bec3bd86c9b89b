/**
 * The contacts trash on both stores: what an admin sees in Settings → Trash and what a purge removes.
 * The search matches like SQLite's LIKE on both stores — anywhere in the name, phone, username or provider
 * id, ASCII letters in either case, nothing else folded, wildcards taken literally, a phone number whatever
 * its spaces and dashes — and the pages come newest first in the same order. A purge leaves nothing of the
 * contact readable: conversations, messages, attachment rows, read markers, activity and logged events go;
 * the ticket numbers stay with blank subjects.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, addChannel, addContact, addConversation, addMessage, T0 } from './fixtures.js';

async function trashed(
  store: Store,
  id: string,
  deletedAt: number,
  fields: {
    name?: string;
    phone?: string | null;
    username?: string | null;
    externalId?: string;
    channelId?: string;
  } = {},
): Promise<void> {
  await addContact(store, fields.channelId ?? 'ch-1', {
    id,
    name: fields.name ?? `Customer ${id}`,
    identity: {
      externalId: fields.externalId ?? `ext-${id}`,
      phone: fields.phone ?? null,
      username: fields.username ?? null,
    },
    deletedAt,
  });
}

const search = async (store: Store, text: string | null): Promise<string[]> =>
  (await store.contactTrash.listTrashed({ search: text, after: null, limit: 50 })).map((r) => r.contact.id);

describeStores('contact trash', ({ open }) => {
  it('lists trashed contacts newest first with their channel and conversation count, a page at a time', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1', kind: 'line' });
    await addContact(store, 'ch-1', { id: 'live' });
    await trashed(store, 't-old', T0 + 1);
    await trashed(store, 't-b', T0 + 5);
    await trashed(store, 't-a', T0 + 5);
    await trashed(store, 't-B', T0 + 5);
    await trashed(store, 't-new', T0 + 9);
    await addConversation(store, { channelId: 'ch-1', contactId: 't-new' });
    await addConversation(store, { channelId: 'ch-1', contactId: 't-new' });

    const all = await store.contactTrash.listTrashed({ search: null, after: null, limit: 10 });
    expect(all.map((r) => r.contact.id)).toEqual(['t-new', 't-b', 't-a', 't-B', 't-old']);
    expect(all[0]).toMatchObject({
      contact: { id: 't-new', deletedAt: T0 + 9 },
      channel: { id: 'ch-1', name: 'Channel ch-1', kind: 'line' },
      conversationCount: 2,
    });
    expect(all[1]?.conversationCount).toBe(0);

    const page = (after: { deletedAt: number; id: string } | null) =>
      store.contactTrash.listTrashed({ search: '', after, limit: 2 }).then((rows) => rows.map((r) => r.contact.id));
    expect(await page(null)).toEqual(['t-new', 't-b']);
    expect(await page({ deletedAt: T0 + 5, id: 't-b' })).toEqual(['t-a', 't-B']);
    expect(await page({ deletedAt: T0 + 5, id: 't-B' })).toEqual(['t-old']);
    expect(await page({ deletedAt: T0 + 1, id: 't-old' })).toEqual([]);
  });

  it('finds a trashed contact by any part of its name, phone, username or provider id', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await trashed(store, 'tanaka', T0 + 1, { name: '田中 太郎', phone: '+81 90-1234-5678' });
    await trashed(store, 'suzuki', T0 + 2, { name: 'Ichiro Suzuki', username: 'ichi_ro' });
    await trashed(store, 'spam', T0 + 3, { name: 'x', externalId: 'bot_7' });
    await addContact(store, 'ch-1', { id: 'live', name: 'Ichiro Live' });

    expect(await search(store, '田中')).toEqual(['tanaka']);
    expect(await search(store, 'SUZUKI')).toEqual(['suzuki']);
    expect(await search(store, 'iChI')).toEqual(['suzuki']);
    expect(await search(store, 'bot_7')).toEqual(['spam']);
    expect(await search(store, '9012345678')).toEqual(['tanaka']);
    expect(await search(store, '90 1234 5678')).toEqual(['tanaka']);
    expect(await search(store, '+81 90')).toEqual(['tanaka']);
    expect(await search(store, 'nobody')).toEqual([]);
  });

  it('takes % _ and \\ in a search literally', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await trashed(store, 'plain', T0 + 1, { name: 'abc' });
    await trashed(store, 'percent', T0 + 2, { name: '100% sure' });
    await trashed(store, 'under', T0 + 3, { name: 'a_c' });
    await trashed(store, 'slash', T0 + 4, { name: 'back\\slash' });
    expect(await search(store, '%')).toEqual(['percent']);
    expect(await search(store, 'a_c')).toEqual(['under']);
    expect(await search(store, '_')).toEqual(['under']);
    expect(await search(store, '\\')).toEqual(['slash']);
    expect(await search(store, 'k\\s')).toEqual(['slash']);
  });

  it('ignores the case of ASCII letters only, as SQLite does: accented and full-width letters stay distinct', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await trashed(store, 'accent', T0 + 1, { name: 'Émile' });
    await trashed(store, 'wide', T0 + 2, { name: 'ＡＢＣ' });
    await trashed(store, 'greek', T0 + 3, { name: 'Σοφία' });
    expect(await search(store, 'MILE')).toEqual(['accent']);
    expect(await search(store, 'Émile')).toEqual(['accent']);
    expect(await search(store, 'émile')).toEqual([]);
    expect(await search(store, 'ＡＢＣ')).toEqual(['wide']);
    expect(await search(store, 'ａｂｃ')).toEqual([]);
    expect(await search(store, 'ABC')).toEqual([]);
    expect(await search(store, 'σοφία')).toEqual([]);
  });

  it('purges a trashed contact and everything of it, keeping ticket numbers and other contacts', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await addAgent(store, { id: 'agent-1' });
    const gone = await addContact(store, 'ch-1', { id: 'gone', deletedAt: T0 + 1 });
    const kept = await addContact(store, 'ch-1', { id: 'kept' });
    const ticket = await store.tickets.create('ticket-1', 'Refund for order 42', T0);
    const conversation = await addConversation(store, { channelId: 'ch-1', contactId: 'gone' }, { ticket });
    const other = await addConversation(store, { channelId: 'ch-1', contactId: 'kept' });
    const message = await addMessage(store, { channelId: 'ch-1', conversationId: conversation.id }, { id: 'm-gone' });
    await addMessage(store, { channelId: 'ch-1', conversationId: conversation.id }, { id: 'm-gone-2' });
    await addMessage(store, { channelId: 'ch-1', conversationId: other.id }, { id: 'm-kept' });
    const blob = (c: string) => c.repeat(64);
    const attachment = (id: string, messageId: string, sha256: string) =>
      store.attachments.insert(
        {
          attachment: { id, mimeType: 'image/png', fileName: null, size: 3, sha256, status: 'ready', error: null },
          messageId,
          position: 0,
          providerRef: null,
          attempts: 0,
        },
        T0,
      );
    await attachment('a-only', 'm-gone', blob('a'));
    await attachment('a-shared', 'm-gone-2', blob('b'));
    await attachment('a-kept', 'm-kept', blob('b'));
    await store.reads.upsert({
      conversationId: conversation.id,
      agentId: 'agent-1',
      readAt: T0 + 3,
      markedUnread: false,
    });
    await store.reads.upsert({ conversationId: other.id, agentId: 'agent-1', readAt: T0 + 3, markedUnread: false });
    const visibility = { channelId: 'ch-1', agentId: null };
    await store.events.appendMany([
      { body: { type: 'contact.upsert', contact: gone }, visibility, at: T0 },
      { body: { type: 'conversation.upsert', conversation }, visibility, at: T0 },
      { body: { type: 'message.upsert', message }, visibility, at: T0 },
      { body: { type: 'contact.upsert', contact: kept }, visibility, at: T0 },
      { body: { type: 'conversation.upsert', conversation: other }, visibility, at: T0 },
    ]);

    const purged = await store.contactTrash.scrubbing(() => store.transaction(() => store.contactTrash.purge(gone)));
    expect(purged).toEqual({
      conversationIds: [conversation.id],
      messages: 2,
      attachments: 2,
      unreferencedBlobs: [blob('a')],
    });
    expect(await store.contacts.findById('gone')).toBeNull();
    expect(await store.conversations.findById(conversation.id)).toBeNull();
    expect(await store.messages.findById('m-gone')).toBeNull();
    expect(await store.attachments.findById('a-only')).toBeNull();
    expect(await store.reads.listOfAgent('agent-1')).toEqual([expect.objectContaining({ conversationId: other.id })]);
    const events = await store.events.listAfter(0, 100, { agentId: 'agent-1', scope: null });
    expect(events.map((e) => e.type)).toEqual(['contact.upsert', 'conversation.upsert']);
    expect(JSON.stringify(events)).not.toContain('"gone"');
    // What stays holds nothing of the customer.
    expect(await store.contacts.findById('kept')).not.toBeNull();
    expect(await store.messages.findById('m-kept')).not.toBeNull();
    expect(await store.attachments.findById('a-kept')).not.toBeNull();
    const next = await store.tickets.create('ticket-2', 'next', T0 + 5);
    expect(next.number).toBe(2);
    expect(await search(store, null)).toEqual([]);
  });

  it('a purge that fails part-way leaves the contact whole', async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    const gone = await addContact(store, 'ch-1', { id: 'gone', deletedAt: T0 + 1 });
    const conversation = await addConversation(store, { channelId: 'ch-1', contactId: 'gone' });
    await addMessage(store, { channelId: 'ch-1', conversationId: conversation.id }, { id: 'm-1' });
    await expect(
      store.contactTrash.scrubbing(() =>
        store.transaction(async () => {
          await store.contactTrash.purge(gone);
          throw new Error('disk full');
        }),
      ),
    ).rejects.toThrow('disk full');
    expect(await search(store, null)).toEqual(['gone']);
    expect(await store.messages.findById('m-1')).not.toBeNull();
  });
});
