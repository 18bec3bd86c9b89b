/**
 * Presence and "who is viewing" on a hub of two nodes over one PostgreSQL database (docs/scaling.md,
 * "Shared state"): an agent connected to node A is available to node B's routing, a node that starts does
 * not mark agents of another live node offline, a node that dies (its heartbeat stops, nothing is written
 * at its end) stops counting for the others after the timeout, and the conversations sockets of A show are
 * told to sockets of B, including one that connects later.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NODE_PRESENCE_POLICY } from '../../../src/hub/services/node-presence.js';
import { startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { createDatabase } from '../../helpers/postgres.js';
import { assigneeOf, customerWrites, routing } from '../hub/routing-harness.js';

/** Generous: the machine may be busy, and a dead node is noticed at the next heartbeat (a few seconds). */
const WAIT_MS = 30_000;
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0).reverse()) await hub.stop();
});

async function node(config: { databaseUrl: string; secretKey: string }, clockSkewMs = 0): Promise<TestHub> {
  const hub = await startHub({ config: { ...config, routingCheckIntervalMs: 50 }, clockSkewMs });
  hubs.push(hub);
  return hub;
}

async function cluster(): Promise<{ config: { databaseUrl: string; secretKey: string } }> {
  return { config: { databaseUrl: await createDatabase(), secretKey: randomBytes(32).toString('base64') } };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type PresencePush = { agentId: string; presence: string };
type ViewingPush = { conversationId: string; agentId: string; viewing: boolean };

/** The last presence the socket was told for the agent (the initial list, then changes). */
const presenceSeen = (sock: TestSocket, agentId: string): string | undefined =>
  sock.pushes
    .filter((p) => p.name === 'presence' && (p.payload as PresencePush).agentId === agentId)
    .map((p) => (p.payload as PresencePush).presence)
    .at(-1);

const viewingSeen = (sock: TestSocket): ViewingPush[] =>
  sock.pushes.filter((p) => p.name === 'viewing').map((p) => p.payload as ViewingPush);

/** Connects and waits until the socket is set up (its commands wait for that): later pushes are live ones. */
async function connectReady(t: TestHub, token: string): Promise<TestSocket> {
  const sock = await t.connect(token);
  const ack = await sock.command('presence.set', { presence: 'online' });
  expect(ack.ok).toBe(true);
  return sock;
}

/** Node A dies: its heartbeat stops and nothing is written for its end; B's clock moves past the timeout. */
async function killPresenceOf(dead: TestHub, survivor: TestHub): Promise<void> {
  await dead.hub.services.presence.cluster?.stop({ clean: false });
  survivor.clock.advance(DEFAULT_NODE_PRESENCE_POLICY.ttlMs + 1_000);
}

/** Two nodes, Aiko linked to a routed channel and connected to A only, and an admin on B who sees her online. */
async function aikoOnlineOnA() {
  const { config } = await cluster();
  const a = await node(config);
  const b = await node(config);
  const aiko = await a.createAgent({ name: 'Aiko' });
  const channel = await a.createChannel({ linkAgentIds: [aiko.agent.id], settings: { routing: routing() } });
  const watcher = await b.connect(b.adminToken);
  await a.connect(aiko.token);
  await until(() => presenceSeen(watcher, aiko.agent.id) === 'online', 'B to see Aiko online');
  return { a, b, aiko, channel, watcher };
}

/** One node A, Aiko linked to a routed channel and connected to it, and A has stored her online. */
async function aikoStoredOnlineOnA() {
  const { config } = await cluster();
  const a = await node(config);
  const aiko = await a.createAgent({ name: 'Aiko' });
  const channel = await a.createChannel({ linkAgentIds: [aiko.agent.id], settings: { routing: routing() } });
  await a.connect(aiko.token);
  await until(
    async () => (await a.hub.store.routing.presenceOf(aiko.agent.id))?.presence === 'online',
    'A to store Aiko online',
  );
  return { config, a, aiko, channel };
}

describe('presence across hub nodes on one Postgres', () => {
  it('a conversation arriving on node B is assigned to an agent connected only to node A', async () => {
    const { b, aiko, channel } = await aikoOnlineOnA();

    const id = await customerWrites(b, channel.id, 'customer-on-b');
    await until(async () => (await assigneeOf(b, id)) === aiko.agent.id, 'the conversation to go to Aiko');
    // And the agent list on B says she is online.
    const agents = await b.api('GET', '/api/agents', { token: b.adminToken });
    expect(agents.status).toBe(200);
    const listed = (agents.body as { items: { id: string; presence: string }[] }).items;
    expect(listed.find((x) => x.id === aiko.agent.id)?.presence).toBe('online');
  }, 60_000);

  it('an agent connected only to a node that dies is offline for the other node after the timeout', async () => {
    const { a, b, aiko, channel, watcher } = await aikoOnlineOnA();

    await killPresenceOf(a, b);
    await until(() => presenceSeen(watcher, aiko.agent.id) === 'offline', 'B to see Aiko offline');
    // B's routing no longer gives her work: a new conversation waits in the queue.
    const id = await customerWrites(b, channel.id, 'customer-after-death');
    expect(await assigneeOf(b, id)).toBeNull();
    expect((await b.hub.store.routing.presenceOf(aiko.agent.id))?.presence).toBe('offline');
  }, 60_000);

  it('a node that starts keeps an agent connected to another live node online', async () => {
    const { config, aiko, channel } = await aikoStoredOnlineOnA();

    const b = await node(config);
    expect((await b.hub.store.routing.presenceOf(aiko.agent.id))?.presence).toBe('online');
    const watcher = await b.connect(b.adminToken);
    await until(() => presenceSeen(watcher, aiko.agent.id) !== undefined, 'the presence list on B');
    expect(presenceSeen(watcher, aiko.agent.id)).toBe('online');
    const id = await customerWrites(b, channel.id, 'customer-on-b');
    await until(async () => (await assigneeOf(b, id)) === aiko.agent.id, 'the conversation to go to Aiko');
  }, 60_000);

  it('a node whose clock is two minutes ahead keeps the database’s time: nobody is taken for dead', async () => {
    const { config, a, aiko, channel } = await aikoStoredOnlineOnA();

    const b = await node(config, 2 * 60 * 1000);
    expect(Math.abs(b.hub.now() - a.hub.now())).toBeLessThan(1_000);
    const watcher = await b.connect(b.adminToken);
    await until(() => presenceSeen(watcher, aiko.agent.id) !== undefined, 'the presence list on B');
    // Past a heartbeat of each node: B never took A (and so Aiko) for gone, nor A took B.
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_NODE_PRESENCE_POLICY.beatMs + 1_000));
    expect(presenceSeen(watcher, aiko.agent.id)).toBe('online');
    expect(
      watcher.pushes.some((p) => p.name === 'presence' && (p.payload as PresencePush).presence === 'offline'),
    ).toBe(false);
    const id = await customerWrites(b, channel.id, 'customer-on-b');
    await until(async () => (await assigneeOf(b, id)) === aiko.agent.id, 'the conversation to go to Aiko');
  }, 60_000);
});

/** Two nodes, Aiko and Ben linked to one channel, and a customer's conversation on it (written on A). */
async function twoNodesAndAConversation() {
  const { config } = await cluster();
  const a = await node(config);
  const b = await node(config);
  const aiko = await a.createAgent({ name: 'Aiko' });
  const ben = await a.createAgent({ name: 'Ben' });
  const channel = await a.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
  const id = await customerWrites(a, channel.id, 'customer-1');
  return { a, b, aiko, ben, id };
}

describe('who is viewing, across hub nodes on one Postgres', () => {
  it('a conversation open on node A is told to sockets of node B, one that connects later too, until A dies', async () => {
    const { a, b, aiko, ben, id } = await twoNodesAndAConversation();
    const aikoOnA = await connectReady(a, aiko.token);
    const benOnB = await connectReady(b, ben.token);

    expect(await aikoOnA.command('conversation.view', { conversationId: id })).toEqual({ ok: true, data: {} });
    const opened = { conversationId: id, agentId: aiko.agent.id, viewing: true };
    await until(() => viewingSeen(benOnB).length > 0, 'Ben on B to see Aiko viewing');
    expect(viewingSeen(benOnB)).toEqual([opened]);

    // A socket that connects to B afterwards learns it at once.
    const benLaptop = await connectReady(b, ben.token);
    await until(() => viewingSeen(benLaptop).length > 0, "Ben's second socket to see Aiko viewing");
    expect(viewingSeen(benLaptop)).toEqual([opened]);

    // A dies: once the timeout has passed, B tells its sockets she is no longer there.
    await killPresenceOf(a, b);
    const left = { conversationId: id, agentId: aiko.agent.id, viewing: false };
    await until(() => viewingSeen(benOnB).length > 1, 'Ben on B to see Aiko leave');
    expect(viewingSeen(benOnB)).toEqual([opened, left]);
    await until(() => viewingSeen(benLaptop).length > 1, "Ben's second socket to see Aiko leave");
    expect(viewingSeen(benLaptop)).toEqual([opened, left]);
    // And a socket that connects now is told nothing.
    const late = await b.connect(b.adminToken);
    await until(() => presenceSeen(late, ben.agent.id) !== undefined, 'the presence list on the late socket');
    expect(viewingSeen(late)).toEqual([]);
  }, 60_000);

  it('a viewing notice lost between the nodes (the listener reconnecting) is made good within a heartbeat', async () => {
    const { a, b, aiko, ben, id } = await twoNodesAndAConversation();
    const benOnB = await connectReady(b, ben.token);
    const nodeA = a.hub.services.presence.cluster?.nodeId ?? '';
    const channelId = (await a.hub.store.conversations.findById(id))?.conversation.channelId ?? '';
    // A socket of A opened the conversation and A stored it, but its notice never reached B.
    await a.hub.store.nodePresence.setViewing(nodeA, 'socket-lost-notice', {
      agentId: aiko.agent.id,
      conversationId: id,
      channelId,
    });
    await until(() => viewingSeen(benOnB).length > 0, 'Ben on B to see Aiko viewing at its next heartbeat');
    expect(viewingSeen(benOnB)).toEqual([{ conversationId: id, agentId: aiko.agent.id, viewing: true }]);
    // And the notice of her leaving is lost too.
    await a.hub.store.nodePresence.setViewing(nodeA, 'socket-lost-notice', null);
    await until(() => viewingSeen(benOnB).length > 1, 'Ben on B to see Aiko leave at its next heartbeat');
    expect(viewingSeen(benOnB).at(-1)).toEqual({ conversationId: id, agentId: aiko.agent.id, viewing: false });
  }, 60_000);

  it('a conversation left on node A is told to node B only once no socket of the agent shows it', async () => {
    const { a, b, aiko, ben, id } = await twoNodesAndAConversation();
    const aikoOnA = await connectReady(a, aiko.token);
    const aikoOnB = await connectReady(b, aiko.token);
    const benOnB = await connectReady(b, ben.token);
    await aikoOnA.command('conversation.view', { conversationId: id });
    await aikoOnB.command('conversation.view', { conversationId: id });
    await until(() => viewingSeen(benOnB).length >= 2, 'Ben to see both of her sockets open it');

    aikoOnA.close();
    await aikoOnB.command('conversation.view', { conversationId: null });
    await until(() => viewingSeen(benOnB).some((v) => !v.viewing), 'Ben to see Aiko leave');
    // One "left", and only once neither socket shows it.
    expect(viewingSeen(benOnB).filter((v) => !v.viewing)).toEqual([
      { conversationId: id, agentId: aiko.agent.id, viewing: false },
    ]);
  }, 60_000);
});
