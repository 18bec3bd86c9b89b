/**
 * Two hub nodes on one Postgres assigning at the same moment (docs/scaling.md, "Shared state"): picks on one
 * channel go one at a time, so the second node sees the first one's assignment. With one place per agent
 * (the channel's capacity 1), conversations arriving at once on both nodes go one to each agent, never two
 * to one agent while another has none.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { waitFor } from '../channels/harness.js';
import { WA } from '../channels/provider-bodies.js';
import { AGENT_PASSWORD, startCluster, whatsappArrives, type Cluster, type ProviderNode } from './provider-nodes.js';

const AGENTS = 6;
const ROUNDS = 3;

let cluster: Cluster;
let channel: Channel;
let agentIds: string[] = [];
const sockets: Socket[] = [];

async function online(node: ProviderNode, token: string): Promise<void> {
  const socket = io(node.hub.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  cluster = await startCluster();
  channel = await cluster.createChannel(
    'whatsapp',
    { ...WA, apiBaseUrl: cluster.fake.baseUrlFor('whatsapp') },
    { routing: { capacity: 1 } },
  );
  for (let i = 0; i < AGENTS; i += 1) {
    const { agent, email } = await cluster.createAgent(`Agent ${i}`, [channel.id]);
    agentIds.push(agent.id);
    const [a, b] = cluster.nodes as [ProviderNode, ProviderNode];
    const { token } = LoginResponse.parse(
      await cluster.call(a, 'POST', '/api/auth/login', { email, password: AGENT_PASSWORD }),
    );
    // Online on both nodes: each node's routing sees the agent available (presence is per node).
    await online(a, token);
    await online(b, token);
  }
  for (const node of cluster.nodes)
    await waitFor('every agent online', () => agentIds.every((id) => node.hub.services.presence.of(id) === 'online'));
}, 60_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await cluster?.stop();
  agentIds = [];
});

let customer = 819300000000;

async function arrive(node: ProviderNode): Promise<string> {
  customer += 1;
  return await whatsappArrives(node, channel.id, String(customer), `wamid.PICK${customer}`, 'お問い合わせです');
}

describe('picks on two nodes at once', () => {
  it('conversations arriving at once on both nodes go one to each agent of capacity 1, never two to one', async () => {
    const [a, b] = cluster.nodes as [ProviderNode, ProviderNode];
    const actor = await a.hub.services.auth.authenticate(cluster.adminToken);
    for (let round = 0; round < ROUNDS; round += 1) {
      const ids = await Promise.all(Array.from({ length: AGENTS }, (_, i) => arrive(i % 2 === 0 ? a : b)));
      const assignees: (string | null)[] = [];
      for (const id of ids)
        assignees.push((await a.hub.store.conversations.findById(id))?.conversation.assigneeId ?? null);
      expect(assignees.filter((x) => x === null)).toEqual([]);
      expect([...assignees].sort()).toEqual([...agentIds].sort());
      // Resolved: every agent has their place back for the next round.
      for (const id of ids)
        await a.hub.services.conversations.setStatus(actor, { conversationId: id, status: 'resolved' });
    }
  }, 60_000);
});
