/**
 * Away, offline, deactivated (issue 14 §2): an agent away or offline longer than the channel's
 * awayRequeueMinutes, or deactivated, loses the conversations whose customer waits for an answer — to the
 * next available agent or back to the queue, each with an activity line — and keeps the answered ones.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestHub } from '../../helpers/hub.js';
import {
  MINUTE,
  assigneeOf,
  conversation,
  customerWrites,
  eventually,
  reply,
  routing,
  routingHub,
  routingLines,
  setPresence,
  someTicks,
} from './routing-harness.js';

describe('waiting conversations leave an agent who is not there', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await routingHub();
    t.hub.services.setDispatcher({ dispatch: () => undefined });
  });
  afterEach(async () => {
    await t.stop();
  });

  async function aikoWithTwo() {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { routing: routing({ awayRequeueMinutes: 10 }) },
    });
    const aikoSocket = await t.connect(aiko.token);
    const waiting = await customerWrites(t, channel.id, 'c1');
    const answered = await customerWrites(t, channel.id, 'c2');
    expect([await assigneeOf(t, waiting), await assigneeOf(t, answered)]).toEqual([aiko.agent.id, aiko.agent.id]);
    await reply(aikoSocket, answered);
    return { aiko, ben, channel, aikoSocket, waiting, answered };
  }

  it('away for longer than the channel says: the waiting one passes to an online agent, the answered one stays', async () => {
    const { aiko, ben, aikoSocket, waiting, answered } = await aikoWithTwo();
    await setPresence(aikoSocket, 'away');
    await t.connect(ben.token);
    t.clock.advance(9 * MINUTE);
    await someTicks();
    expect(await assigneeOf(t, waiting)).toBe(aiko.agent.id);

    t.clock.advance(2 * MINUTE);
    await eventually('the waiting one goes to Ben', async () => (await assigneeOf(t, waiting)) === ben.agent.id);
    expect(await assigneeOf(t, answered)).toBe(aiko.agent.id);
    expect(await routingLines(t, waiting)).toEqual([
      { kind: 'routing', reason: 'away', from: aiko.agent.id, to: ben.agent.id, minutes: 10 },
    ]);
    expect(await routingLines(t, answered)).toEqual([]);
  });

  it('offline for longer: back to the queue with nobody there, and to the first agent who comes online', async () => {
    const { aiko, ben, aikoSocket, waiting, answered } = await aikoWithTwo();
    aikoSocket.close();
    await eventually('Aiko is offline', () => t.hub.services.presence.of(aiko.agent.id) === 'offline');
    t.clock.advance(11 * MINUTE);
    await eventually('back in the queue', async () => (await conversation(t, waiting)).queuedAt != null);
    expect(await assigneeOf(t, waiting)).toBeNull();
    expect(await assigneeOf(t, answered)).toBe(aiko.agent.id);
    expect(await routingLines(t, waiting)).toEqual([
      { kind: 'routing', reason: 'offline', from: aiko.agent.id, to: null, minutes: 10 },
    ]);

    await t.connect(ben.token);
    await eventually('Ben gets it', async () => (await assigneeOf(t, waiting)) === ben.agent.id);
  });

  it('deactivated: the waiting one moves with a line saying why', async () => {
    const { aiko, ben, waiting, answered } = await aikoWithTwo();
    await t.connect(ben.token);
    const res = await t.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: t.adminToken });
    expect(res.status).toBe(200);
    expect(await assigneeOf(t, waiting)).toBe(ben.agent.id);
    expect(await routingLines(t, waiting)).toEqual([
      { kind: 'routing', reason: 'deactivated', from: aiko.agent.id, to: ben.agent.id, minutes: null },
    ]);
    // The answered one leaves the deactivated agent too (issue 12), without a routing line.
    expect(await assigneeOf(t, answered)).not.toBe(aiko.agent.id);
    expect(await routingLines(t, answered)).toEqual([]);
  });
});
