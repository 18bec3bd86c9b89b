/**
 * Live events and ephemeral signals on a hub of several nodes over one PostgreSQL database
 * (docs/scaling.md, "Live events across nodes"): what commits on one node reaches the sockets of every
 * node once, in seq order; presence, typing and revoked sessions cross nodes; and the log's gap-free rule
 * holds for a client syncing from one node while another holds a write open.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { HubEvent } from '../../../src/shared/protocol.js';
import { openSocket, startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { callHubApi } from '../../helpers/hub-api.js';
import { killHubProcesses, runHubCli } from '../../helpers/hub-cli.js';
import { createDatabase } from '../../helpers/postgres.js';

/** Generous: the machine may be busy; a push that never comes fails the test all the same. */
const WAIT_MS = 20_000;
const hubs: TestHub[] = [];
const clients: pg.Client[] = [];
const sockets: TestSocket[] = [];
const folders: string[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  killHubProcesses();
  for (const client of clients.splice(0)) await client.end().catch(() => undefined);
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  for (const hub of hubs.splice(0).reverse()) await hub.stop();
});

async function twoNodes(): Promise<{ a: TestHub; b: TestHub; databaseUrl: string }> {
  const databaseUrl = await createDatabase();
  const config = { databaseUrl, secretKey: randomBytes(32).toString('base64') };
  const a = await startHub({ config });
  hubs.push(a);
  const b = await startHub({ config });
  hubs.push(b);
  return { a, b, databaseUrl };
}

/** An agent linked to a new channel, with a socket on each node. */
async function agentOnBothNodes(a: TestHub, b: TestHub) {
  const agent = await a.createAgent({ name: 'Aiko' });
  const channel = await a.createChannel({ kind: 'telegram', linkAgentIds: [agent.agent.id] });
  const onA = await a.connect(agent.token);
  const onB = await b.connect(agent.token);
  return { agent, channel, onA, onB };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const seqsOf = (events: readonly HubEvent[], after: number): number[] =>
  events.filter((e) => e.seq > after).map((e) => e.seq);

describe('live events across hub nodes on one Postgres', () => {
  it('a message that arrives on node A reaches the socket on node B once', async () => {
    const { a, b } = await twoNodes();
    const { channel, onA, onB } = await agentOnBothNodes(a, b);

    const result = await a.ingestText(channel.id, { from: 'customer-1', text: 'hello from node A' });
    const [messageId] = result.messageIds;
    const isIt = (e: HubEvent): boolean => e.type === 'message.upsert' && e.message.id === messageId;
    await onB.waitForEvent(isIt, WAIT_MS);
    await onA.waitForEvent(isIt, WAIT_MS);
    // Anything later on the log has gone out too: then a duplicate would have arrived by now.
    await a.ingestText(channel.id, { from: 'customer-1', text: 'and a later one' });
    await onB.waitForEvent((e) => e.type === 'message.upsert' && e.message.text === 'and a later one', WAIT_MS);

    expect(onB.events.filter(isIt)).toHaveLength(1);
    expect(onA.events.filter(isIt)).toHaveLength(1);
  });

  it('a burst from both nodes reaches both sockets in seq order, without a gap or a duplicate', async () => {
    const { a, b } = await twoNodes();
    const { agent, channel, onA, onB } = await agentOnBothNodes(a, b);
    const start = await a.hub.store.events.latestSeq();

    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? a : b).ingestText(channel.id, { from: `customer-${i % 7}`, text: `burst ${i}` }),
      ),
    );
    const expected = seqsOf(
      await a.hub.store.events.listAfter(start, 10_000, { agentId: agent.agent.id, scope: [channel.id] }),
      start,
    );
    expect(expected.length).toBeGreaterThanOrEqual(200);
    const last = expected.at(-1) ?? 0;
    for (const socket of [onA, onB]) {
      await until(() => socket.events.some((e) => e.seq >= last), 'the burst on a socket');
      expect(seqsOf(socket.events, start)).toEqual(expected);
    }
  }, 120_000);

  it('an agent coming online on node A is seen online from node B', async () => {
    const { a, b } = await twoNodes();
    const aiko = await a.createAgent({ name: 'Aiko' });
    const watcher = await b.connect(b.adminToken);
    await a.connect(aiko.token);
    const presence = (await watcher.waitForPush(
      'presence',
      (p) => (p as { agentId: string }).agentId === aiko.agent.id,
      WAIT_MS,
    )) as { presence: string };
    expect(presence.presence).not.toBe('offline');
  });

  it("a session signed out on node A disconnects that session's socket on node B", async () => {
    const { a, b } = await twoNodes();
    const aiko = await a.createAgent({ name: 'Aiko' });
    const onB = await b.connect(aiko.token);
    const res = await a.api('POST', '/api/auth/logout', { token: aiko.token });
    expect(res.status).toBe(204);
    await onB.waitForPush('signed-out', undefined, WAIT_MS);
    await until(() => !onB.socket.connected, 'the socket to close');
  });

  it('typing on node A is shown to a socket on node B, not echoed to the typist', async () => {
    const { a, b } = await twoNodes();
    const { channel, onA } = await agentOnBothNodes(a, b);
    const colleague = await a.createAgent({ name: 'Ben' });
    await a.linkAgent(channel.id, colleague.agent.id);
    const benOnB = await b.connect(colleague.token);
    const result = await a.ingestText(channel.id, { from: 'customer-1', text: 'anyone there?' });
    const event = await onA.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.id === result.messageIds[0],
      WAIT_MS,
    );
    if (event.type !== 'message.upsert') throw new Error('not a message');
    const conversationId = event.message.conversationId;

    expect((await onA.command('typing', { conversationId, isTyping: true })).ok).toBe(true);
    const notice = (await benOnB.waitForPush('typing', undefined, WAIT_MS)) as {
      conversationId: string;
      isTyping: boolean;
    };
    expect(notice).toMatchObject({ conversationId, isTyping: true });
    expect(onA.pushes.filter((p) => p.name === 'typing')).toHaveLength(0);
  });

  it('a write held open with a lower seq hides the higher one committed after it from a sync on node B', async () => {
    const { a, b, databaseUrl } = await twoNodes();
    const { channel, onB } = await agentOnBothNodes(a, b);
    await a.ingestText(channel.id, { from: 'customer-1', text: 'before' });
    const start = await b.hub.store.events.latestSeq();

    // Another writer (as node A's transaction would) takes the next seq and holds it uncommitted.
    const held = new pg.Client({ connectionString: databaseUrl });
    clients.push(held);
    await held.connect();
    await held.query('BEGIN');
    const { rows } = await held.query<{ seq: string }>(
      'UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq',
    );
    const heldSeq = Number(rows[0]?.seq);
    await held.query(
      `INSERT INTO events (seq, at, type, channel_id, agent_id, body)
         SELECT $1, at, type, channel_id, agent_id, body FROM events WHERE seq = $2`,
      [heldSeq, start],
    );
    await held.query(`SELECT pg_notify('switchboard_events', $1)`, [String(heldSeq)]);

    // Node B's write comes after: it waits for the counter row, so it cannot commit a higher seq first.
    let bDone = false;
    const onNodeB = b.ingestText(channel.id, { from: 'customer-2', text: 'after' }).then((r) => {
      bDone = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const between = await onB.command('sync', { after: start });
    if (!between.ok || between.data.reset) throw new Error('sync failed');
    expect(between.data.events).toEqual([]);
    expect(bDone).toBe(false);
    expect(seqsOf(onB.events, start)).toEqual([]);

    await held.query('COMMIT');
    const result = await onNodeB;
    await onB.waitForEvent((e) => e.type === 'message.upsert' && e.message.id === result.messageIds[0], WAIT_MS);
    const after = await onB.command('sync', { after: start });
    if (!after.ok || after.data.reset) throw new Error('sync failed');
    const synced = after.data.events.map((e) => e.seq);
    expect(synced[0]).toBe(heldSeq);
    expect(synced).toEqual([...synced].sort((x, y) => x - y));
    expect(seqsOf(onB.events, start)).toEqual(synced);
  });

  it('on two hub processes: a sync from the second sees no later write until the held lower seq commits', async () => {
    const databaseUrl = await createDatabase();
    const secretKey = randomBytes(32).toString('base64');
    const a = await startHub({ config: { databaseUrl, secretKey } });
    hubs.push(a);
    const agent = await a.createAgent({ name: 'Aiko' });
    const channel = await a.createChannel({ kind: 'whatsapp', linkAgentIds: [agent.agent.id] });
    await a.ingestText(channel.id, { from: 'customer-1', text: 'before' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-node-b-'));
    folders.push(dataDir);
    const nodeB = runHubCli(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir], {
      env: { SWITCHBOARD_DATABASE_URL: databaseUrl, SWITCHBOARD_SECRET_KEY: secretKey },
    });
    const urlB = await nodeB.started;
    const onB = await openSocket(urlB, agent.token);
    sockets.push(onB);
    const start = await a.hub.store.events.latestSeq();

    // Node A's transaction (its own connection) takes the next seq and holds it uncommitted.
    const held = new pg.Client({ connectionString: databaseUrl });
    clients.push(held);
    await held.connect();
    await held.query('BEGIN');
    const { rows } = await held.query<{ seq: string }>(
      'UPDATE event_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq',
    );
    const heldSeq = Number(rows[0]?.seq);
    await held.query(
      `INSERT INTO events (seq, at, type, channel_id, agent_id, body)
         SELECT $1, at, type, channel_id, agent_id, body FROM events WHERE seq = $2`,
      [heldSeq, start],
    );
    await held.query(`SELECT pg_notify('switchboard_events', $1)`, [String(heldSeq)]);

    // The process of node B renames the channel meanwhile: a write whose event comes after the held one.
    let renamed = false;
    const rename = callHubApi(urlB, 'PATCH', `/api/channels/${channel.id}`, {
      token: a.adminToken,
      body: { name: 'Renamed on B' },
    }).then((res) => {
      renamed = true;
      return res;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const between = await onB.command('sync', { after: start });
    if (!between.ok || between.data.reset) throw new Error('sync failed');
    expect(between.data.events).toEqual([]);
    expect(renamed).toBe(false);

    await held.query('COMMIT');
    expect((await rename).status).toBe(200);
    await onB.waitForEvent((e) => e.type === 'channel.upsert' && e.channel.name === 'Renamed on B', WAIT_MS);
    const after = await onB.command('sync', { after: start });
    if (!after.ok || after.data.reset) throw new Error('sync failed');
    const synced = after.data.events.map((e) => e.seq);
    expect(synced[0]).toBe(heldSeq);
    expect(synced.length).toBeGreaterThan(1);
    expect(synced).toEqual([...synced].sort((x, y) => x - y));
    // The process's live events: the same seqs, in the same order, each once (the rename's later events may still
    // be on their way when the sync answers).
    const last = synced.at(-1) ?? 0;
    await onB.waitForEvent((e) => e.seq >= last, WAIT_MS);
    expect(seqsOf(onB.events, start)).toEqual(synced);
  }, 90_000);
});
