/**
 * "First choice cannot take it" (issue 14 §2): a conversation its assignee leaves unanswered for the
 * channel's unansweredPassMinutes passes to the next available linked agent who has not had it, at most
 * unansweredPassMax times, then waits in the queue; each pass is an activity line.
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
  someTicks,
} from './routing-harness.js';

describe('an unanswered conversation passes on', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await routingHub();
    t.hub.services.setDispatcher({ dispatch: () => undefined });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('passes after the set minutes, at most N times, then waits in the queue for someone new', async () => {
    const [aiko, ben, chie, dai] = await Promise.all(
      ['Aiko', 'Ben', 'Chie', 'Dai'].map((name) => t.createAgent({ name })),
    );
    if (!aiko || !ben || !chie || !dai) throw new Error('agents');
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id, chie.agent.id, dai.agent.id],
      settings: { routing: routing({ unansweredPassMinutes: 5, unansweredPassMax: 1 }) },
    });
    for (const a of [aiko, ben]) await t.connect(a.token);
    const id = await customerWrites(t, channel.id, 'c1');
    const first = await assigneeOf(t, id);
    const second = first === aiko.agent.id ? ben.agent.id : aiko.agent.id;
    t.clock.advance(4 * MINUTE);
    await someTicks();
    expect(await assigneeOf(t, id)).toBe(first);

    t.clock.advance(2 * MINUTE);
    await eventually('passed to the other', async () => (await assigneeOf(t, id)) === second);
    expect((await conversation(t, id)).passCount).toBe(1);
    // The second does not answer either: no more passes (max 1), into the queue.
    t.clock.advance(6 * MINUTE);
    await eventually('in the queue', async () => (await conversation(t, id)).queuedAt != null);
    expect(await routingLines(t, id)).toEqual([
      { kind: 'routing', reason: 'unanswered', from: first, to: second, minutes: 5 },
      { kind: 'routing', reason: 'unanswered', from: second, to: null, minutes: 5 },
    ]);
    // Both had it: it waits for someone who has not.
    await someTicks();
    expect(await assigneeOf(t, id)).toBeNull();
    await t.connect(chie.token);
    await eventually('Chie gets it', async () => (await assigneeOf(t, id)) === chie.agent.id);
  });

  it('an answered conversation stays, and the count starts over', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id, ben.agent.id],
      settings: { routing: routing({ unansweredPassMinutes: 5 }) },
    });
    const aikoSocket = await t.connect(aiko.token);
    const id = await customerWrites(t, channel.id, 'c1');
    await t.connect(ben.token);
    await reply(aikoSocket, id);
    t.clock.advance(20 * MINUTE);
    await someTicks();
    expect(await assigneeOf(t, id)).toBe(aiko.agent.id);
    expect(await routingLines(t, id)).toEqual([]);
  });
});
