/**
 * Two agents on two hub nodes changing one conversation at the same moment (docs/scaling.md, "Shared state"):
 * a write that changes a conversation reads it locked until it commits, so the other node's change waits and
 * builds on it. Neither change is lost, and each is recorded once in the conversation's activity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { WA } from '../channels/provider-bodies.js';
import { startCluster, whatsappArrives, type Cluster, type ProviderNode } from './provider-nodes.js';

const ROUNDS = 12;

let cluster: Cluster;
let channel: Channel;
let agentIds: string[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  channel = await cluster.createChannel('whatsapp', { ...WA, apiBaseUrl: cluster.fake.baseUrlFor('whatsapp') });
  for (const name of ['Aiko', 'Kenji']) agentIds.push((await cluster.createAgent(name, [channel.id])).agent.id);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  agentIds = [];
});

describe('one conversation changed on two nodes at once', () => {
  it('labels set on one node and an assignee on the other both stay, each recorded once', async () => {
    const [a, b] = cluster.nodes as [ProviderNode, ProviderNode];
    const conversationId = await whatsappArrives(a, channel.id, '819300001111', 'wamid.CHANGES1', '請求書について');
    const onA = await a.hub.services.auth.authenticate(cluster.adminToken);
    const onB = await b.hub.services.auth.authenticate(cluster.adminToken);
    for (let round = 0; round < ROUNDS; round += 1) {
      const labels = [`round-${round}`];
      const assigneeId = agentIds[round % agentIds.length] ?? null;
      await Promise.all([
        a.hub.services.conversations.setLabels(onA, { conversationId, labels }),
        b.hub.services.conversations.assign(onB, { conversationId, assigneeId }),
        a.hub.services.conversations.setStatus(onA, { conversationId, status: round % 2 ? 'open' : 'pending' }),
      ]);
      const stored = (await b.hub.store.conversations.findById(conversationId))?.conversation;
      expect({ round, labels: stored?.labels, assigneeId: stored?.assigneeId }).toEqual({ round, labels, assigneeId });
      expect(stored?.status).toBe(round % 2 ? 'open' : 'pending');
    }

    const changes = (await a.hub.store.activity.listOfConversation(conversationId)).map((row) => row.change.kind);
    expect(changes.filter((kind) => kind === 'labels')).toHaveLength(ROUNDS);
    expect(changes.filter((kind) => kind === 'assignee')).toHaveLength(ROUNDS);
    expect(changes.filter((kind) => kind === 'status')).toHaveLength(ROUNDS);
  }, 60_000);
});
