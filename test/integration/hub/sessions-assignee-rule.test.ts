import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../helpers/hub.js';

const NO_VIEW = { view: false, create: true, update: true, delete: false };

describe('one rule for who may be given a conversation', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
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

  it('a linked agent without the view permission cannot be chosen as assignee, by an agent or an admin, and nothing changes', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const blind = await t.createAgent({ name: 'Blind', permissions: NO_VIEW });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, blind.agent.id],
      // Nothing assigns it by itself as agents connect (no queue): only the refused commands could.
      settings: { autoAssign: false },
    });
    const conversationId = await conversationOn(channel.id, 'c1');
    const seq = await t.hub.store.events.latestSeq();

    for (const token of [aiko.token, t.adminToken]) {
      const sock = await t.connect(token);
      const refused = await sock.command('conversation.assign', { conversationId, assigneeId: blind.agent.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_LINKED_TO_CHANNEL' } });
    }
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).not.toBe(
      blind.agent.id,
    );
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });

  it('automatic assignment passes over an online linked agent without view, as manual assignment refuses them', async () => {
    const blind = await t.createAgent({ name: 'Blind', permissions: NO_VIEW });
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [blind.agent.id, aiko.agent.id] });
    await t.connect(blind.token);
    expect(
      (await t.hub.store.conversations.findById(await conversationOn(channel.id, 'c1')))?.conversation.assigneeId,
    ).toBeNull();
    const aikoSock = await t.connect(aiko.token);
    const conversationId = await conversationOn(channel.id, 'c2');
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBe(aiko.agent.id);
    const refused = await aikoSock.command('conversation.assign', { conversationId, assigneeId: blind.agent.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_LINKED_TO_CHANNEL' } });
  });
});
