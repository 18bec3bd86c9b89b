/**
 * A channel's credentials are opened once per value and kept by each node (services/channels.ts), yet a
 * change made on one node is used by every node at once: each use still reads the sealed value, and only
 * a new one is opened again. Here the WhatsApp app secret is replaced through node A, and node B, which
 * had checked webhooks with the old one, checks the next webhook with the new one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { whatsappHeaders } from '../channels/harness.js';
import { WA, whatsappText } from '../channels/provider-bodies.js';
import { startCluster, type Cluster } from './provider-nodes.js';

let cluster: Cluster;
let wa: Channel;

beforeAll(async () => {
  cluster = await startCluster();
  wa = await cluster.createChannel('whatsapp', { ...WA, apiBaseUrl: cluster.fake.baseUrlFor('whatsapp') });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

async function webhook(url: string, appSecret: string, n: number): Promise<number> {
  const body = whatsappText('819011112222', `wamid.ROTATE${Date.now()}${n}`, `message ${n}`, Date.now());
  const res = await fetch(`${url}/webhooks/${wa.id}`, {
    method: 'POST',
    headers: whatsappHeaders(appSecret, body),
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('credentials replaced on one node', () => {
  it('are used by the other node for the very next webhook', async () => {
    const [a, b] = cluster.nodes;
    if (!a || !b) throw new Error('two nodes');
    expect(await webhook(b.hub.url, WA.appSecret, 1)).toBe(200);
    expect(await webhook(b.hub.url, WA.appSecret, 2)).toBe(200);

    const appSecret = 'a-new-app-secret';
    await cluster.call(
      a,
      'PUT',
      `/api/channels/${wa.id}/credentials`,
      { credentials: { ...WA, appSecret, apiBaseUrl: cluster.fake.baseUrlFor('whatsapp') }, saveUnverified: true },
      cluster.adminToken,
    );
    expect(await webhook(b.hub.url, WA.appSecret, 3)).toBe(401);
    expect(await webhook(b.hub.url, appSecret, 4)).toBe(200);
    expect(await webhook(a.hub.url, appSecret, 5)).toBe(200);
  }, 60_000);
});
