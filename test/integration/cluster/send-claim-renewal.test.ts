/**
 * A send slower than its claim's lease keeps the claim while it is on the wire: its node renews it
 * (providers/dispatcher.ts, ClaimPolicy), so the other node, sweeping for queued sends all the while, never
 * sends the same reply too (docs/scaling.md, "Sends when a node dies"). Leases here are 600 ms; the
 * provider takes 2 s to answer the first reply.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { waitFor } from '../../helpers/client.js';
import { whatsappHeaders } from '../channels/harness.js';
import { WA, whatsappText } from '../channels/provider-bodies.js';
import { AGENT_PASSWORD, startCluster, type Cluster } from './provider-nodes.js';

const SLOW_MS = 2000;
let cluster: Cluster;
let wa: Channel;
let slowed = false;

/** The provider answers the first reply to /messages after SLOW_MS; everything else at once. */
const slowFirstSend: typeof fetch = async (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!slowed && url.endsWith('/messages') && typeof init?.body === 'string' && init.body.includes('slow reply')) {
    slowed = true;
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
  }
  return await fetch(input, init);
};

beforeAll(async () => {
  cluster = await startCluster({
    runtime: { fetch: slowFirstSend, claimPolicy: { leaseMs: 600, waitMs: 20, sweepMs: 100 } },
  });
  wa = await cluster.createChannel('whatsapp', { ...WA, apiBaseUrl: cluster.fake.baseUrlFor('whatsapp') });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('a send slower than its lease', () => {
  it('keeps its claim while on the wire: the other node does not send it too', async () => {
    const [a, b] = cluster.nodes;
    if (!a || !b) throw new Error('two nodes');
    const { email } = await cluster.createAgent('Aiko', [wa.id]);
    const id = `wamid.RENEW${Date.now()}`;
    const body = whatsappText('819012345678', id, 'まだ届きませんか', Date.now());
    const res = await fetch(`${a.hub.url}/webhooks/${wa.id}`, {
      method: 'POST',
      headers: whatsappHeaders(WA.appSecret, body),
      body,
    });
    expect(res.status).toBe(200);
    const stored = await waitFor(async () => (await a.hub.store.messages.findByProviderId(wa.id, id)) ?? undefined);
    const { token } = LoginResponse.parse(
      await cluster.call(a, 'POST', '/api/auth/login', { email, password: AGENT_PASSWORD }),
    );
    const socket = io(a.hub.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    try {
      const ack = (await socket.timeout(10_000).emitWithAck('message.send', {
        clientId: randomUUID(),
        conversationId: stored.message.conversationId,
        kind: 'text',
        text: 'slow reply',
      })) as { ok: boolean; data?: { id: string } };
      const messageId = ack.data?.id;
      if (!ack.ok || !messageId) throw new Error('send refused');
      await waitFor(
        async () => (await a.hub.store.messages.findById(messageId))?.message.state === 'sent',
        15_000,
        'the reply sent',
      );
    } finally {
      socket.close();
    }
    // Nothing left on the wire on either node (the slow send included) before counting.
    await waitFor(() => a.runtime.dispatcher.idle && b.runtime.dispatcher.idle, 15_000, 'both nodes idle');
    // Three leases long on the wire, and both nodes swept every 100 ms meanwhile: one send only.
    const sends = cluster.fake.state
      .callsTo('whatsapp', '/messages')
      .filter((c) => JSON.stringify(c.json).includes('slow reply'));
    expect(sends).toHaveLength(1);
  }, 60_000);
});
