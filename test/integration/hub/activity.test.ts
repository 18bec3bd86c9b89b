/**
 * Activity records (issue 13 §4): each change of a conversation's assignee, status, snooze, labels or
 * ticket is recorded with who did it — an agent, automatic assignment ("routing") or the hub itself —
 * in the write of the change; a contact's purge takes them along.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/shared/activity.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

describe('activity records', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  async function conversationOn(channelId: string, from: string): Promise<string> {
    const messageId = (await t.ingestText(channelId, { from, text: 'Refund please' })).messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId;
    if (!conversationId) throw new Error('no conversation');
    return conversationId;
  }
  const recorded = async (conversationId: string): Promise<Pick<Activity, 'actor' | 'change'>[]> =>
    (await t.hub.store.activity.listOfConversation(conversationId)).map(({ actor, change }) => ({ actor, change }));

  it('records a new conversation’s ticket and automatic assignee, then each agent’s change once', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id], settings: { autoConvert: true } });
    const sock = await t.connect(kenji.token); // online: the routing picks Kenji
    const id = await conversationOn(channel.id, 'c1');
    const ticket = (await t.hub.store.conversations.findById(id))?.conversation.ticket;
    expect(ticket).not.toBeNull();

    const until = t.clock.now() + 60 * 60 * 1000;
    await sock.command('conversation.setLabels', { conversationId: id, labels: ['billing', 'vip'] });
    await sock.command('conversation.setLabels', { conversationId: id, labels: ['billing'] });
    await sock.command('conversation.setStatus', { conversationId: id, status: 'open', snoozedUntil: until });
    // Nothing changes: nothing recorded.
    await sock.command('conversation.setStatus', { conversationId: id, status: 'open', snoozedUntil: until });
    t.clock.advance(2 * 60 * 60 * 1000);
    await t.hub.services.conversations.wakeSnoozed();
    await sock.command('conversation.setStatus', { conversationId: id, status: 'resolved', snoozedUntil: null });
    await sock.command('conversation.assign', { conversationId: id, assigneeId: null });

    const kenjiDid = { kind: 'agent', agentId: kenji.agent.id };
    expect(await recorded(id)).toEqual([
      { actor: { kind: 'routing' }, change: { kind: 'ticket', number: ticket?.number, subject: 'Refund please' } },
      { actor: { kind: 'routing' }, change: { kind: 'assignee', from: null, to: kenji.agent.id } },
      { actor: kenjiDid, change: { kind: 'labels', added: ['billing', 'vip'], removed: [] } },
      { actor: kenjiDid, change: { kind: 'labels', added: [], removed: ['vip'] } },
      { actor: kenjiDid, change: { kind: 'snooze', from: null, to: until } },
      { actor: { kind: 'system' }, change: { kind: 'status', from: 'pending', to: 'open' } },
      { actor: kenjiDid, change: { kind: 'status', from: 'open', to: 'resolved' } },
      { actor: kenjiDid, change: { kind: 'assignee', from: kenji.agent.id, to: null } },
    ]);
  });

  it('a customer writing to a resolved conversation reopens it and routing assigns it, both recorded', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id] });
    const id = await conversationOn(channel.id, 'c1');
    const admin = await t.connect(t.adminToken);
    await admin.command('conversation.setStatus', { conversationId: id, status: 'resolved', snoozedUntil: null });
    await t.connect(kenji.token); // online now: routing may pick Kenji

    await conversationOn(channel.id, 'c1');

    // Nobody was online at first: it waited in the queue until the admin resolved it.
    expect((await recorded(id))[0]).toMatchObject({ change: { kind: 'routing', reason: 'queued' } });
    expect((await recorded(id)).slice(2)).toEqual([
      { actor: { kind: 'routing' }, change: { kind: 'assignee', from: null, to: kenji.agent.id } },
      { actor: { kind: 'routing' }, change: { kind: 'status', from: 'resolved', to: 'open' } },
    ]);
  });

  it('a purged contact’s activity goes with its conversations, from the table and the log', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id] });
    const id = await conversationOn(channel.id, 'c1');
    const sock = await t.connect(kenji.token);
    await sock.command('conversation.assign', { conversationId: id, assigneeId: kenji.agent.id });
    // Queued while nobody was online, then given to Kenji as he came online.
    expect(await recorded(id)).toHaveLength(2);
    const contactId = (await t.hub.store.conversations.findById(id))?.conversation.contactId ?? '';

    expect((await t.api('POST', `/api/contacts/${contactId}/trash`, { token: t.adminToken })).status).toBe(200);
    const purged = await t.api('DELETE', `/api/contacts/${contactId}`, {
      token: t.adminToken,
      body: { confirm: contactId },
    });
    expect(purged.status).toBe(200);

    expect(await recorded(id)).toEqual([]);
    const viewer = { agentId: t.admin.id, scope: null };
    expect((await t.hub.store.events.listAfter(0, 5000, viewer)).filter((e) => e.type === 'activity.upsert')).toEqual(
      [],
    );
  });
});
