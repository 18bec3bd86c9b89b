import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/shared/domain.js';
import { Page } from '../../../src/shared/protocol.js';
import type { IngestResult } from '../../../src/hub/services/inbound.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const ConversationPage = Page(Conversation);

async function conversationOf(t: TestHub, result: IngestResult): Promise<Conversation> {
  const id = result.messageIds[0];
  const message = id === undefined ? null : await t.hub.store.messages.findById(id);
  const conversation = message && (await t.hub.store.conversations.findById(message.message.conversationId));
  if (!conversation) throw new Error('no conversation');
  return conversation.conversation;
}

describe('conversations', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('reassignment to an agent not linked to the channel is refused and nothing changes', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const sock = await t.connect(aiko.token);
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const seq = await t.hub.store.events.latestSeq();

    const refused = await sock.command('conversation.assign', {
      conversationId: conversation.id,
      assigneeId: ben.agent.id,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_LINKED_TO_CHANNEL' } });
    const adminSock = await t.connect(t.adminToken);
    const byAdmin = await adminSock.command('conversation.assign', {
      conversationId: conversation.id,
      assigneeId: ben.agent.id,
    });
    expect(byAdmin).toMatchObject({ ok: false, error: { code: 'NOT_LINKED_TO_CHANNEL' } });
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.assigneeId).toBe(
      conversation.assigneeId,
    );
    expect(await t.hub.store.events.latestSeq()).toBe(seq);

    const ok = await sock.command('conversation.assign', {
      conversationId: conversation.id,
      assigneeId: aiko.agent.id,
    });
    expect(ok).toMatchObject({ ok: true, data: { assigneeId: aiko.agent.id } });
  });

  it('a new conversation goes to the online linked agent with the fewest open conversations, and stays unassigned when nobody is online', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const offline = await t.createAgent({ name: 'Chika' });
    const outsider = await t.createAgent({ name: 'Dan' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id, offline.agent.id] });

    const nobody = await conversationOf(t, await t.ingestText(channel.id, { from: 'early' }));
    expect(nobody.assigneeId).toBeNull();
    // It waits in the queue and goes to the first agent online (docs/lifecycle.md, "Queues and routing").
    expect(nobody.queuedAt).toEqual(expect.any(Number));

    await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    await t.connect(outsider.token);
    const earlyAssignee = async () =>
      (await t.hub.store.conversations.findById(nobody.id))?.conversation.assigneeId ?? null;
    for (let i = 0; i < 200 && (await earlyAssignee()) === null; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect([aiko.agent.id, ben.agent.id]).toContain(await earlyAssignee());
    const picks = await Promise.all(
      ['c1', 'c2', 'c3', 'c4'].map(
        async (from) => (await conversationOf(t, await t.ingestText(channel.id, { from }))).assigneeId,
      ),
    );
    expect(picks.filter((p) => p === aiko.agent.id)).toHaveLength(2);
    expect(picks.filter((p) => p === ben.agent.id)).toHaveLength(2);

    const benOpen = await benSock.command('conversation.setStatus', {
      conversationId: (await conversationOf(t, await t.ingestText(channel.id, { from: 'c5' }))).id,
      status: 'resolved',
    });
    expect(benOpen.ok).toBe(true);
    // Ben now has fewer open conversations if c5 was his; whoever has fewer open gets the next one.
    const open = new Map(
      (await t.hub.store.routing.candidates(channel.id, [aiko.agent.id, ben.agent.id])).map((c) => [c.agentId, c.open]),
    );
    const fewer = (open.get(aiko.agent.id) ?? 0) < (open.get(ben.agent.id) ?? 0) ? aiko.agent.id : ben.agent.id;
    expect((await conversationOf(t, await t.ingestText(channel.id, { from: 'c6' }))).assigneeId).toBe(fewer);

    await benSock.command('presence.set', { presence: 'away' });
    expect((await conversationOf(t, await t.ingestText(channel.id, { from: 'c7' }))).assigneeId).toBe(aiko.agent.id);
  });

  it('a customer writing again re-opens a resolved conversation instead of starting a new one', async () => {
    const channel = await t.createChannel();
    const first = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1', text: 'first' }));
    const adminSock = await t.connect(t.adminToken);
    await adminSock.command('conversation.setStatus', { conversationId: first.id, status: 'resolved' });
    const again = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1', text: 'one more thing' }));
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('open');
    expect(again.lastMessagePreview).toBe('one more thing');
  });

  it('redelivered webhooks create nothing: the same provider message id is stored once', async () => {
    const channel = await t.createChannel();
    const first = await t.ingestText(channel.id, { from: 'c1', providerMessageId: 'wamid.1' });
    const seq = await t.hub.store.events.latestSeq();
    const again = await t.ingestText(channel.id, { from: 'c1', providerMessageId: 'wamid.1' });
    expect(first.messageIds).toHaveLength(1);
    expect(again).toMatchObject({ messageIds: [], duplicates: 1 });
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });

  it('trashing a contact hides its conversations from lists, restoring brings them back, and clients are told both times', async () => {
    const aiko = await t.createAgent({ permissions: { view: true, create: true, update: true, delete: true } });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1', name: 'Spam Bot' }));
    await t.ingestText(channel.id, { from: 'c2', name: 'Real customer' });
    const sock = await t.connect(aiko.token);
    const list = async (): Promise<string[]> =>
      ConversationPage.parse((await t.api('GET', '/api/conversations', { token: aiko.token })).body).items.map(
        (c) => c.id,
      );
    expect(await list()).toContain(conversation.id);

    const trashed = await t.api('POST', `/api/contacts/${conversation.contactId}/trash`, { token: aiko.token });
    expect(trashed.status).toBe(200);
    expect(trashed.body).toMatchObject({ deletedAt: expect.any(Number) });
    expect(await list()).not.toContain(conversation.id);
    expect(await list()).toHaveLength(1);
    await sock.waitForEvent((e) => e.type === 'contact.upsert' && e.contact.deletedAt !== null);
    await sock.waitForEvent((e) => e.type === 'conversation.upsert' && e.conversation.id === conversation.id);

    const restored = await t.api('POST', `/api/contacts/${conversation.contactId}/restore`, { token: aiko.token });
    expect(restored.body).toMatchObject({ deletedAt: null });
    expect(await list()).toContain(conversation.id);
    await sock.waitForEvent((e) => e.type === 'contact.upsert' && e.contact.deletedAt === null);
  });

  it('permission flags are enforced: without view nothing is visible, without create no sending, without update no assigning, without delete no trash', async () => {
    const limited = await t.createAgent({ permissions: { view: true, create: false, update: false, delete: false } });
    const blind = await t.createAgent({ permissions: { view: false, create: true, update: true, delete: true } });
    const channel = await t.createChannel({ linkAgentIds: [limited.agent.id, blind.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(limited.token);
    const send = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId: conversation.id,
      kind: 'text',
      text: 'x',
    });
    expect(send).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const assign = await sock.command('conversation.assign', {
      conversationId: conversation.id,
      assigneeId: limited.agent.id,
    });
    expect(assign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const status = await sock.command('conversation.setStatus', {
      conversationId: conversation.id,
      status: 'resolved',
    });
    expect(status).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(
      (await t.api('POST', `/api/contacts/${conversation.contactId}/trash`, { token: limited.token })).status,
    ).toBe(403);
    expect((await t.api('GET', `/api/conversations/${conversation.id}`, { token: limited.token })).status).toBe(200);

    const blindSock = await t.connect(blind.token);
    const synced = await blindSock.command('sync', { after: 0 });
    expect(synced.ok && !synced.data.reset && synced.data.events.some((e) => e.channelId === channel.id)).toBe(false);
    expect((await t.api('GET', '/api/conversations', { token: blind.token })).status).toBe(403);
    await t.ingestText(channel.id, { from: 'c2', text: 'should not reach the blind agent' });
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.text === 'should not reach the blind agent',
    );
    expect(blindSock.events.some((e) => e.channelId === channel.id)).toBe(false);
  });

  it('read markers are private to the agent and only move forward', async () => {
    const aiko = await t.createAgent();
    const ben = await t.createAgent();
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const aikoSock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    expect(await aikoSock.command('conversation.markRead', { conversationId: conversation.id, readAt: 2000 })).toEqual({
      ok: true,
      data: { readAt: 2000 },
    });
    expect(await aikoSock.command('conversation.markRead', { conversationId: conversation.id, readAt: 1000 })).toEqual({
      ok: true,
      data: { readAt: 2000 },
    });
    await aikoSock.waitForEvent((e) => e.type === 'conversation.read');
    await t.ingestText(channel.id, { from: 'c1', text: 'marker' });
    await benSock.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'marker');
    expect(benSock.events.some((e) => e.type === 'conversation.read')).toBe(false);
  });

  it('typing is relayed to the other agents who see the conversation and not stored', async () => {
    const aiko = await t.createAgent();
    const ben = await t.createAgent();
    // Nobody is handed the conversation when they sign in: the log must not move for another reason.
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { autoAssign: false },
    });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const aikoSock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    const seq = await t.hub.store.events.latestSeq();
    expect(await aikoSock.command('typing', { conversationId: conversation.id, isTyping: true })).toEqual({
      ok: true,
      data: {},
    });
    const notice = await benSock.waitForPush('typing');
    expect(notice).toEqual({ conversationId: conversation.id, agentId: aiko.agent.id, isTyping: true });
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });

  it('presence is broadcast per agent: online while any socket is online, offline when the last one leaves', async () => {
    const aiko = await t.createAgent();
    const watcher = await t.connect(t.adminToken);
    const first = await t.connect(aiko.token);
    await watcher.waitForPush(
      'presence',
      (p) => JSON.stringify(p).includes(aiko.agent.id) && JSON.stringify(p).includes('"online"'),
    );
    const second = await t.connect(aiko.token, { presence: 'away' });
    first.close();
    await watcher.waitForPush('presence', (p) => JSON.stringify(p).includes('"away"'));
    second.close();
    await watcher.waitForPush('presence', (p) => JSON.stringify(p).includes('"offline"'));
    const agents = (await t.api('GET', '/api/agents', { token: t.adminToken })).body;
    expect(JSON.stringify(agents)).toContain('"presence":"online"');
    const third = await t.connect(aiko.token);
    const late = await t.connect(t.adminToken);
    await late.waitForPush('presence', (p) => JSON.stringify(p).includes(aiko.agent.id));
    third.close();
  });
});
