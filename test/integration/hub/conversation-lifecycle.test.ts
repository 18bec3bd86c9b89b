/**
 * Conversations and tickets per issue (issue 14 §1, docs/lifecycle.md "Conversations and tickets"):
 * a resolved conversation ends; the customer's next message opens a new conversation with a new ticket
 * unless it comes within the channel's reopen window, counted from when it was resolved — also across a
 * hub restart. Agents convert by hand, admins convert a channel's open conversations, subjects are
 * editable, each with its activity line.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';

const MINUTE = 60_000;

describe('conversation lifecycle', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let sock: TestSocket;
  beforeEach(async () => {
    t = await startHub();
    t.hub.services.setDispatcher({ dispatch: () => undefined });
    aiko = await t.createAgent({ name: 'Aiko' });
    sock = await t.connect(aiko.token);
  });
  afterEach(async () => {
    await t.stop();
  });

  async function write(channelId: string, text: string, from = 'cust-1'): Promise<Conversation> {
    const messageId = (await t.ingestText(channelId, { from, text })).messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
    const record = await t.hub.store.conversations.findById(conversationId);
    if (!record) throw new Error('no conversation');
    return record.conversation;
  }

  async function setStatus(conversationId: string, status: 'open' | 'pending' | 'resolved', snoozedUntil?: number) {
    const ack = await sock.command('conversation.setStatus', {
      conversationId,
      status,
      snoozedUntil: snoozedUntil ?? null,
    });
    if (!ack.ok) throw new Error(ack.error.message);
  }

  const channelWith = (settings: Record<string, unknown>) =>
    t.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoConvert: true, ...settings } });

  it('after resolve and outside the window, the next message opens a new conversation with a new ticket', async () => {
    const channel = await channelWith({ reopenWindowMinutes: 60 });
    const first = await write(channel.id, 'My parcel is late');
    await setStatus(first.id, 'resolved');
    t.clock.advance(61 * MINUTE);

    const second = await write(channel.id, 'Another question');

    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('open');
    expect(second.ticket?.number).toBe((first.ticket?.number ?? 0) + 1);
    expect(second.ticket?.subject).toBe('Another question');
    // The old one stays resolved, with its own ticket and messages.
    const old = (await t.hub.store.conversations.findById(first.id))?.conversation;
    expect(old?.status).toBe('resolved');
    expect(old?.ticket?.number).toBe(first.ticket?.number);
    expect((await t.hub.store.conversations.listOfContact(first.contactId)).map((c) => c.id)).toEqual([
      first.id,
      second.id,
    ]);
    // The new conversation says where it came from.
    const followUp = await sock.waitForEvent(
      (e) =>
        e.type === 'activity.upsert' &&
        e.activity.conversationId === second.id &&
        e.activity.change.kind === 'followUp',
    );
    expect(followUp).toMatchObject({
      activity: { change: { previousConversationId: first.id, previousTicketNumber: first.ticket?.number } },
    });
  });

  it('within the window the resolved conversation reopens', async () => {
    const channel = await channelWith({ reopenWindowMinutes: 60 });
    const first = await write(channel.id, 'Hello');
    await setStatus(first.id, 'resolved');
    t.clock.advance(59 * MINUTE);

    const again = await write(channel.id, 'One more thing');

    expect(again.id).toBe(first.id);
    expect(again.status).toBe('open');
    expect(again.ticket?.number).toBe(first.ticket?.number);
    expect(again.resolvedAt ?? null).toBeNull();
  });

  it('the default window is 24 hours', async () => {
    const channel = await channelWith({});
    expect(channel.settings.reopenWindowMinutes).toBe(1440);
    const first = await write(channel.id, 'Hello');
    await setStatus(first.id, 'resolved');
    t.clock.advance(23 * 60 * MINUTE);
    expect((await write(channel.id, 'Next day')).id).toBe(first.id);
    await setStatus(first.id, 'resolved');
    t.clock.advance(24 * 60 * MINUTE + MINUTE);
    expect((await write(channel.id, 'Two days on')).id).not.toBe(first.id);
  });

  it('a window of 0 always opens a new conversation', async () => {
    const channel = await channelWith({ reopenWindowMinutes: 0 });
    const first = await write(channel.id, 'Hello');
    await setStatus(first.id, 'resolved');

    const second = await write(channel.id, 'Right after');

    expect(second.id).not.toBe(first.id);
    expect(second.ticket?.number).not.toBe(first.ticket?.number);
  });

  it('a pending (snoozed) conversation is not ended: the customer writing reopens it', async () => {
    const channel = await channelWith({ reopenWindowMinutes: 0 });
    const first = await write(channel.id, 'Hello');
    await setStatus(first.id, 'pending', t.clock.now() + 60 * MINUTE);
    t.clock.advance(10 * 24 * 60 * MINUTE);

    const again = await write(channel.id, 'Still there?');

    expect(again.id).toBe(first.id);
    expect(again.status).toBe('open');
  });

  it('the rule holds across a hub restart: when it was resolved is kept', async () => {
    const channel = await channelWith({ reopenWindowMinutes: 30 });
    const first = await write(channel.id, 'Hello');
    await setStatus(first.id, 'resolved');
    const resolvedAt = (await t.hub.store.conversations.findById(first.id))?.conversation.resolvedAt;
    expect(resolvedAt).toBeTypeOf('number');

    await t.restart();
    expect((await t.hub.store.conversations.findById(first.id))?.conversation.resolvedAt).toBe(resolvedAt);
    t.clock.advance(20 * MINUTE);
    expect((await write(channel.id, 'Within')).id).toBe(first.id);

    const reopened = (await t.hub.store.conversations.findById(first.id))?.conversation;
    if (!reopened) throw new Error('missing');
    sock = await t.connect(aiko.token);
    await setStatus(first.id, 'resolved');
    await t.restart();
    t.clock.advance(31 * MINUTE);
    expect((await write(channel.id, 'Later')).id).not.toBe(first.id);
  });

  it('an agent with "update" converts a conversation by hand; one without is refused', async () => {
    const channel = await channelWith({ autoConvert: false });
    const conversation = await write(channel.id, 'Refund please');
    expect(conversation.ticket).toBeNull();
    const viewer = await t.createAgent({ permissions: { view: true, create: false, update: false, delete: false } });
    await t.linkAgent(channel.id, viewer.agent.id);

    const refused = await t.api('POST', `/api/conversations/${conversation.id}/ticket`, { token: viewer.token });
    expect(refused.status).toBe(403);
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.ticket).toBeNull();

    const res = await t.api('POST', `/api/conversations/${conversation.id}/ticket`, { token: aiko.token });
    expect(res.status).toBe(200);
    const converted = res.body as Conversation;
    expect(converted.ticket?.subject).toBe('Refund please');
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.ticket?.number).toBe(
      converted.ticket?.number,
    );
    const line = await sock.waitForEvent(
      (e) =>
        e.type === 'activity.upsert' &&
        e.activity.conversationId === conversation.id &&
        e.activity.change.kind === 'ticket',
    );
    expect(line).toMatchObject({
      activity: { actor: { kind: 'agent', agentId: aiko.agent.id }, change: { kind: 'ticket' } },
    });
    // Twice is the same ticket.
    const again = await t.api('POST', `/api/conversations/${conversation.id}/ticket`, { token: aiko.token });
    expect((again.body as Conversation).ticket?.number).toBe(converted.ticket?.number);
  });

  it('turning auto-convert on converts the open conversations, not the resolved ones, and says how many', async () => {
    const channel = await channelWith({ autoConvert: false });
    const a = await write(channel.id, 'one', 'c-a');
    const b = await write(channel.id, 'two', 'c-b');
    const done = await write(channel.id, 'three', 'c-c');
    await setStatus(done.id, 'resolved');
    await setStatus(b.id, 'pending');

    const refused = await t.api('POST', `/api/channels/${channel.id}/convert-open`, { token: aiko.token });
    expect(refused.status).toBe(403);
    const res = await t.api('POST', `/api/channels/${channel.id}/convert-open`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ converted: 2 });

    const ticketOf = async (id: string) => (await t.hub.store.conversations.findById(id))?.conversation.ticket ?? null;
    expect(await ticketOf(a.id)).not.toBeNull();
    expect(await ticketOf(b.id)).not.toBeNull();
    expect(await ticketOf(done.id)).toBeNull();
    const again = await t.api('POST', `/api/channels/${channel.id}/convert-open`, { token: t.adminToken });
    expect(again.body).toEqual({ converted: 0 });
  });

  it('the ticket subject is editable by agents with "update", bounded, with an activity line', async () => {
    const channel = await channelWith({});
    const conversation = await write(channel.id, 'hi');
    const path = `/api/conversations/${conversation.id}/ticket/subject`;

    const res = await t.api('PUT', path, { token: aiko.token, body: { subject: '  Late delivery  ' } });
    expect(res.status).toBe(200);
    expect((res.body as Conversation).ticket?.subject).toBe('Late delivery');
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.ticket?.subject).toBe(
      'Late delivery',
    );
    const line = await sock.waitForEvent((e) => e.type === 'activity.upsert' && e.activity.change.kind === 'subject');
    expect(line).toMatchObject({ activity: { change: { from: 'hi', to: 'Late delivery' } } });

    expect((await t.api('PUT', path, { token: aiko.token, body: { subject: 'x'.repeat(201) } })).status).toBe(400);
    expect((await t.api('PUT', path, { token: aiko.token, body: { subject: '   ' } })).status).toBe(400);
    const viewer = await t.createAgent({ permissions: { view: true, create: false, update: false, delete: false } });
    await t.linkAgent(channel.id, viewer.agent.id);
    expect((await t.api('PUT', path, { token: viewer.token, body: { subject: 'Mine' } })).status).toBe(403);

    const plain = await channelWith({ autoConvert: false });
    const noTicket = await write(plain.id, 'hello', 'c-2');
    const missing = await t.api('PUT', `/api/conversations/${noTicket.id}/ticket/subject`, {
      token: aiko.token,
      body: { subject: 'A' },
    });
    expect(missing.status).toBe(409);
    expect(missing.body).toMatchObject({ error: { code: 'TICKET_MISSING' } });
  });

  it('a template’s ticket.status says the conversation’s status in the template’s language, and needs a ticket', async () => {
    const channel = await t.createChannel({
      kind: 'twilio',
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true },
    });
    const created = await t.api('POST', '/api/templates', {
      token: t.adminToken,
      body: {
        channelId: channel.id,
        name: 'ticket_status',
        language: 'ja',
        category: 'utility',
        body: 'チケット {{1}} の状況：{{2}}',
        placeholders: ['ticket.number', 'ticket.status'],
      },
    });
    const templateId = (created.body as { id: string }).id;
    await t.api('PATCH', `/api/templates/${templateId}`, { token: t.adminToken, body: { status: 'approved' } });
    const conversation = await write(channel.id, '注文が届きません', 'whatsapp:+81903');
    await setStatus(conversation.id, 'pending');
    const sent = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId: conversation.id,
      kind: 'template',
      template: { templateId, params: [] },
    });
    expect(sent).toMatchObject({ ok: true, data: { text: `チケット ${conversation.ticket?.number} の状況：保留中` } });

    const plain = await t.createChannel({
      kind: 'twilio',
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: false },
    });
    const other = await t.api('POST', '/api/templates', {
      token: t.adminToken,
      body: {
        channelId: plain.id,
        name: 'status_only',
        language: 'en',
        category: 'utility',
        body: 'Status: {{1}}',
        placeholders: ['ticket.status'],
      },
    });
    const otherId = (other.body as { id: string }).id;
    await t.api('PATCH', `/api/templates/${otherId}`, { token: t.adminToken, body: { status: 'approved' } });
    const noTicket = await write(plain.id, 'hello', 'whatsapp:+81904');
    const refused = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId: noTicket.id,
      kind: 'template',
      template: { templateId: otherId, params: [] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TICKET_REQUIRED' } });
  });
});
