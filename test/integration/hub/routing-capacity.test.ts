/**
 * Capacity (issue 14 §2): a channel's limit of open conversations per agent and an agent's own limit
 * (set by an admin, PATCH /api/agents/:id) — a full agent is skipped, and room made by resolving or a
 * raised limit pulls the next waiting customer from the queue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent } from '../../../src/shared/domain.js';
import type { TestHub } from '../../helpers/hub.js';
import {
  assigneeOf,
  conversation,
  customerWrites,
  eventually,
  queueOf,
  routing,
  routingHub,
} from './routing-harness.js';

describe('capacity', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await routingHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('skips a full agent, queues when everyone is full, and resolving makes room for the oldest waiting', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { routing: routing({ capacity: 1 }) },
    });
    const aikoSocket = await t.connect(aiko.token);
    await t.connect(ben.token);
    const first = await customerWrites(t, channel.id, 'c1');
    const second = await customerWrites(t, channel.id, 'c2');
    const third = await customerWrites(t, channel.id, 'c3');
    expect(new Set([await assigneeOf(t, first), await assigneeOf(t, second)])).toEqual(
      new Set([aiko.agent.id, ben.agent.id]),
    );
    expect(await conversation(t, third)).toMatchObject({ assigneeId: null, queuedAt: expect.any(Number) });
    expect(await queueOf(t, aiko.token, channel.id)).toMatchObject({ length: 1 });

    const aikos = (await assigneeOf(t, first)) === aiko.agent.id ? first : second;
    const ack = await aikoSocket.command('conversation.setStatus', {
      conversationId: aikos,
      status: 'resolved',
      snoozedUntil: null,
    });
    expect(ack.ok).toBe(true);
    await eventually('the waiting one goes to Aiko', async () => (await assigneeOf(t, third)) === aiko.agent.id);
    expect(await queueOf(t, aiko.token, channel.id)).toMatchObject({ length: 0, oldestQueuedAt: null });
  });

  it('an agent’s own capacity overrides the channel’s; raising it pulls from the queue', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id],
      settings: { routing: routing({ capacity: 1 }) },
    });
    const set = await t.api('PATCH', `/api/agents/${aiko.agent.id}`, { token: t.adminToken, body: { capacity: 2 } });
    expect(set.status).toBe(200);
    expect(Agent.parse(set.body).capacity).toBe(2);
    const refused = await t.api('PATCH', `/api/agents/${aiko.agent.id}`, { token: aiko.token, body: { capacity: 9 } });
    expect(refused.status).toBe(403);

    await t.connect(aiko.token);
    const ids = await Promise.all(['c1', 'c2', 'c3'].map(async (from) => await customerWrites(t, channel.id, from)));
    expect(await Promise.all(ids.map(async (id) => await assigneeOf(t, id)))).toEqual([
      aiko.agent.id,
      aiko.agent.id,
      null,
    ]);

    // Back to the channel's limit (1): still full.
    await t.api('PATCH', `/api/agents/${aiko.agent.id}`, { token: t.adminToken, body: { capacity: null } });
    expect(await assigneeOf(t, ids[2] ?? '')).toBeNull();
    const raised = await t.api('PATCH', `/api/agents/${aiko.agent.id}`, { token: t.adminToken, body: { capacity: 3 } });
    expect(Agent.parse(raised.body).capacity).toBe(3);
    await eventually('the third goes to Aiko', async () => (await assigneeOf(t, ids[2] ?? '')) === aiko.agent.id);
  });
});
