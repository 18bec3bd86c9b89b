/**
 * Who else is viewing a conversation (issue 13 §4): a socket says which conversation it shows, and
 * the hub tells the sockets that may see that conversation — linked agents and admins, never an
 * agent of another channel — until it shows another one or disconnects. A new socket learns who is
 * viewing now. Nothing is logged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../../src/hub/services/inbound.js';
import { startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';

async function conversationIdOf(t: TestHub, result: IngestResult): Promise<string> {
  const id = result.messageIds[0];
  const message = id === undefined ? null : await t.hub.store.messages.findById(id);
  if (!message) throw new Error('no conversation');
  return message.message.conversationId;
}

const viewingPushes = (sock: TestSocket) => sock.pushes.filter((p) => p.name === 'viewing').map((p) => p.payload);

describe('viewing', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('tells linked agents who opens and leaves a conversation, never an agent of another channel', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const dan = await t.createAgent({ name: 'Dan' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    await t.createChannel({ linkAgentIds: [dan.agent.id] });
    const aikoSock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    const danSock = await t.connect(dan.token);
    // Online first: the conversations are assigned as they arrive, not drained from the queue later, when
    // those writes would land in the log while the viewing below is checked to write nothing.
    const id = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const other = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c2' }));
    const seq = await t.hub.store.events.latestSeq();

    expect(await aikoSock.command('conversation.view', { conversationId: id })).toEqual({ ok: true, data: {} });
    await benSock.waitForPush('viewing');
    expect(viewingPushes(benSock)).toEqual([{ conversationId: id, agentId: aiko.agent.id, viewing: true }]);

    // A socket that connects later learns it at once.
    const benLaptop = await t.connect(ben.token);
    await benLaptop.waitForPush('viewing');
    expect(viewingPushes(benLaptop)).toEqual([{ conversationId: id, agentId: aiko.agent.id, viewing: true }]);

    await aikoSock.command('conversation.view', { conversationId: other });
    await benSock.waitForPush('viewing', (p) => (p as { conversationId: string }).conversationId === other);
    aikoSock.close();
    await benSock.waitForPush(
      'viewing',
      (p) =>
        (p as { viewing: boolean; conversationId: string }).viewing === false &&
        (p as { conversationId: string }).conversationId === other,
    );
    expect(viewingPushes(benSock)).toEqual([
      { conversationId: id, agentId: aiko.agent.id, viewing: true },
      { conversationId: id, agentId: aiko.agent.id, viewing: false },
      { conversationId: other, agentId: aiko.agent.id, viewing: true },
      { conversationId: other, agentId: aiko.agent.id, viewing: false },
    ]);
    expect(viewingPushes(danSock)).toEqual([]);
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });

  it('an agent not linked to the channel cannot say it views one of its conversations', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const dan = await t.createAgent({ name: 'Dan' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const id = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const aikoSock = await t.connect(aiko.token);
    const danSock = await t.connect(dan.token);
    expect(await danSock.command('conversation.view', { conversationId: id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await aikoSock.command('conversation.view', { conversationId: null });
    expect(viewingPushes(aikoSock)).toEqual([]);
  });
});
