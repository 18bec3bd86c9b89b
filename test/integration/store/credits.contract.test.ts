/**
 * The credit ledger on both stores: a channel's pages newest first with every filter and the names shown
 * beside each entry, and the charges a template refund or the free 24 h window looks for.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, addContact, addConversation, addChannel, T0 } from './fixtures.js';

type CreditEntry = Parameters<Store['credits']['append']>[0];
type LedgerPageQuery = Parameters<Store['credits']['page']>[1];

const ALL: LedgerPageQuery = { kind: null, from: null, to: null, conversationId: null, after: null, limit: 50 };

async function world(store: Store) {
  const admin = await addAgent(store, { name: 'Ada Admin', role: 'admin' });
  const channel = await addChannel(store, { kind: 'whatsapp' });
  const other = await addChannel(store, { kind: 'whatsapp' });
  const contact = await addContact(store, channel.id, { name: 'Kenji' });
  const conversation = await addConversation(store, { channelId: channel.id, contactId: contact.id });
  const entry = (id: string, fields: Partial<CreditEntry>): CreditEntry => ({
    id,
    channelId: channel.id,
    delta: -10,
    reason: 'conversation:marketing',
    conversationId: conversation.id,
    messageId: null,
    agentId: null,
    createdAt: T0,
    ...fields,
  });
  return { admin, channel, other, conversation, entry };
}

describeStores('credit ledger', ({ open }) => {
  it("pages a channel's ledger newest first, with the contact and admin names, after a cursor", async () => {
    const store = await open();
    const { admin, channel, other, conversation, entry } = await world(store);
    await store.credits.append(entry('e-1', { delta: 500, reason: 'top-up', conversationId: null, agentId: admin.id }));
    await store.credits.append(entry('e-2', { createdAt: T0 + 10, messageId: 'msg-1' }));
    await store.credits.append(entry('e-4', { createdAt: T0 + 20, delta: 10, reason: 'refund', messageId: 'msg-1' }));
    await store.credits.append(entry('e-3', { createdAt: T0 + 20, reason: 'conversation:utility' }));
    await store.credits.append(entry('e-9', { channelId: other.id, conversationId: null }));
    const all = await store.credits.page(channel.id, ALL);
    expect(all.map((e) => e.id)).toEqual(['e-4', 'e-3', 'e-2', 'e-1']);
    expect(all.map((e) => e.kind)).toEqual(['refund', 'charge', 'charge', 'top-up']);
    expect(all[3]).toEqual({
      id: 'e-1',
      channelId: channel.id,
      delta: 500,
      reason: 'top-up',
      conversationId: null,
      messageId: null,
      agentId: admin.id,
      createdAt: T0,
      kind: 'top-up',
      contactName: null,
      agentName: 'Ada Admin',
    });
    expect(all[0]).toMatchObject({ contactName: 'Kenji', agentName: null, conversationId: conversation.id });
    const first = await store.credits.page(channel.id, { ...ALL, limit: 2 });
    expect(first.map((e) => e.id)).toEqual(['e-4', 'e-3']);
    const next = await store.credits.page(channel.id, { ...ALL, limit: 2, after: { createdAt: T0 + 20, id: 'e-3' } });
    expect(next.map((e) => e.id)).toEqual(['e-2', 'e-1']);
  });

  it('filters a page by kind, time range and conversation', async () => {
    const store = await open();
    const { channel, conversation, entry } = await world(store);
    await store.credits.append(entry('e-1', { delta: 500, reason: 'top-up', conversationId: null }));
    await store.credits.append(entry('e-2', { createdAt: T0 + 10 }));
    await store.credits.append(entry('e-3', { createdAt: T0 + 20, delta: 10, reason: 'refund' }));
    await store.credits.append(
      entry('e-4', { createdAt: T0 + 30, reason: 'conversation:utility', conversationId: null }),
    );
    const ids = async (q: Partial<LedgerPageQuery>) =>
      (await store.credits.page(channel.id, { ...ALL, ...q })).map((e) => e.id);
    expect(await ids({ kind: 'charge' })).toEqual(['e-4', 'e-2']);
    expect(await ids({ kind: 'top-up' })).toEqual(['e-1']);
    expect(await ids({ kind: 'refund' })).toEqual(['e-3']);
    expect(await ids({ from: T0 + 10, to: T0 + 30 })).toEqual(['e-3', 'e-2']);
    expect(await ids({ conversationId: conversation.id })).toEqual(['e-3', 'e-2']);
    expect(await ids({ kind: 'charge', conversationId: conversation.id, from: T0 + 11 })).toEqual([]);
  });

  it("finds a conversation's charges since a time and a message's charge, leaving refunded ones out", async () => {
    const store = await open();
    const { conversation, entry } = await world(store);
    await store.credits.append(entry('c-old', { createdAt: T0, messageId: 'msg-old' }));
    await store.credits.append(entry('c-refunded', { createdAt: T0 + 10, messageId: 'msg-r' }));
    await store.credits.append(entry('r-1', { createdAt: T0 + 11, delta: 10, reason: 'refund', messageId: 'msg-r' }));
    await store.credits.append(entry('c-a', { createdAt: T0 + 20, messageId: 'msg-a' }));
    await store.credits.append(entry('c-b', { createdAt: T0 + 20, messageId: null }));
    await store.credits.append(entry('top', { createdAt: T0 + 30, delta: 100, reason: 'top-up' }));
    const since = await store.credits.chargesSince(conversation.id, T0);
    expect(since.map((e) => e.id)).toEqual(['c-b', 'c-a']);
    expect(since[1]).toEqual(entry('c-a', { createdAt: T0 + 20, messageId: 'msg-a' }));
    expect((await store.credits.unrefundedChargeOf('msg-a'))?.id).toBe('c-a');
    expect(await store.credits.unrefundedChargeOf('msg-r')).toBeNull();
    expect(await store.credits.unrefundedChargeOf('msg-none')).toBeNull();
  });
});
