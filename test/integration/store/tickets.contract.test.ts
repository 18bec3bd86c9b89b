/**
 * Tickets on both stores: numbered 1, 2, 3 … in creation order across the hub, never the same number twice
 * even when several transactions create tickets at once, and the open conversations a channel's "convert
 * to tickets" would take, oldest first.
 */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';
import { addChannel, addContact, addConversation, T0 } from './fixtures.js';

describeStores('tickets', ({ open }) => {
  it('numbers tickets from 1 in creation order and keeps a new subject', async () => {
    const store = await open();
    expect(await store.tickets.create('t-b', 'First', T0)).toEqual({
      id: 't-b',
      number: 1,
      subject: 'First',
      createdAt: T0,
    });
    expect((await store.tickets.create('t-a', 'Second', T0)).number).toBe(2);
    expect((await store.tickets.create('t-c', '', T0 + 1)).number).toBe(3);
  });

  it("a new subject reads back with the ticket's conversation", async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await addContact(store, 'ch-1', { id: 'c-1' });
    const ticket = await store.tickets.create('t-1', 'Old subject', T0);
    await addConversation(store, { channelId: 'ch-1', contactId: 'c-1' }, { id: 'v-1', ticket });
    await store.tickets.setSubject('t-1', 'New subject');
    expect((await store.conversations.findById('v-1'))?.conversation.ticket).toEqual({
      ...ticket,
      subject: 'New subject',
    });
  });

  it('gives concurrent creations distinct numbers, and a rolled-back creation gives its number back', async () => {
    const store = await open();
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.transaction(() => store.tickets.create(`t-${i}`, `s ${i}`, T0 + i))),
    );
    expect(created.map((t) => t.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(
      store.transaction(async () => {
        await store.tickets.create('t-undone', 'undone', T0);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await store.tickets.create('t-9', 'after', T0)).number).toBe(9);
  });

  it("lists a channel's open conversations without a ticket, of live contacts, oldest first", async () => {
    const store = await open();
    await addChannel(store, { id: 'ch-1' });
    await addChannel(store, { id: 'ch-2' });
    await addContact(store, 'ch-1', { id: 'c-1' });
    await addContact(store, 'ch-1', { id: 'c-trashed', deletedAt: T0 });
    await addContact(store, 'ch-2', { id: 'c-2' });
    const conversation = (id: string, fields: object = {}) =>
      addConversation(store, { channelId: 'ch-1', contactId: 'c-1' }, { id, ...fields });
    await conversation('v-late', { createdAt: T0 + 5 });
    await conversation('v-b', { createdAt: T0 + 1 });
    await conversation('v-a', { createdAt: T0 + 1, status: 'pending' });
    await conversation('v-resolved', { createdAt: T0, status: 'resolved' });
    await conversation('v-ticket', { createdAt: T0, ticket: await store.tickets.create('t-1', 'x', T0) });
    await addConversation(store, { channelId: 'ch-1', contactId: 'c-trashed' }, { id: 'v-trashed', createdAt: T0 });
    await addConversation(store, { channelId: 'ch-2', contactId: 'c-2' }, { id: 'v-other', createdAt: T0 });

    expect(await store.tickets.listUnconvertedOpen('ch-1', 10)).toEqual(['v-a', 'v-b', 'v-late']);
    expect(await store.tickets.listUnconvertedOpen('ch-1', 2)).toEqual(['v-a', 'v-b']);
    expect(await store.tickets.listUnconvertedOpen('ch-2', 10)).toEqual(['v-other']);
  });
});
