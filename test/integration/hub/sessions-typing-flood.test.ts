import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../../src/shared/protocol.js';
import { COMMAND_LIMITS } from '../../../src/hub/socket/command-limits.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';

const FLOOD = 1000;

/** Most a rule lets through in `elapsedMs` (plus one token of slack for the timing of the first refill). */
function allowance(command: 'typing' | 'presence.set', elapsedMs: number): number {
  const rule = COMMAND_LIMITS[command];
  if (!rule) throw new Error(`no limit for ${command}`);
  return rule.burst + Math.ceil((rule.perSecond * elapsedMs) / 1000) + 1;
}

/** Pushes to `watcher` named `name` from `agentId`, once a later event proves earlier pushes have arrived. */
async function pushesFrom(t: TestHub, watcher: TestSocket, channelId: string, name: string, agentId: string) {
  const marker = `barrier-${Math.random()}`;
  await t.ingestText(channelId, { from: 'barrier', text: marker });
  await watcher.waitForPush('events', (p) => JSON.stringify(p).includes(marker));
  return watcher.pushes.filter((p) => p.name === name && JSON.stringify(p.payload).includes(agentId));
}

describe('typing and presence floods are dropped, not fanned out', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
  let channelId: string;
  let conversationId: string;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    ben = await t.createAgent({ name: 'Ben' });
    channelId = (await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] })).id;
    const messageId = (await t.ingestText(channelId, { from: 'customer' })).messageIds[0] ?? '';
    conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
  });
  afterEach(async () => {
    await t.stop();
  });

  async function flood(sock: TestSocket, command: 'typing' | 'presence.set', payload: (i: number) => unknown) {
    const started = performance.now();
    const acks = Array.from({ length: FLOOD }, (_, i) => sock.command(command, payload(i)));
    const health = performance.now();
    const healthAnswer = await t.api('GET', '/health');
    const healthMs = performance.now() - health;
    const answers: Ack<unknown>[] = await Promise.all(acks);
    return { answers, elapsedMs: performance.now() - started, healthStatus: healthAnswer.status, healthMs };
  }

  it('1,000 typing commands from one socket reach the other agents only a bounded number of times, and /health still answers', async () => {
    const watcher = await t.connect(ben.token, { batchEvents: true });
    const typist = await t.connect(aiko.token);
    const { answers, elapsedMs, healthStatus, healthMs } = await flood(typist, 'typing', (i) => ({
      conversationId,
      isTyping: i % 2 === 0,
    }));

    const relayed = await pushesFrom(t, watcher, channelId, 'typing', aiko.agent.id);
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.length).toBeLessThanOrEqual(allowance('typing', elapsedMs));
    const dropped = answers.filter((a) => !a.ok);
    expect(dropped.length).toBeGreaterThanOrEqual(FLOOD - allowance('typing', elapsedMs));
    expect(dropped[0]).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { retryAfterMs: expect.any(Number) } },
    });
    expect(healthStatus).toBe(200);
    expect(healthMs).toBeLessThan(2000);
  });

  it('1,000 presence changes from one socket reach the others only a bounded number of times', async () => {
    const watcher = await t.connect(ben.token, { batchEvents: true });
    const flapping = await t.connect(aiko.token);
    const { answers, elapsedMs } = await flood(flapping, 'presence.set', (i) => ({
      presence: i % 2 === 0 ? 'away' : 'online',
    }));

    const announced = await pushesFrom(t, watcher, channelId, 'presence', aiko.agent.id);
    // One more than the commands let through: Aiko's connection announced her online.
    expect(announced.length).toBeLessThanOrEqual(allowance('presence.set', elapsedMs) + 1);
    expect(answers.filter((a) => !a.ok).length).toBeGreaterThanOrEqual(FLOOD - allowance('presence.set', elapsedMs));
  });
});
