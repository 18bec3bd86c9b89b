/**
 * The routing repository on both stores: queues and their figures, who waits for an answer, round-robin
 * times and presence — what the router (services/routing/router.ts) decides with.
 */
import { expect, test } from 'vitest';
import type { Store } from '../../../src/hub/store/store.js';
import type { RoutingState } from '../../../src/hub/store/ports/routing.js';
import type { Conversation } from '../../../src/shared/domain.js';
import { describeStores } from './stores.js';
import { T0, addAgent, addChannel, addContact, addConversation, addConversationWorld, addMessage } from './fixtures.js';

const MINUTE = 60_000;

function state(conversationId: string, channelId: string, fields: Partial<RoutingState> = {}): RoutingState {
  return {
    conversationId,
    channelId,
    queuedAt: null,
    assignedAt: null,
    awaitingSince: null,
    passCount: 0,
    passedAgentIds: [],
    ...fields,
  };
}

/** A conversation on the channel with its routing row. */
async function routed(
  store: Store,
  channelId: string,
  contactId: string,
  fields: Partial<RoutingState> & { readonly assigneeId?: string; readonly status?: 'open' | 'pending' | 'resolved' },
): Promise<string> {
  const { assigneeId = null, status = 'open', ...routing } = fields;
  const conversation = await addConversation(store, { channelId, contactId }, { assigneeId, status });
  await store.routing.save(state(conversation.id, channelId, routing));
  return conversation.id;
}

describeStores('routing', ({ open }) => {
  test('a routing state is saved whole and a later save replaces it', async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    expect(await store.routing.stateOf(conversation.id)).toBeNull();
    const first = state(conversation.id, channel.id, { queuedAt: T0, awaitingSince: T0 });
    await store.routing.save(first);
    expect(await store.routing.stateOf(conversation.id)).toEqual(first);
    const passed = { ...first, queuedAt: null, assignedAt: T0 + 1, passCount: 1, passedAgentIds: ['a-1', 'a-2'] };
    await store.routing.save(passed);
    expect(await store.routing.stateOf(conversation.id)).toEqual(passed);
  });

  test("a channel's queue runs oldest first and leaves out conversations that no longer exist", async () => {
    const store = await open();
    const a = await addChannel(store);
    const b = await addChannel(store);
    const contact = await addContact(store, a.id);
    const late = await routed(store, a.id, contact.id, { queuedAt: T0 + 9 });
    const early = await routed(store, a.id, contact.id, { queuedAt: T0 + 1 });
    await routed(store, a.id, contact.id, { queuedAt: null, assignedAt: T0 });
    // A purged contact's conversation is gone; its routing row stays behind (no foreign key).
    await store.routing.save(state('purged-conversation', a.id, { queuedAt: T0 }));
    await store.routing.save(state('purged-elsewhere', b.id, { queuedAt: T0 }));

    expect(await store.routing.queued(a.id)).toEqual([
      { conversationId: early, queuedAt: T0 + 1 },
      { conversationId: late, queuedAt: T0 + 9 },
    ]);
    expect(await store.routing.queued(b.id)).toEqual([]);
    expect(await store.routing.queuedChannelIds()).toEqual([a.id]);
  });

  test("queue figures: length and oldest wait per channel, changed-at from the channel's creation until touched", async () => {
    const store = await open();
    const busy = await addChannel(store, { id: 'ch-1', createdAt: T0 - MINUTE });
    const quiet = await addChannel(store, { id: 'ch-2', createdAt: T0 - 2 * MINUTE });
    const contact = await addContact(store, busy.id);
    await routed(store, busy.id, contact.id, { queuedAt: T0 + 5 });
    await routed(store, busy.id, contact.id, { queuedAt: T0 + 3 });

    const busyFigures = { channelId: busy.id, length: 2, oldestQueuedAt: T0 + 3, updatedAt: T0 - MINUTE };
    const quietFigures = { channelId: quiet.id, length: 0, oldestQueuedAt: null, updatedAt: T0 - 2 * MINUTE };
    expect(await store.routing.queues(null)).toEqual([busyFigures, quietFigures]);
    expect(await store.routing.queues([quiet.id])).toEqual([quietFigures]);
    expect(await store.routing.queues([])).toEqual([]);

    // Touching returns the figures with the new time; an older touch never moves it back.
    expect(await store.routing.touchQueue(busy.id, T0 + 10)).toEqual({ ...busyFigures, updatedAt: T0 + 10 });
    expect(await store.routing.touchQueue(busy.id, T0 + 4)).toEqual({ ...busyFigures, updatedAt: T0 + 10 });
    expect(await store.routing.queues([busy.id])).toEqual([{ ...busyFigures, updatedAt: T0 + 10 }]);
    expect(await store.routing.touchQueue('no-such-channel', T0 + 7)).toEqual({
      channelId: 'no-such-channel',
      length: 0,
      oldestQueuedAt: null,
      updatedAt: T0 + 7,
    });
  });

  test('who waits for an answer: assigned open conversations only, longest waiting first, per agent', async () => {
    const store = await open();
    const { channel, contact } = await addConversationWorld(store);
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    const annLong = await routed(store, channel.id, contact.id, {
      assigneeId: ann.id,
      awaitingSince: T0 + 1,
      assignedAt: T0,
    });
    const bobWaits = await routed(store, channel.id, contact.id, { assigneeId: bob.id, awaitingSince: T0 + 2 });
    await routed(store, channel.id, contact.id, { assigneeId: ann.id, awaitingSince: null });
    await routed(store, channel.id, contact.id, { assigneeId: ann.id, awaitingSince: T0, status: 'pending' });
    await routed(store, channel.id, contact.id, { awaitingSince: T0, queuedAt: T0 });

    expect(await store.routing.awaiting(null)).toEqual([
      { conversationId: annLong, channelId: channel.id, assigneeId: ann.id, awaitingSince: T0 + 1, assignedAt: T0 },
      { conversationId: bobWaits, channelId: channel.id, assigneeId: bob.id, awaitingSince: T0 + 2, assignedAt: null },
    ]);
    expect((await store.routing.awaiting(bob.id)).map((w) => w.conversationId)).toEqual([bobWaits]);
  });

  test("an agent's last answer counts replies to the customer only: not notes, failed sends or automatic messages", async () => {
    const store = await open();
    const { channel, conversation } = await addConversationWorld(store);
    const agent = await addAgent(store);
    const refs = { channelId: channel.id, conversationId: conversation.id };
    expect(await store.routing.lastAgentReplyAt(conversation.id)).toBeNull();
    const out = { direction: 'out' as const, senderAgentId: agent.id };
    await addMessage(store, refs, { ...out, state: 'delivered', createdAt: T0 + 1 });
    await addMessage(store, refs, { ...out, state: 'failed', createdAt: T0 + 5 });
    await addMessage(store, refs, { ...out, kind: 'note', state: 'sent', createdAt: T0 + 6 });
    await addMessage(store, refs, { direction: 'out', senderAgentId: null, state: 'sent', createdAt: T0 + 7 });
    await addMessage(store, refs, { createdAt: T0 + 8 });
    expect(await store.routing.lastAgentReplyAt(conversation.id)).toBe(T0 + 1);
  });

  test('a pick reads each agent with their load: open conversations everywhere and on the channel, and round robin', async () => {
    const store = await open();
    const { channel, contact } = await addConversationWorld(store);
    const other = await addConversationWorld(store);
    const ann = { ...(await addAgent(store)), capacity: 3 };
    // Capacity is an admin's later change (an agent is created without one).
    await store.agents.update(ann, T0);
    const bob = await addAgent(store, {
      role: 'admin',
      permissions: { view: false, create: false, update: false, delete: false },
    });
    const cid = await addAgent(store, { active: false });
    expect(await store.routing.maxAssignedAt()).toBe(0);
    await routed(store, channel.id, contact.id, { assigneeId: ann.id, assignedAt: T0 + 1 });
    await routed(store, channel.id, contact.id, { assigneeId: ann.id, assignedAt: T0 + 4, status: 'resolved' });
    await routed(store, channel.id, contact.id, { assigneeId: bob.id, assignedAt: T0 + 2 });
    await routed(store, other.channel.id, other.contact.id, { assigneeId: bob.id, assignedAt: T0 + 9 });
    await routed(store, other.channel.id, other.contact.id, { assigneeId: bob.id, status: 'pending' });
    expect(await store.routing.noteAssigned(ann.id, T0 + 4)).toBe(T0 + 4);
    expect(await store.routing.noteAssigned(bob.id, T0 + 9)).toBe(T0 + 9);
    // A clock behind the agent's last stamp (or the same millisecond) still moves round robin on, never back.
    expect(await store.routing.noteAssigned(bob.id, T0 + 2)).toBe(T0 + 10);
    expect(await store.routing.noteAssigned(bob.id, T0 + 10)).toBe(T0 + 11);
    expect(await store.routing.maxAssignedAt()).toBe(T0 + 9);

    const byId = async (channelId: string) =>
      Object.fromEntries(
        (await store.routing.candidates(channelId, [ann.id, bob.id, cid.id, 'no-such-agent'])).map((c) => [
          c.agentId,
          c,
        ]),
      );
    const here = await byId(channel.id);
    expect(Object.keys(here).sort()).toEqual([ann.id, bob.id, cid.id].sort());
    expect(here[ann.id]).toEqual({
      agentId: ann.id,
      role: 'agent',
      active: true,
      permissions: ann.permissions,
      capacity: 3,
      open: 1,
      openOnChannel: 1,
      lastAssignedAt: T0 + 4,
    });
    expect(here[bob.id]).toMatchObject({
      role: 'admin',
      permissions: bob.permissions,
      open: 2,
      openOnChannel: 1,
      lastAssignedAt: T0 + 11,
    });
    expect(here[cid.id]).toMatchObject({
      active: false,
      capacity: null,
      open: 0,
      openOnChannel: 0,
      lastAssignedAt: null,
    });
    expect((await byId(other.channel.id))[bob.id]).toMatchObject({ open: 2, openOnChannel: 1 });
    expect(await store.routing.candidates(channel.id, [])).toEqual([]);

    // Routing's order: fewest open first; the same load goes to the one assigned longest ago, then by id.
    const dan = await addAgent(store, { id: 'agent-zz-dan' });
    const eve = await addAgent(store, { id: 'agent-zz-eve' });
    for (const agent of [dan, eve])
      await addConversation(store, { channelId: channel.id, contactId: contact.id }, { assigneeId: agent.id });
    await store.routing.noteAssigned(dan.id, T0 + 3);
    const all = [ann.id, bob.id, cid.id, dan.id, eve.id];
    const order = (await store.routing.candidates(channel.id, all)).map((c) => c.agentId);
    expect(order).toEqual([cid.id, eve.id, dan.id, ann.id, bob.id]);
    // The first the rule takes, asked in that order: the inactive and the unassigned-before are passed over.
    const taken: string[] = [];
    const first = await store.routing.firstCandidate(channel.id, all, (c) => {
      taken.push(c.agentId);
      return c.active && c.lastAssignedAt !== null;
    });
    expect(first?.agentId).toBe(dan.id);
    expect(taken.slice(0, 3)).toEqual([cid.id, eve.id, dan.id]);
    expect(await store.routing.firstCandidate(channel.id, all, () => false)).toBeNull();
    expect(await store.routing.firstCandidate(channel.id, [], () => true)).toBeNull();
  });

  test('the load follows every change: assigned, reassigned, resolved, reopened, a contact trashed, restored and purged', async () => {
    const store = await open();
    const { channel, contact } = await addConversationWorld(store);
    const ann = await addAgent(store);
    const bob = await addAgent(store);
    const load = async () =>
      Object.fromEntries(
        (await store.routing.candidates(channel.id, [ann.id, bob.id])).map((c) => [
          c.agentId,
          [c.open, c.openOnChannel],
        ]),
      );
    const first = await addConversation(
      store,
      { channelId: channel.id, contactId: contact.id },
      { assigneeId: ann.id },
    );
    const second = await addConversation(store, { channelId: channel.id, contactId: contact.id });
    expect(await load()).toEqual({ [ann.id]: [1, 1], [bob.id]: [0, 0] });

    const update = async (conversation: Conversation, fields: Partial<Conversation>): Promise<Conversation> => {
      const next = { ...conversation, ...fields };
      await store.conversations.update({ conversation: next, replyToken: null });
      return next;
    };
    let a = await update(first, { assigneeId: bob.id });
    let b = await update(second, { assigneeId: bob.id });
    expect(await load()).toEqual({ [ann.id]: [0, 0], [bob.id]: [2, 2] });
    a = await update(a, { status: 'resolved' });
    b = await update(b, { lastMessagePreview: 'a message changes no load' });
    expect(await load()).toEqual({ [ann.id]: [0, 0], [bob.id]: [1, 1] });
    a = await update(a, { status: 'open', assigneeId: ann.id });
    expect(await load()).toEqual({ [ann.id]: [1, 1], [bob.id]: [1, 1] });

    // In the trash the contact's conversations count for nobody; restored, they count again.
    await store.contacts.update({ ...contact, deletedAt: T0 + 5 }, T0 + 5);
    expect(await load()).toEqual({ [ann.id]: [0, 0], [bob.id]: [0, 0] });
    b = await update(b, { assigneeId: ann.id });
    expect(await load()).toEqual({ [ann.id]: [0, 0], [bob.id]: [0, 0] });
    await store.contacts.update({ ...contact, deletedAt: null }, T0 + 6);
    expect(await load()).toEqual({ [ann.id]: [2, 2], [bob.id]: [0, 0] });

    // Purged (trashed first, as the trash does): nothing is left counted.
    const trashed = { ...contact, deletedAt: T0 + 7 };
    await store.contacts.update(trashed, T0 + 7);
    await store.contactTrash.purge(trashed);
    expect(await load()).toEqual({ [ann.id]: [0, 0], [bob.id]: [0, 0] });
    expect(a.id).not.toBe(b.id);
  });

  test('presence is kept with the time it began, one row per agent, listed by agent', async () => {
    const store = await open();
    expect(await store.routing.presenceOf('agent-b')).toBeNull();
    const away = { agentId: 'agent-b', presence: 'away' as const, since: T0, unavailableSince: T0 };
    await store.routing.setPresence(away);
    await store.routing.setPresence({ agentId: 'agent-a', presence: 'online', since: T0 + 1, unavailableSince: null });
    expect(await store.routing.presenceOf('agent-b')).toEqual(away);
    const offline = { ...away, presence: 'offline' as const, since: T0 + 2 };
    await store.routing.setPresence(offline);
    expect(await store.routing.allPresence()).toEqual([
      { agentId: 'agent-a', presence: 'online', since: T0 + 1, unavailableSince: null },
      offline,
    ]);
  });

  test('two writers touching a queue at once leave the later time, whichever commits last', async () => {
    const store = await open();
    const channel = await addChannel(store);
    let touched!: () => void;
    const laterTouched = new Promise<void>((resolve) => (touched = resolve));
    // The later time takes the row first and holds it; the earlier one comes meanwhile, waits, and keeps it.
    const later = store.transaction(async () => {
      const queue = await store.routing.touchQueue(channel.id, T0 + 10);
      touched();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return queue.updatedAt;
    });
    await laterTouched;
    const earlier = store.transaction(async () => (await store.routing.touchQueue(channel.id, T0 + 4)).updatedAt);
    expect(await Promise.all([later, earlier])).toEqual([T0 + 10, T0 + 10]);
    expect((await store.routing.queues([channel.id]))[0]?.updatedAt).toBe(T0 + 10);
  });
});
