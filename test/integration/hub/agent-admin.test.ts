/**
 * The admin console's agent endpoints: only admins may use them, and
 * deactivating an agent disconnects them and re-routes their open
 * conversations through the assignment rules.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentAccess } from '../../../src/shared/agent-access.js';
import { Agent } from '../../../src/shared/domain.js';
import { z } from 'zod';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

const AccessList = z.object({ items: z.array(AgentAccess) });

describe('the agent admin endpoints', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const endpoints = (): [string, string, unknown][] => [
    ['GET', '/api/agents/access', undefined],
    ['POST', '/api/agents/invite', { email: 'new@example.com', name: 'New', delivery: 'temporary-password' }],
    ['POST', `/api/agents/${aiko.agent.id}/reset-password`, { delivery: 'temporary-password' }],
    ['POST', `/api/agents/${aiko.agent.id}/reactivate`, undefined],
    ['PUT', '/api/channels/links', { changes: [{ channelId: 'c', agentId: aiko.agent.id, linked: true }] }],
  ];

  it('refuse an agent with 403 FORBIDDEN and change nothing', async () => {
    for (const [method, path, body] of endpoints()) {
      const res = await t.api(method, path, { token: aiko.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect((await t.api('POST', '/api/auth/login', { body: { email: 'new@example.com', password: 'x' } })).status).toBe(
      401,
    );
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(200);
  });

  it('refuse a request without a token with 401 UNAUTHENTICATED', async () => {
    for (const [method, path, body] of endpoints()) {
      const res = await t.api(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('list every agent with role, permissions, presence, linked channels and open conversations', async () => {
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    await t.connect(aiko.token);
    await t.ingestText(channel.id, { from: 'c1' });
    const res = await t.api('GET', '/api/agents/access', { token: t.adminToken });
    expect(res.status).toBe(200);
    const items = AccessList.parse(res.body).items;
    expect(items.map((a) => a.agent.name)).toEqual(['Admin', 'Aiko']);
    expect(items[1]).toMatchObject({
      agent: { role: 'agent', presence: 'online', active: true },
      linkedChannelIds: [channel.id],
      openConversations: 1,
      passwordChangeRequired: false,
      invitation: null,
    });
  });

  it('create an agent with the chosen role and permissions; a taken email is 409 and issues nothing', async () => {
    const body = {
      email: 'mika@example.com',
      name: 'Mika',
      role: 'admin',
      permissions: { view: true, create: false, update: false, delete: false },
      delivery: 'temporary-password',
    };
    const created = await t.api('POST', '/api/agents/invite', { token: t.adminToken, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ access: { agent: { role: 'admin', permissions: { create: false } } } });
    const taken = await t.api('POST', '/api/agents/invite', { token: t.adminToken, body });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'CONFLICT' } });
    const bad = await t.api('POST', '/api/agents/invite', {
      token: t.adminToken,
      body: { ...body, email: 'x@example.com', delivery: 'carrier-pigeon' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('delivery') },
    });
  });

  it('a permission change reaches the agent’s own socket as their agent.upsert', async () => {
    const socket = await t.connect(aiko.token);
    await t.api('PATCH', `/api/agents/${aiko.agent.id}`, {
      token: t.adminToken,
      body: { permissions: { view: true, create: true, update: false, delete: false } },
    });
    await socket.waitForEvent(
      (e) => e.type === 'agent.upsert' && e.agent.id === aiko.agent.id && !e.agent.permissions.update,
    );
  });
});

describe('deactivating an agent', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A conversation of a new customer, assigned to `agentId` by the admin; its id. */
  async function conversationOf(channelId: string, from: string, agentId: string): Promise<string> {
    const ingested = await t.ingestText(channelId, { from });
    const id = (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
    const admin = await t.connect(t.adminToken);
    const ack = await admin.command('conversation.assign', { conversationId: id, assigneeId: agentId });
    admin.close();
    expect(ack.ok).toBe(true);
    return id;
  }
  const assigneeOf = async (id: string) => (await t.hub.store.conversations.findById(id))?.conversation.assigneeId;

  it('disconnects their sockets and hands their open conversations to the online linked agent with fewest', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const chie = await t.createAgent({ name: 'Chie' });
    const offline = await t.createAgent({ name: 'Dai' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id, chie.agent.id, offline.agent.id],
    });
    // Nobody is online yet, so nothing is assigned automatically: the admin assigns by hand.
    const open1 = await conversationOf(channel.id, 'c1', aiko.agent.id);
    const open2 = await conversationOf(channel.id, 'c2', aiko.agent.id);
    const resolved = await conversationOf(channel.id, 'c3', aiko.agent.id);
    await conversationOf(channel.id, 'c4', ben.agent.id);
    const aikoSocket = await t.connect(aiko.token);
    const benSocket = await t.connect(ben.token);
    const chieSocket = await t.connect(chie.token);
    const admin = await t.connect(t.adminToken);
    expect(
      await admin.command('conversation.setStatus', {
        conversationId: resolved,
        status: 'resolved',
        snoozedUntil: null,
      }),
    ).toMatchObject({ ok: true });

    const res = await t.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(Agent.parse(res.body).active).toBe(false);

    expect(await aikoSocket.waitForPush('signed-out')).toEqual({ reason: 'revoked' });
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(401);
    // Chie (no open conversation) gets the first, then Chie and Ben are level and the next goes round.
    const moved = [await assigneeOf(open1), await assigneeOf(open2)];
    expect(moved).toContain(chie.agent.id);
    expect(moved.every((id) => id === chie.agent.id || id === ben.agent.id)).toBe(true);
    expect(moved).not.toContain(offline.agent.id);
    expect(await assigneeOf(resolved)).toBe(aiko.agent.id);
    // Everyone linked sees each move live.
    for (const socket of [benSocket, chieSocket, admin]) {
      await socket.waitForEvent(
        (e) =>
          e.type === 'conversation.upsert' &&
          e.conversation.id === open1 &&
          e.conversation.assigneeId !== aiko.agent.id,
      );
    }
    const listed = await t.api('GET', '/api/agents/access', { token: t.adminToken });
    expect(AccessList.parse(listed.body).items.find((a) => a.agent.id === aiko.agent.id)).toMatchObject({
      agent: { active: false },
      openConversations: 0,
    });
  });

  it('leaves their open conversations unassigned when no linked agent is online', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const open = await conversationOf(channel.id, 'c1', aiko.agent.id);
    await t.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: t.adminToken });
    expect(await assigneeOf(open)).toBeNull();
  });

  it('can be undone: a reactivated agent signs in again with their password', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    await t.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: t.adminToken });
    const refused = await t.api('POST', '/api/auth/login', { body: { email: aiko.email, password: aiko.password } });
    expect(refused.body).toMatchObject({ error: { code: 'AGENT_INACTIVE' } });
    const res = await t.api('POST', `/api/agents/${aiko.agent.id}/reactivate`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(Agent.parse(res.body).active).toBe(true);
    expect((await t.login(aiko.email, aiko.password)).agent.active).toBe(true);
    const unknown = await t.api('POST', '/api/agents/nobody/reactivate', { token: t.adminToken });
    expect(unknown.status).toBe(404);
  });

  it('an invitation waiting for a deactivated agent stops working', async () => {
    const invited = await t.api('POST', '/api/agents/invite', {
      token: t.adminToken,
      body: { email: 'eri@example.com', name: 'Eri', delivery: 'invitation' },
    });
    const body = z.object({ access: AgentAccess, invitation: z.object({ token: z.string() }) }).parse(invited.body);
    await t.api('POST', `/api/agents/${body.access.agent.id}/deactivate`, { token: t.adminToken });
    await t.api('POST', `/api/agents/${body.access.agent.id}/reactivate`, { token: t.adminToken });
    const used = await t.api('POST', '/api/auth/invitation', {
      body: { token: body.invitation.token, newPassword: 'a-long-enough-password' },
    });
    expect(used.body).toMatchObject({ error: { code: 'INVITATION_INVALID' } });
  });
});
