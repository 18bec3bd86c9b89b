/**
 * Routing survives a hub restart (issue 14 §2): the queue, the away clock and the pass count are in the
 * database and everything runs on the hub's clock — an agent away for 6 minutes before a restart and 5
 * after has been away 11; a restart counts agents with no socket offline since the hub went down.
 */
import { everyAsync } from '../../../src/node-shared/async-list.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestHub } from '../../helpers/hub.js';
import {
  MINUTE,
  assigneeOf,
  conversation,
  customerWrites,
  eventually,
  queueOf,
  reply,
  routing,
  routingHub,
  routingLines,
  setPresence,
  someTicks,
} from './routing-harness.js';

describe('routing across a restart', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await routingHub();
    t.hub.services.setDispatcher({ dispatch: () => undefined });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('keeps the queue, oldest first, and gives it out after the restart', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const first = await customerWrites(t, channel.id, 'c1');
    t.clock.advance(1000);
    const second = await customerWrites(t, channel.id, 'c2');
    const before = await queueOf(t, t.adminToken, channel.id);
    expect(before).toMatchObject({ length: 2, oldestQueuedAt: (await conversation(t, first)).queuedAt });

    await t.restart();
    expect(await queueOf(t, t.adminToken, channel.id)).toEqual(before);
    await t.connect(aiko.token);
    await eventually('both go to Aiko', () =>
      everyAsync([first, second], async (id) => (await assigneeOf(t, id)) === aiko.agent.id),
    );
  });

  it('counts the away time from before the restart', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { routing: routing({ awayRequeueMinutes: 10 }) },
    });
    const aikoSocket = await t.connect(aiko.token);
    const waiting = await customerWrites(t, channel.id, 'c1');
    await setPresence(aikoSocket, 'away');
    t.clock.advance(6 * MINUTE);

    await t.restart();
    // Aiko's app comes back, still away; Ben is online.
    await t.connect(aiko.token, { presence: 'away' });
    await t.connect(ben.token);
    t.clock.advance(3 * MINUTE);
    await someTicks();
    expect(await assigneeOf(t, waiting)).toBe(aiko.agent.id);
    t.clock.advance(2 * MINUTE);
    await eventually('the waiting one goes to Ben', async () => (await assigneeOf(t, waiting)) === ben.agent.id);
    expect((await routingLines(t, waiting)).at(-1)).toMatchObject({
      reason: 'away',
      from: aiko.agent.id,
      to: ben.agent.id,
    });
  });

  it('an agent online when the hub went down counts offline from then; passes counted before go on counting', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { routing: routing({ awayRequeueMinutes: 10, unansweredPassMinutes: 5, unansweredPassMax: 1 }) },
    });
    const aikoSocket = await t.connect(aiko.token);
    const answered = await customerWrites(t, channel.id, 'c0');
    await reply(aikoSocket, answered);
    const waiting = await customerWrites(t, channel.id, 'c1');
    await t.connect(ben.token);
    // Passed once before the restart (Aiko did not answer within 5 minutes)…
    t.clock.advance(6 * MINUTE);
    await eventually('passed to Ben', async () => (await assigneeOf(t, waiting)) === ben.agent.id);
    expect((await conversation(t, waiting)).passCount).toBe(1);

    await t.halt();
    t.clock.advance(4 * MINUTE);
    await t.resume();
    // …so after it, Ben's silence sends it to the queue, not back to Aiko; nobody reconnected: both offline.
    t.clock.advance(2 * MINUTE);
    await eventually('in the queue', async () => (await conversation(t, waiting)).queuedAt != null);
    expect((await conversation(t, waiting)).passCount).toBe(1);
    // Aiko's answered conversation stays hers although she has been offline since the hub went down.
    t.clock.advance(10 * MINUTE);
    await someTicks();
    expect(await assigneeOf(t, answered)).toBe(aiko.agent.id);
    expect(await t.hub.store.routing.presenceOf(aiko.agent.id)).toMatchObject({ presence: 'offline' });
  });
});
