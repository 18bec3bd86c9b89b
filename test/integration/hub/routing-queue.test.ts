/**
 * The per-channel queue (issue 14 §2): a customer who writes while no linked agent is available waits,
 * oldest first, and is assigned the moment an agent comes online or is linked; agents and admins see the
 * queue's length and oldest wait (GET /api/queues, queue.upsert), each agent only for their channels.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../src/shared/protocol.js';
import type { TestHub } from '../../helpers/hub.js';
import {
  assigneeOf,
  conversation,
  customerWrites,
  eventually,
  queueOf,
  routingHub,
  routingLines,
} from './routing-harness.js';

const queueEvents = (events: readonly HubEvent[], channelId: string) =>
  events.flatMap((e) => (e.type === 'queue.upsert' && e.queue.channelId === channelId ? [e.queue] : []));

describe('the queue', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await routingHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('keeps customers who write while nobody is online, and gives them out oldest first when an agent comes online', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const admin = await t.connect(t.adminToken);
    const first = await customerWrites(t, channel.id, 'c1');
    t.clock.advance(30_000);
    const second = await customerWrites(t, channel.id, 'c2');

    for (const id of [first, second]) {
      expect(await assigneeOf(t, id)).toBeNull();
      expect((await conversation(t, id)).queuedAt).toEqual(expect.any(Number));
      expect(await routingLines(t, id)).toEqual([
        { kind: 'routing', reason: 'queued', from: null, to: null, minutes: null },
      ]);
    }
    const waiting = await queueOf(t, t.adminToken, channel.id);
    expect(waiting).toMatchObject({ length: 2, oldestQueuedAt: (await conversation(t, first)).queuedAt });
    expect(await queueOf(t, aiko.token, channel.id)).toEqual(waiting);
    await eventually('the admin is told of the second', () =>
      queueEvents(admin.events, channel.id).some((q) => q.length === 2),
    );
    const secondQueuedAt = (await conversation(t, second)).queuedAt;

    await t.connect(aiko.token);
    await eventually(
      'both assigned to Aiko',
      async () => (await assigneeOf(t, first)) === aiko.agent.id && (await assigneeOf(t, second)) === aiko.agent.id,
    );
    expect((await conversation(t, first)).queuedAt).toBeNull();
    expect(await queueOf(t, t.adminToken, channel.id)).toMatchObject({ length: 0, oldestQueuedAt: null });
    // The oldest left first: once one was out, the second was the oldest waiting.
    await eventually('the admin sees the queue empty', () =>
      queueEvents(admin.events, channel.id).some((q) => q.length === 0),
    );
    const figures = queueEvents(admin.events, channel.id).map((q) => [q.length, q.oldestQueuedAt]);
    expect(figures.at(-1)).toEqual([0, null]);
    // Whenever one was left waiting it was the second (two drains at once on Postgres may both report the end only).
    const afterBoth = figures.slice(figures.findLastIndex(([n]) => n === 2) + 1);
    for (const [n, oldest] of afterBoth) if (n === 1) expect(oldest).toBe(secondQueuedAt);
  });

  it('gives a waiting customer to an online agent the moment they are linked to the channel', async () => {
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel();
    await t.connect(ben.token);
    const id = await customerWrites(t, channel.id, 'c1');
    expect((await conversation(t, id)).queuedAt).toEqual(expect.any(Number));
    // Ben may not see a channel he is not linked to, its queue included.
    expect(await queueOf(t, ben.token, channel.id)).toBeUndefined();

    await t.linkAgent(channel.id, ben.agent.id);
    await eventually('assigned to Ben', async () => (await assigneeOf(t, id)) === ben.agent.id);
    expect(await queueOf(t, ben.token, channel.id)).toMatchObject({ length: 0, oldestQueuedAt: null });
  });

  it('routes a customer writing into an unassigned conversation, and leaves a channel without automatic assignment alone', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const manual = await t.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoAssign: false } });
    const id = await customerWrites(t, manual.id, 'c1');
    expect(await conversation(t, id)).toMatchObject({ assigneeId: null, queuedAt: null });
    expect(await queueOf(t, t.adminToken, manual.id)).toMatchObject({ length: 0 });
    await t.connect(aiko.token);
    await customerWrites(t, manual.id, 'c1', 'anyone?');
    expect(await assigneeOf(t, id)).toBeNull();
  });
});
