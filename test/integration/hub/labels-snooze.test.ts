import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../../src/shared/domain.js';
import type { IngestResult } from '../../../src/hub/services/inbound.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const HOUR = 60 * 60 * 1000;

async function conversationOf(t: TestHub, result: IngestResult): Promise<Conversation> {
  const id = result.messageIds[0];
  const message = id === undefined ? null : await t.hub.store.messages.findById(id);
  const record = message && (await t.hub.store.conversations.findById(message.message.conversationId));
  if (!record) throw new Error('no conversation');
  return record.conversation;
}

/** Polls until `check` passes or the deadline is reached (the wake timer runs on its own). */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('conversation labels', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('labels one agent sets reach another agent linked to the channel, trimmed and without duplicates', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const aikoSock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);

    const ack = await aikoSock.command('conversation.setLabels', {
      conversationId: conversation.id,
      labels: [' vip ', 'refund', 'vip', 'billing'],
    });
    expect(ack).toMatchObject({ ok: true, data: { labels: ['vip', 'refund', 'billing'] } });
    const seen = await benSock.waitForEvent(
      (e) =>
        e.type === 'conversation.upsert' && e.conversation.id === conversation.id && e.conversation.labels.length > 0,
    );
    expect(seen).toMatchObject({ conversation: { labels: ['vip', 'refund', 'billing'] } });
  });

  it('an agent not linked to the channel cannot label its conversations', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const outsider = await t.createAgent({ name: 'Dan' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(outsider.token);

    const refused = await sock.command('conversation.setLabels', { conversationId: conversation.id, labels: ['x'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const http = await t.api('PUT', `/api/conversations/${conversation.id}/labels`, {
      token: outsider.token,
      body: { labels: ['x'] },
    });
    expect(http.status).toBe(403);
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.labels).toEqual([]);
  });

  it('bad labels are refused and the conversation keeps its labels', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    // Counted seqs stay still: no queue gives the conversation out as Aiko connects.
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoAssign: false } });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const path = `/api/conversations/${conversation.id}/labels`;
    const ok = await t.api('PUT', path, { token: aiko.token, body: { labels: ['urgent'] } });
    expect(Conversation.parse(ok.body).labels).toEqual(['urgent']);
    const seq = await t.hub.store.events.latestSeq();

    for (const labels of [['   '], ['x'.repeat(51)], 'urgent', Array.from({ length: 21 }, (_, i) => `l${i}`)]) {
      const res = await t.api('PUT', path, { token: aiko.token, body: { labels } });
      expect(res.status).toBe(400);
    }
    const sock = await t.connect(aiko.token);
    const refused = await sock.command('conversation.setLabels', { conversationId: conversation.id, labels: [42] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.labels).toEqual(['urgent']);
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });
});

describe('snooze', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub({ config: { snoozeCheckIntervalMs: 20 } });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a snoozed conversation is pending until its time, then wakes up open and the agent is told', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    // Only the wake-up opens it: no queue gives it out as Aiko connects.
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoAssign: false } });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(aiko.token);
    const until = t.clock.now() + HOUR;

    const ack = await sock.command('conversation.setStatus', {
      conversationId: conversation.id,
      status: 'open',
      snoozedUntil: until,
    });
    expect(ack).toMatchObject({ ok: true, data: { status: 'pending', snoozedUntil: until } });
    const seqAfterSnooze = await t.hub.store.events.latestSeq();
    // Several timer ticks pass before the clock reaches the snooze end: nothing wakes early.
    const ticks = await t.hub.services.conversations.wakeSnoozed();
    expect(ticks).toBe(0);
    expect(await t.hub.store.events.latestSeq()).toBe(seqAfterSnooze);

    t.clock.advance(HOUR + 1);
    const woken = await sock.waitForEvent(
      (e) =>
        e.type === 'conversation.upsert' && e.conversation.id === conversation.id && e.conversation.status === 'open',
    );
    expect(woken).toMatchObject({ conversation: { status: 'open', snoozedUntil: null } });
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation).toMatchObject({
      status: 'open',
      snoozedUntil: null,
    });
  });

  it('a snooze that ended while the hub was down wakes when the hub starts', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const conversation = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(aiko.token);
    const ack = await sock.command('conversation.setStatus', {
      conversationId: conversation.id,
      status: 'pending',
      snoozedUntil: t.clock.now() + HOUR,
    });
    expect(ack.ok).toBe(true);
    await t.halt();
    t.clock.advance(2 * HOUR);
    await t.resume();
    await eventually(
      async () => (await t.hub.store.conversations.findById(conversation.id))?.conversation.status === 'open',
      'the conversation to wake',
    );
    expect((await t.hub.store.conversations.findById(conversation.id))?.conversation.snoozedUntil).toBeNull();
  });
});
