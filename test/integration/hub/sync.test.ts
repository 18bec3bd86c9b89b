import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conversation, Message } from '../../../src/shared/domain.js';
import {
  Page,
  ResyncNotice,
  SyncResult,
  type Ack,
  type HubEvent,
  SnapshotResult,
} from '../../../src/shared/protocol.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const ConversationPage = Page(Conversation);
const MessagePage = Page(Message);

function syncData(ack: { ok: boolean; data?: unknown; error?: unknown }): SyncResult {
  if (!ack.ok) throw new Error(`sync failed: ${JSON.stringify(ack.error)}`);
  return SyncResult.parse(ack.data);
}

/** Counted seqs stay still: no queue gives conversations out as agents connect (docs/hub.md, "Routing"). */
const NO_ROUTING = { autoAssign: false };

describe('sync and live events', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('an agent linked to one channel never receives another channel’s events, live or by sync or over HTTP', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const mine = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const other = await t.createChannel({ kind: 'line' });
    const sock = await t.connect(aiko.token);
    const adminSock = await t.connect(t.adminToken);

    await t.ingestText(other.id, { from: 'stranger', text: 'secret of another channel' });
    await t.ingestText(mine.id, { from: 'customer', text: 'hello mine' });

    await sock.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'hello mine');
    await adminSock.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'secret of another channel');
    expect(sock.events.some((e) => e.channelId === other.id)).toBe(false);

    const synced = syncData(await sock.command('sync', { after: 0 }));
    expect(synced.reset).toBe(false);
    if (synced.reset) return;
    expect(synced.events.some((e) => e.channelId === other.id)).toBe(false);
    expect(synced.events.some((e) => e.type === 'message.upsert' && e.message.text === 'hello mine')).toBe(true);

    const list = await t.api('GET', '/api/conversations', { token: aiko.token });
    expect(ConversationPage.parse(list.body).items.map((c) => c.channelId)).toEqual([mine.id]);
    const foreign = ConversationPage.parse(
      (await t.api('GET', `/api/conversations?channelId=${other.id}`, { token: t.adminToken })).body,
    ).items[0];
    expect(foreign).toBeDefined();
    if (!foreign) return;
    expect((await t.api('GET', `/api/conversations/${foreign.id}`, { token: aiko.token })).status).toBe(403);
    expect((await t.api('GET', `/api/conversations/${foreign.id}/messages`, { token: aiko.token })).status).toBe(403);
    expect((await t.api('GET', `/api/contacts/${foreign.contactId}`, { token: aiko.token })).status).toBe(403);
  });

  it('a client that disconnects, misses events and syncs after reconnecting gets exactly the missed ones in order', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const first = await t.connect(aiko.token);
    await t.ingestText(channel.id, { from: 'c1', text: 'before' });
    await first.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'before');
    const lastSeen = Math.max(...first.events.map((e) => e.seq));
    first.close();

    for (let i = 1; i <= 5; i++) await t.ingestText(channel.id, { from: `c${i % 2}`, text: `missed ${i}` });

    const second = await t.connect(aiko.token);
    const missed: HubEvent[] = [];
    let after = lastSeen;
    for (;;) {
      const page = syncData(await second.command('sync', { after, limit: 3 }));
      if (page.reset) throw new Error('unexpected reset');
      missed.push(...page.events);
      after = page.events.at(-1)?.seq ?? after;
      if (!page.hasMore) break;
    }
    const seqs = missed.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s > lastSeen)).toBe(true);
    const texts = missed.flatMap((e) => (e.type === 'message.upsert' ? [e.message.text] : []));
    expect(texts).toEqual(['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5']);

    await t.ingestText(channel.id, { from: 'c1', text: 'live again' });
    const live = await second.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'live again');
    expect(live.seq).toBeGreaterThan(after);
  });

  it('when the log was compacted past the client’s cursor, sync answers reset and the snapshot rebuilds the state', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id], settings: NO_ROUTING });
    const hidden = await t.createChannel();
    for (let i = 0; i < 7; i++) await t.ingestText(channel.id, { from: `customer-${i}`, text: `message ${i}` });
    await t.ingestText(hidden.id, { from: 'x', text: 'not for aiko' });
    const latest = await t.hub.store.events.latestSeq();
    await t.hub.services.sync.compactLog(latest - 2);

    const sock = await t.connect(aiko.token);
    const res = syncData(await sock.command('sync', { after: 3 }));
    expect(res).toEqual({ reset: true, latestSeq: latest, logId: expect.any(String) });

    const items = [];
    let cursor: string | null = null;
    let asOfSeq = -1;
    do {
      const ack: Ack<SnapshotResult> = await sock.command('snapshot', { cursor, limit: 4 });
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      items.push(...ack.data.items);
      cursor = ack.data.nextCursor;
      asOfSeq = ack.data.asOfSeq;
    } while (cursor !== null);
    expect(asOfSeq).toBe(latest);
    const messages = items.flatMap((i) => (i.type === 'message.upsert' ? [i.message.text] : []));
    expect(messages.sort()).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `message ${i}`));
    expect(items.filter((i) => i.type === 'contact.upsert')).toHaveLength(7);
    expect(items.filter((i) => i.type === 'conversation.upsert')).toHaveLength(7);
    expect(items.some((i) => i.type === 'channel.upsert' && i.channel.id === hidden.id)).toBe(false);
    const after = syncData(await sock.command('sync', { after: asOfSeq }));
    expect(after).toMatchObject({ reset: false, events: [] });
  });

  it('linking an agent to a channel tells its client to resync and then delivers that channel live', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel();
    const sock = await t.connect(aiko.token);
    await t.linkAgent(channel.id, aiko.agent.id);
    await sock.waitForPush('resync', (p) => ResyncNotice.parse(p).reason === 'links-changed');
    await t.ingestText(channel.id, { from: 'c', text: 'now visible' });
    await sock.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'now visible');

    const unlink = await t.api('DELETE', `/api/channels/${channel.id}/agents/${aiko.agent.id}`, {
      token: t.adminToken,
    });
    expect(unlink.status).toBe(200);
    await sock.waitForPush('resync', () => true);
    const count = sock.events.length;
    await t.ingestText(channel.id, { from: 'c', text: 'hidden again' });
    const adminSock = await t.connect(t.adminToken);
    await t.ingestText(channel.id, { from: 'c', text: 'admin sees it' });
    await adminSock.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'admin sees it');
    expect(sock.events.slice(count).some((e) => e.channelId === channel.id && e.type === 'message.upsert')).toBe(false);
  });

  it('every event and snapshot item the hub sends is valid under the shared protocol schemas', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({
      kind: 'line',
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true },
    });
    await t.ingestText(channel.id, {
      from: 'U1',
      name: 'あ'.repeat(400),
      text: 'x'.repeat(300),
      phone: '+81' + '9'.repeat(40),
    });
    await t.ingestText(channel.id, {
      from: 'U2',
      kind: 'image',
      text: null,
      media: [{ ref: 'm1', mimeType: null, fileName: null, size: null }],
      replyToken: { token: 'rt', expiresAt: t.clock.now() + 60_000 },
    });
    const sock = await t.connect(aiko.token);
    const ack = await sock.command('sync', { after: 0, limit: 5000 });
    // Parsing with the shared schema is the check: the client core parses every event the same way.
    const synced = SyncResult.parse(ack.ok ? ack.data : null);
    if (synced.reset) throw new Error('unexpected reset');
    const contact = synced.events.find((e) => e.type === 'contact.upsert' && e.contact.identity.externalId === 'U1');
    expect(contact?.type === 'contact.upsert' && contact.contact.name.length).toBe(256);
    const snapshot = await sock.command('snapshot', { cursor: null, limit: 5000 });
    expect(SnapshotResult.parse(snapshot.ok ? snapshot.data : null).items.length).toBeGreaterThan(5);
  });

  it('the hub restarted on the same data folder keeps agents, channels, conversations, messages and the log', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true, ...NO_ROUTING },
    });
    await t.ingestText(channel.id, { from: 'c1', text: 'kept across restarts', name: 'Keiko' });
    const before = await t.hub.store.events.latestSeq();
    await t.restart();

    const session = await t.login(aiko.email, aiko.password);
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(200);
    const list = ConversationPage.parse((await t.api('GET', '/api/conversations', { token: session.token })).body);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]?.ticket?.number).toBe(1);
    const id = list.items[0]?.id ?? '';
    const msgs = MessagePage.parse(
      (await t.api('GET', `/api/conversations/${id}/messages`, { token: session.token })).body,
    );
    expect(msgs.items.map((m) => m.text)).toEqual(['kept across restarts']);
    const sock = await t.connect(session.token);
    const synced = syncData(await sock.command('sync', { after: 0 }));
    expect(synced.latestSeq).toBe(before);
    await t.ingestText(channel.id, { from: 'c1', text: 'after restart' });
    const event = await sock.waitForEvent((e) => e.type === 'message.upsert');
    expect(event.seq).toBe(before + 2);
  });
});
