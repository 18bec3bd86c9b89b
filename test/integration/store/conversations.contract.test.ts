/**
 * The conversation repository on both stores: what the inbox, sync, routing and snooze wake-ups read back.
 */
import { expect, test } from 'vitest';
import type { Conversation } from '../../../src/shared/domain.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { T0, addAgent, addChannel, addContact, addConversation, addConversationWorld, fixtureId } from './fixtures.js';

const MINUTE = 60_000;

async function channelWithContact(store: Store) {
  const channel = await addChannel(store);
  const contact = await addContact(store, channel.id);
  return { channel, contact };
}

describeStores('conversations', ({ open }) => {
  test('a conversation reads back as stored: ticket, labels, preview label, reply token and resolve time', async () => {
    const store = await open();
    const { channel, contact } = await channelWithContact(store);
    const agent = await addAgent(store);
    const ticket = await store.tickets.create(fixtureId('ticket'), 'Broken order', T0 + 1);
    const conversation = await addConversation(
      store,
      { channelId: channel.id, contactId: contact.id },
      {
        status: 'resolved',
        assigneeId: agent.id,
        ticket,
        lastInboundAt: T0 + 5,
        lastMessageAt: T0 + 9,
        lastMessagePreview: '[Image]',
        lastMessageLabel: { kind: 'image' },
        labels: ['vip', 'refund'],
        resolvedAt: T0 + 10,
        updatedAt: T0 + 10,
      },
    );
    await store.conversations.update({ conversation, replyToken: { token: 'line-token', expiresAt: T0 + MINUTE } });

    const found = await store.conversations.findById(conversation.id);
    expect(found).toEqual({
      conversation: { ...conversation, lastChargedAt: null, snoozedUntil: null },
      replyToken: { token: 'line-token', expiresAt: T0 + MINUTE },
    });
    // Routing never touched it: no queue figures on it.
    expect(found?.conversation).not.toHaveProperty('passCount');
    expect(await store.conversations.findById('no-such-conversation')).toBeNull();
  });

  test('an update replaces what changed and clears the reply token and the snooze', async () => {
    const store = await open();
    const { conversation } = await addConversationWorld(store);
    await store.conversations.update({
      conversation: { ...conversation, status: 'pending', snoozedUntil: T0 + MINUTE },
      replyToken: { token: 't1', expiresAt: T0 + MINUTE },
    });
    const next: Conversation = {
      ...conversation,
      status: 'open',
      snoozedUntil: null,
      labels: ['later'],
      lastMessagePreview: 'hello again',
      lastMessageLabel: null,
      lastMessageAt: T0 + 2 * MINUTE,
      updatedAt: T0 + 2 * MINUTE,
    };
    await store.conversations.update({ conversation: next, replyToken: null });
    const found = await store.conversations.findById(conversation.id);
    expect(found?.replyToken).toBeNull();
    expect(found?.conversation).toMatchObject({
      status: 'open',
      snoozedUntil: null,
      labels: ['later'],
      lastMessagePreview: 'hello again',
      lastMessageLabel: null,
      lastMessageAt: T0 + 2 * MINUTE,
      updatedAt: T0 + 2 * MINUTE,
    });
  });

  test('the queue figures routing keeps ride along on the conversation', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    await store.routing.save({
      conversationId: conversation.id,
      channelId: channel.id,
      queuedAt: T0 + 3,
      assignedAt: null,
      awaitingSince: T0 + 3,
      passCount: 2,
      passedAgentIds: [],
    });
    const found = await store.conversations.findById(conversation.id);
    expect(found?.conversation.queuedAt).toBe(T0 + 3);
    expect(found?.conversation.passCount).toBe(2);
  });

  test('the last charge counts only charges that were not refunded', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const charge = (id: string, at: number, messageId: string | null) =>
      store.credits.append({
        id,
        channelId: channel.id,
        delta: -1,
        reason: 'conversation:marketing',
        conversationId: conversation.id,
        messageId,
        agentId: null,
        createdAt: at,
      });
    await charge(fixtureId('credit'), T0 + 100, 'm-first');
    await charge(fixtureId('credit'), T0 + 200, 'm-refunded');
    await store.credits.append({
      id: fixtureId('credit'),
      channelId: channel.id,
      delta: 1,
      reason: 'refund',
      conversationId: conversation.id,
      messageId: 'm-refunded',
      agentId: null,
      createdAt: T0 + 300,
    });
    expect((await store.conversations.findById(conversation.id))?.conversation.lastChargedAt).toBe(T0 + 100);
  });

  test("a contact's latest conversation is the newest one; its list runs oldest first", async () => {
    const store = await open();
    const { channel, contact } = await channelWithContact(store);
    const refs = { channelId: channel.id, contactId: contact.id };
    const first = await addConversation(store, refs, { id: 'conv-b', createdAt: T0 });
    const tiedLater = await addConversation(store, refs, { id: 'conv-c', createdAt: T0 + MINUTE });
    const tiedEarlier = await addConversation(store, refs, { id: 'conv-a', createdAt: T0 + MINUTE });
    const other = await addContact(store, channel.id);
    await addConversation(store, { channelId: channel.id, contactId: other.id }, { createdAt: T0 + 5 * MINUTE });

    expect((await store.conversations.latestOfContact(contact.id))?.conversation.id).toBe(tiedLater.id);
    expect((await store.conversations.listOfContact(contact.id)).map((c) => c.id)).toEqual([
      first.id,
      tiedEarlier.id,
      tiedLater.id,
    ]);
    expect(await store.conversations.latestOfContact('nobody')).toBeNull();
  });

  test('the inbox lists newest activity first, page by page, within the viewer’s channels, without trashed contacts', async () => {
    const store = await open();
    const mine = await channelWithContact(store);
    const theirs = await channelWithContact(store);
    const trashed = await addContact(store, mine.channel.id, { deletedAt: T0 });
    const at = (minutes: number) => ({ lastMessageAt: T0 + minutes * MINUTE });
    const refs = { channelId: mine.channel.id, contactId: mine.contact.id };
    const c1 = await addConversation(store, refs, { id: 'c-1', ...at(1) });
    const c2a = await addConversation(store, refs, { id: 'c-2a', ...at(2) });
    const c2b = await addConversation(store, refs, { id: 'c-2b', ...at(2) });
    const c3 = await addConversation(store, refs, { id: 'c-3', ...at(3) });
    await addConversation(store, { channelId: mine.channel.id, contactId: trashed.id }, at(4));
    const elsewhere = await addConversation(
      store,
      { channelId: theirs.channel.id, contactId: theirs.contact.id },
      at(5),
    );

    const scope = [mine.channel.id];
    const page1 = await store.conversations.list({ scope }, null, 2);
    expect(page1.map((c) => c.id)).toEqual([c3.id, c2b.id]);
    const last = page1[1];
    if (!last) throw new Error('no second row');
    const page2 = await store.conversations.list({ scope }, { lastMessageAt: last.lastMessageAt, id: last.id }, 2);
    expect(page2.map((c) => c.id)).toEqual([c2a.id, c1.id]);

    const all = await store.conversations.list({ scope: null }, null, 10);
    expect(all.map((c) => c.id)).toEqual([elsewhere.id, c3.id, c2b.id, c2a.id, c1.id]);
    expect(await store.conversations.list({ scope: [] }, null, 10)).toEqual([]);
  });

  test('the inbox filters by channel, status and assignee (or unassigned)', async () => {
    const store = await open();
    const a = await channelWithContact(store);
    const b = await channelWithContact(store);
    const agent = await addAgent(store);
    const onA = { channelId: a.channel.id, contactId: a.contact.id };
    const assigned = await addConversation(store, onA, { assigneeId: agent.id, lastMessageAt: T0 + 1 });
    const pending = await addConversation(store, onA, { status: 'pending', lastMessageAt: T0 + 2 });
    const onB = await addConversation(
      store,
      { channelId: b.channel.id, contactId: b.contact.id },
      { lastMessageAt: T0 + 3 },
    );
    const ids = async (filter: Parameters<Store['conversations']['list']>[0]) =>
      (await store.conversations.list(filter, null, 10)).map((c) => c.id);

    expect(await ids({ scope: null, channelId: a.channel.id })).toEqual([pending.id, assigned.id]);
    expect(await ids({ scope: null, status: 'open' })).toEqual([onB.id, assigned.id]);
    expect(await ids({ scope: null, assigneeId: agent.id })).toEqual([assigned.id]);
    expect(await ids({ scope: null, assigneeId: 'none' })).toEqual([onB.id, pending.id]);
    expect(await ids({ scope: [b.channel.id], channelId: a.channel.id })).toEqual([]);
  });

  test('sync pages go by id after a cursor, within the scope; the count follows the scope', async () => {
    const store = await open();
    const a = await channelWithContact(store);
    const b = await channelWithContact(store);
    const onA = { channelId: a.channel.id, contactId: a.contact.id };
    await addConversation(store, onA, { id: 'k-01' });
    await addConversation(store, onA, { id: 'k-03' });
    await addConversation(store, { channelId: b.channel.id, contactId: b.contact.id }, { id: 'k-02' });
    await addConversation(store, onA, { id: 'k-04' });

    expect((await store.conversations.listAfter('', 2, null)).map((c) => c.id)).toEqual(['k-01', 'k-02']);
    expect((await store.conversations.listAfter('k-01', 10, [a.channel.id])).map((c) => c.id)).toEqual([
      'k-03',
      'k-04',
    ]);
    expect(await store.conversations.count(null)).toBe(4);
    expect(await store.conversations.count([a.channel.id])).toBe(3);
    expect(await store.conversations.count([])).toBe(0);
  });

  test("an agent's conversations on one channel, and snoozes that ended, oldest snooze first", async () => {
    const store = await open();
    const a = await channelWithContact(store);
    const b = await channelWithContact(store);
    const agent = await addAgent(store);
    const onA = { channelId: a.channel.id, contactId: a.contact.id };
    const mine1 = await addConversation(store, onA, { id: 'as-1', assigneeId: agent.id });
    const mine2 = await addConversation(store, onA, { id: 'as-2', assigneeId: agent.id, status: 'resolved' });
    await addConversation(store, onA, { id: 'as-3' });
    await addConversation(
      store,
      { channelId: b.channel.id, contactId: b.contact.id },
      { id: 'as-4', assigneeId: agent.id },
    );
    expect((await store.conversations.listAssignedTo(a.channel.id, agent.id)).map((r) => r.conversation.id)).toEqual([
      mine1.id,
      mine2.id,
    ]);

    const snoozed = (id: string, until: number) =>
      addConversation(store, onA, { id, status: 'pending', snoozedUntil: until });
    await snoozed('sz-late', T0 + 3 * MINUTE);
    await snoozed('sz-b', T0 + MINUTE);
    await snoozed('sz-a', T0 + MINUTE);
    await snoozed('sz-future', T0 + 10 * MINUTE);
    const due = await store.conversations.listSnoozeEnded(T0 + 3 * MINUTE, 10);
    expect(due.map((r) => r.conversation.id)).toEqual(['sz-a', 'sz-b', 'sz-late']);
    expect((await store.conversations.listSnoozeEnded(T0 + 3 * MINUTE, 1)).map((r) => r.conversation.id)).toEqual([
      'sz-a',
    ]);
  });
});
