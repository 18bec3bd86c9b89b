import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { startHarness, waitFor, whatsappHeaders, type Harness } from './harness.js';
import { WA, whatsappText } from './provider-bodies.js';

/** Long enough that the first hub never retries before it is stopped. */
const SLOW_RETRIES = { baseDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 4 };

let h: Harness;
let wa: Channel;

beforeAll(async () => {
  h = await startHarness({ retryPolicy: SLOW_RETRIES });
  wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') });
});
afterAll(async () => h.stop());

it('a message still waiting for a retry when the hub stops is sent after the restart', async () => {
  const agent = await h.linkedAgent(wa.id);
  const body = whatsappText('819011112222', 'wamid.RESTART1', 'まだ届いていません', Date.now());
  await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body));
  const inbound = await waitFor('inbound', () => agent.message((m) => m.providerMessageId === 'wamid.RESTART1'));
  h.fake.state.script('whatsapp', '/messages', { status: 503, body: 'down' }, 1);
  const ack = await agent.send('message.send', {
    clientId: randomUUID(),
    conversationId: inbound.conversationId,
    kind: 'text',
    text: '確認いたします',
  });
  expect(ack.ok).toBe(true);
  const messageId = await waitFor('stored reply', () => agent.message((m) => m.direction === 'out')?.id);
  await h.fake.state.waitForCall('whatsapp', (c) => JSON.stringify(c.json).includes('確認いたします'));
  expect((await h.hub.store.messages.findById(messageId))?.message.state).toBe('queued');

  await h.restart();

  const sent = await waitFor('sent after the restart', async () => {
    const stored = (await h.hub.store.messages.findById(messageId))?.message;
    return stored?.state === 'sent' ? stored : undefined;
  });
  expect(sent.providerMessageId).toMatch(/^wamid\./);
  const attempts = h.fake.state
    .callsTo('whatsapp', '/messages')
    .filter((c) => JSON.stringify(c.json).includes('確認いたします'));
  expect(attempts).toHaveLength(2);
});
