/** PUT /api/channels/links: the admin console's agents × channels matrix, saved in one transaction. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SetLinksResponse } from '../../../src/shared/agent-access.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

describe('setting many channel links at once', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    ben = await t.createAgent({ name: 'Ben' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const setLinks = (changes: unknown[]) =>
    t.api('PUT', '/api/channels/links', { token: t.adminToken, body: { changes } });
  const linksOf = async (channelId: string) => (await t.hub.store.channels.linkedAgentIds(channelId)).sort();

  it('links and unlinks, telling each agent’s client as the single link routes do', async () => {
    const sales = await t.createChannel({ name: 'Sales', linkAgentIds: [aiko.agent.id] });
    const support = await t.createChannel({ name: 'Support' });
    await t.connect(aiko.token);
    const ingested = await t.ingestText(sales.id, { from: 'c1' });
    const conversationId =
      (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBe(aiko.agent.id);
    const benSocket = await t.connect(ben.token);
    const admin = await t.connect(t.adminToken);

    const res = await setLinks([
      { channelId: sales.id, agentId: aiko.agent.id, linked: false },
      { channelId: sales.id, agentId: ben.agent.id, linked: true },
      { channelId: support.id, agentId: ben.agent.id, linked: true },
      // Already so: counted as nothing.
      { channelId: support.id, agentId: aiko.agent.id, linked: false },
    ]);
    expect(res.status).toBe(200);
    const answer = SetLinksResponse.parse(res.body);
    expect(answer).toMatchObject({ linked: 2, unlinked: 1 });
    expect(answer.channels.map((c) => c.name).sort()).toEqual(['Sales', 'Support']);
    expect(await linksOf(sales.id)).toEqual([ben.agent.id]);
    expect(await linksOf(support.id)).toEqual([ben.agent.id]);
    // Aiko may no longer see Sales: her conversation there went back to unassigned (FAQ 39).
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBeNull();

    expect(await benSocket.waitForPush('resync')).toEqual({ reason: 'links-changed' });
    await benSocket.waitForEvent((e) => e.type === 'channel.upsert' && e.channel.id === support.id);
    const upserts = () => admin.events.filter((e) => e.type === 'channel.upsert');
    await admin.waitForEvent((e) => e.type === 'channel.upsert' && e.channel.id === support.id);
    // One upsert per changed channel, not one per change.
    expect(
      upserts()
        .map((e) => (e.type === 'channel.upsert' ? e.channel.name : ''))
        .sort(),
    ).toEqual(['Sales', 'Support']);
    const ben2 = await t.api('GET', '/api/channels', { token: ben.token });
    expect(ben2.body).toMatchObject({ items: [expect.anything(), expect.anything()] });
  });

  it('changes nothing when one change names an unknown agent or channel, and says which', async () => {
    const sales = await t.createChannel({ name: 'Sales' });
    const unknownAgent = await setLinks([
      { channelId: sales.id, agentId: aiko.agent.id, linked: true },
      { channelId: sales.id, agentId: 'no-such-agent', linked: true },
    ]);
    expect(unknownAgent.status).toBe(404);
    expect(unknownAgent.body).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'changes.1.agentId: no agent no-such-agent', details: { index: 1 } },
    });
    const unknownChannel = await setLinks([
      { channelId: sales.id, agentId: aiko.agent.id, linked: true },
      { channelId: 'no-such-channel', agentId: ben.agent.id, linked: true },
    ]);
    expect(unknownChannel.status).toBe(404);
    expect(unknownChannel.body).toMatchObject({ error: { message: expect.stringContaining('changes.1.channelId') } });
    expect(await linksOf(sales.id)).toEqual([]);
  });

  it('refuses linking a deactivated agent, or linking and unlinking the same pair, changing nothing', async () => {
    const sales = await t.createChannel({ name: 'Sales' });
    await t.api('POST', `/api/agents/${ben.agent.id}/deactivate`, { token: t.adminToken });
    const inactive = await setLinks([
      { channelId: sales.id, agentId: aiko.agent.id, linked: true },
      { channelId: sales.id, agentId: ben.agent.id, linked: true },
    ]);
    expect(inactive.status).toBe(409);
    expect(inactive.body).toMatchObject({ error: { code: 'AGENT_INACTIVE', message: expect.stringContaining('Ben') } });
    const contradictory = await setLinks([
      { channelId: sales.id, agentId: aiko.agent.id, linked: true },
      { channelId: sales.id, agentId: aiko.agent.id, linked: false },
    ]);
    expect(contradictory.status).toBe(400);
    expect(contradictory.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const empty = await setLinks([]);
    expect(empty.status).toBe(400);
    expect(await linksOf(sales.id)).toEqual([]);
  });
});
