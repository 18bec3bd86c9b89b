/**
 * A channel whose sealed credentials the key no longer opens (one channel
 * restored from another data folder) is refused as misconfigured — in words,
 * with our error body — and never crashes the hub from a webhook or a send.
 */
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message, type Channel } from '../../../src/shared/domain.js';
import { startHarness, waitFor, whatsappHeaders, type AgentSession, type Harness } from './harness.js';
import { WA, whatsappText } from './provider-bodies.js';

let h: Harness;
let channel: Channel;
let agent: AgentSession;

beforeAll(async () => {
  h = await startHarness();
  channel = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') });
  agent = await h.linkedAgent(channel.id);
});
afterAll(async () => h.stop());

describe('credentials the secret key cannot open', () => {
  it('a webhook is refused 503 in our error body, and a queued reply fails with a reason, while the hub keeps serving', async () => {
    const first = whatsappText('819011119999', `wamid.${randomUUID()}`, 'before', Date.now());
    expect((await h.webhook(channel.id, first, whatsappHeaders(WA.appSecret, first))).status).toBe(200);
    const inbound = await waitFor('the first message', () => agent.message((m) => m.text === 'before'));

    const db = new Database(join(h.hub.config.dataDir, 'hub.sqlite'));
    db.prepare(`UPDATE channels SET credentials = ? WHERE id = ?`).run(randomBytes(64), channel.id);
    db.close();

    const body = whatsappText('819011119999', `wamid.${randomUUID()}`, 'after', Date.now());
    const res = await h.webhook(channel.id, body, whatsappHeaders(WA.appSecret, body));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ code: 'INTERNAL', message: expect.any(String) }),
    });

    const ack = await agent.send('message.send', {
      clientId: randomUUID(),
      conversationId: inbound.conversationId,
      kind: 'text',
      text: 'reply',
    });
    const sent = Message.parse(ack.data);
    const failed = await waitFor('the reply to fail', () =>
      agent.message((m) => m.id === sent.id && m.state === 'failed'),
    );
    expect(failed.failureReason).toMatch(/credentials/);
    expect((await h.api('GET', '/health')).status).toBe(200);
  });
});
