/**
 * conversation.bulk (issue 13 §4): one triage action on the inbox's selection,
 * authorized conversation by conversation, and mark as unread on the agent's
 * own read marker.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../../src/hub/services/inbound.js';
import { BULK_MAX } from '../../../src/shared/protocol.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

async function conversationIdOf(t: TestHub, result: IngestResult): Promise<string> {
  const id = result.messageIds[0];
  const message = id === undefined ? null : await t.hub.store.messages.findById(id);
  if (!message) throw new Error('no conversation');
  return message.message.conversationId;
}

describe('conversation.bulk', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('changes the linked conversations, refuses the others by name, and emits each change', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const mine = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const theirs = await t.createChannel({ linkAgentIds: [ben.agent.id] });
    const linked = await Promise.all(
      [1, 2, 3].map(async (n) => await conversationIdOf(t, await t.ingestText(mine.id, { from: `c${n}` }))),
    );
    const unlinked = await conversationIdOf(t, await t.ingestText(theirs.id, { from: 'x1' }));
    const sock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);

    const ids = [linked[0], unlinked, linked[1], linked[2], 'no-such-conversation'];
    const ack = await sock.command('conversation.bulk', {
      conversationIds: ids,
      action: { type: 'status', status: 'resolved' },
    });
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.data.outcomes.map((o) => [o.conversationId, o.ok ? 'ok' : o.error.code])).toEqual([
      [linked[0], 'ok'],
      [unlinked, 'CHANNEL_NOT_LINKED'],
      [linked[1], 'ok'],
      [linked[2], 'ok'],
      ['no-such-conversation', 'NOT_FOUND'],
    ]);
    for (const id of linked)
      expect((await t.hub.store.conversations.findById(id))?.conversation.status).toBe('resolved');
    expect((await t.hub.store.conversations.findById(unlinked))?.conversation.status).toBe('open');
    // Each applied change is its own conversation.upsert, reaching the other agents of the channel.
    for (const id of linked) {
      await benSock.waitForEvent(
        (e) => e.type === 'conversation.upsert' && e.conversation.id === id && e.conversation.status === 'resolved',
      );
    }
    expect(
      benSock.events.some(
        (e) =>
          e.type === 'conversation.upsert' && e.conversation.id === unlinked && e.conversation.status === 'resolved',
      ),
    ).toBe(false);
  });

  it('assigns, snoozes and labels the selection with the rules of the single commands', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const outsider = await t.createAgent({ name: 'Dan' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const [a, b] = await Promise.all(
      [1, 2].map(async (n) => await conversationIdOf(t, await t.ingestText(channel.id, { from: `c${n}` }))),
    );
    if (a === undefined || b === undefined) throw new Error('no conversations');
    const sock = await t.connect(aiko.token);
    await sock.command('conversation.setLabels', { conversationId: a, labels: ['vip', 'refund'] });

    const assigned = await sock.command('conversation.bulk', {
      conversationIds: [a, b],
      action: { type: 'assign', assigneeId: aiko.agent.id },
    });
    expect(assigned.ok && assigned.data.outcomes.every((o) => o.ok)).toBe(true);
    expect((await t.hub.store.conversations.findById(b))?.conversation.assigneeId).toBe(aiko.agent.id);

    // Dan is not linked: the assignee rule refuses each conversation, as conversation.assign would.
    const toOutsider = await sock.command('conversation.bulk', {
      conversationIds: [a, b],
      action: { type: 'assign', assigneeId: outsider.agent.id },
    });
    expect(toOutsider.ok && toOutsider.data.outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
      'NOT_LINKED_TO_CHANNEL',
      'NOT_LINKED_TO_CHANNEL',
    ]);

    const labelled = await sock.command('conversation.bulk', {
      conversationIds: [a, b],
      action: { type: 'labels', add: ['billing'], remove: ['refund'] },
    });
    expect(labelled.ok).toBe(true);
    expect((await t.hub.store.conversations.findById(a))?.conversation.labels).toEqual(['vip', 'billing']);
    expect((await t.hub.store.conversations.findById(b))?.conversation.labels).toEqual(['billing']);

    const until = t.clock.now() + 60 * 60 * 1000;
    const snoozed = await sock.command('conversation.bulk', {
      conversationIds: [a, b],
      action: { type: 'snooze', until },
    });
    expect(snoozed.ok).toBe(true);
    expect((await t.hub.store.conversations.findById(a))?.conversation).toMatchObject({
      status: 'pending',
      snoozedUntil: until,
    });
  });

  it(`refuses more than ${BULK_MAX} ids with BULK_TOO_LARGE and changes nothing`, async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const id = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(aiko.token);
    // Coming online hands Aiko the waiting conversation; count the log after that.
    await sock.waitForEvent((e) => e.type === 'conversation.upsert' && e.conversation.assigneeId === aiko.agent.id);
    const seq = await t.hub.store.events.latestSeq();
    const ids = [id, ...Array.from({ length: BULK_MAX }, (_, i) => `conv-${i}`)];
    const ack = await sock.command('conversation.bulk', {
      conversationIds: ids,
      action: { type: 'status', status: 'resolved' },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BULK_TOO_LARGE' } });
    expect((await t.hub.store.conversations.findById(id))?.conversation.status).toBe('open');
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
  });

  it('an agent without the update permission changes nothing', async () => {
    const viewer = await t.createAgent({
      name: 'Viewer',
      permissions: { view: true, create: true, update: false, delete: false },
    });
    const channel = await t.createChannel({ linkAgentIds: [viewer.agent.id] });
    const id = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const sock = await t.connect(viewer.token);
    const ack = await sock.command('conversation.bulk', {
      conversationIds: [id],
      action: { type: 'status', status: 'resolved' },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.hub.store.conversations.findById(id))?.conversation.status).toBe('open');
  });
});

describe('conversation.markUnread', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it("moves the agent's own marker back before the customer's latest message, on every socket of that agent only", async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const id = await conversationIdOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const lastInboundAt = (await t.hub.store.conversations.findById(id))?.conversation.lastInboundAt ?? 0;
    const laptop = await t.connect(aiko.token);
    const phone = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    await laptop.command('conversation.markRead', { conversationId: id, readAt: lastInboundAt + 10 });

    const ack = await laptop.command('conversation.markUnread', { conversationId: id });
    expect(ack).toMatchObject({ ok: true, data: { readAt: lastInboundAt - 1 } });
    const seen = await phone.waitForEvent((e) => e.type === 'conversation.read' && e.markedUnread === true);
    expect(seen).toMatchObject({ conversationId: id, agentId: aiko.agent.id, readAt: lastInboundAt - 1 });
    expect(benSock.events.some((e) => e.type === 'conversation.read')).toBe(false);

    // A rebuilding client is told the marker was moved back, so it does not keep the later one.
    const snapshot = await phone.command('snapshot', { cursor: null, limit: 5000 });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.data.items).toContainEqual(
      expect.objectContaining({ type: 'conversation.read', conversationId: id, markedUnread: true }),
    );
    // Reading it again moves the marker forward and clears the mark.
    await laptop.command('conversation.markRead', { conversationId: id, readAt: lastInboundAt + 20 });
    expect(await t.hub.store.reads.listOfAgent(aiko.agent.id)).toEqual([
      { conversationId: id, agentId: aiko.agent.id, readAt: lastInboundAt + 20 },
    ]);
  });
});
