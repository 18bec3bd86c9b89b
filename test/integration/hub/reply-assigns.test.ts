/**
 * Replying assigns (issue 13 §4): a reply to an unassigned conversation gives
 * it to the replier in the same write, with its event, when the team setting
 * is on (the default) and the replier may be assigned; a private note never
 * does. Every change leaves an activity record saying who did it.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../src/shared/protocol.js';
import { startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';

describe('a reply assigns the replier', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
    t.hub.services.setDispatcher({ dispatch: () => undefined });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function conversationOn(channelId: string, from: string): Promise<string> {
    const messageId = (await t.ingestText(channelId, { from })).messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId;
    if (!conversationId) throw new Error('no conversation');
    return conversationId;
  }

  const assigneeOf = async (id: string) => (await t.hub.store.conversations.findById(id))?.conversation.assigneeId;
  // Without automatic assignment the conversation stays unassigned (no queue gives it out) until someone replies.
  const manual = { autoAssign: false };

  async function reply(sock: TestSocket, conversationId: string, kind: 'text' | 'note' = 'text') {
    const ack = await sock.command('message.send', { clientId: randomUUID(), conversationId, kind, text: 'どうぞ' });
    if (!ack.ok) throw new Error(ack.error.message);
    return ack.data;
  }

  const assignedTo =
    (conversationId: string, agentId: string) =>
    (e: HubEvent): boolean =>
      e.type === 'conversation.upsert' && e.conversation.id === conversationId && e.conversation.assigneeId === agentId;

  it('a reply to an unassigned conversation assigns it to the replier, emitted with who did it', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id, aiko.agent.id], settings: manual });
    const conversationId = await conversationOn(channel.id, 'c1');
    expect(await assigneeOf(conversationId)).toBeNull();
    const sock = await t.connect(kenji.token);
    const watcher = await t.connect(aiko.token);

    await reply(sock, conversationId);

    expect(await assigneeOf(conversationId)).toBe(kenji.agent.id);
    await watcher.waitForEvent(assignedTo(conversationId, kenji.agent.id));
    const activity = await watcher.waitForEvent((e) => e.type === 'activity.upsert');
    expect(activity).toMatchObject({
      activity: {
        conversationId,
        actor: { kind: 'agent', agentId: kenji.agent.id },
        change: { kind: 'assignee', from: null, to: kenji.agent.id },
      },
    });

    // Already assigned: a reply by someone else leaves it with Kenji.
    await reply(watcher, conversationId);
    expect(await assigneeOf(conversationId)).toBe(kenji.agent.id);
  });

  it('a private note does not assign; the reply after it does', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id], settings: manual });
    const conversationId = await conversationOn(channel.id, 'c1');
    const sock = await t.connect(kenji.token);

    await reply(sock, conversationId, 'note');
    expect(await assigneeOf(conversationId)).toBeNull();

    await reply(sock, conversationId);
    expect(await assigneeOf(conversationId)).toBe(kenji.agent.id);
  });

  it('with the team setting off a reply leaves the conversation unassigned; admins change the setting', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id], settings: manual });
    const conversationId = await conversationOn(channel.id, 'c1');

    expect((await t.api('GET', '/api/team-settings', { token: t.adminToken })).body).toEqual({ assignOnReply: true });
    const refused = await t.api('PATCH', '/api/team-settings', { token: kenji.token, body: { assignOnReply: false } });
    expect(refused.status).toBe(403);
    const changed = await t.api('PATCH', '/api/team-settings', { token: t.adminToken, body: { assignOnReply: false } });
    expect(changed.body).toEqual({ assignOnReply: false });

    const sock = await t.connect(kenji.token);
    await reply(sock, conversationId);
    expect(await assigneeOf(conversationId)).toBeNull();

    // Kept across a restart.
    await t.restart();
    expect((await t.api('GET', '/api/team-settings', { token: t.adminToken })).body).toEqual({ assignOnReply: false });
  });

  it('a replier who may not be assigned (an admin not linked to the channel) is not, and the reply still goes', async () => {
    const kenji = await t.createAgent({ name: 'Kenji' });
    const channel = await t.createChannel({ linkAgentIds: [kenji.agent.id], settings: manual });
    const conversationId = await conversationOn(channel.id, 'c1');
    const sock = await t.connect(t.adminToken);

    const sent = await reply(sock, conversationId);

    expect(sent.state).toBe('queued');
    expect(await assigneeOf(conversationId)).toBeNull();

    // Kenji, linked to the channel, may be: his reply assigns him.
    await reply(await t.connect(kenji.token), conversationId);
    expect(await assigneeOf(conversationId)).toBe(kenji.agent.id);
  });
});
