/**
 * Twilio's `Body` holds at most 1,600 characters (error 21617): a longer reply reaches the customer as
 * ordered parts, each its own SID, and the agent sees one message whose state is the parts' together.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel, DeliveryState } from '../../../src/shared/domain.js';
import { startHarness, twilioHeaders, waitFor, type AgentSession, type Harness } from './harness.js';
import { TW, twilioInbound, twilioStatus } from './provider-bodies.js';

let h: Harness;
let agent: AgentSession;
let tw: Channel;
let conversationId: string;
const url = () => `https://hub.example.com/webhooks/${tw.id}`;

beforeAll(async () => {
  h = await startHarness();
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  agent = await h.linkedAgent(tw.id);
  const inbound = twilioInbound('SMin0000000000000000000000000088', '+15005550006', 'Can you explain the warranty?');
  await h.webhook(tw.id, inbound.toString(), twilioHeaders(TW.authToken, url(), inbound));
  const first = await waitFor('inbound', () =>
    agent.message((m) => m.providerMessageId === 'SMin0000000000000000000000000088'),
  );
  conversationId = first.conversationId;
});
afterAll(async () => h.stop());

/** Three paragraphs of about 1,300 characters each: too long for one Body, cut between paragraphs. */
const PARAGRAPHS = [1, 2, 3].map((n) => `Section ${n}. ${'The warranty covers parts and labour. '.repeat(34).trim()}`);
const LONG = PARAGRAPHS.join('\n\n');

async function sendLong(): Promise<{ id: string; sids: string[]; bodies: string[] }> {
  const before = h.fake.state.callsTo('twilio', '/Messages.json').length;
  const ack = await agent.send('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text: LONG });
  const id = z.object({ id: z.string() }).parse(ack.data).id;
  await waitFor('sent', () => agent.message((m) => m.id === id && m.state === 'sent'));
  const bodies = h.fake.state
    .callsTo('twilio', '/Messages.json')
    .slice(before)
    .map((c) => c.form?.Body ?? '');
  return { id, sids: (await h.hub.store.receipts.partsOf(id)).map((p) => p.providerMessageId), bodies };
}

async function post(sid: string, state: string, errorCode?: string): Promise<void> {
  const form = twilioStatus(sid, state, errorCode);
  const res = await h.webhook(tw.id, form.toString(), twilioHeaders(TW.authToken, url(), form));
  expect(res.status).toBe(200);
}

const stateOf = (id: string): DeliveryState | undefined => agent.message((m) => m.id === id)?.state;

describe('a Twilio reply longer than 1,600 characters', () => {
  it('goes as ordered parts cut between paragraphs, each within the limit, the agent seeing one message', async () => {
    expect(LONG.length).toBeGreaterThan(3 * 1200);
    const sent = await sendLong();
    expect(sent.bodies).toEqual(PARAGRAPHS);
    expect(sent.bodies.every((b) => b.length <= 1600)).toBe(true);
    // One SID per part, in the order sent, all recorded on the one message.
    expect(sent.sids).toHaveLength(3);
    expect([...sent.sids].sort()).toEqual(sent.sids);
    expect(agent.message((m) => m.id === sent.id)?.text).toBe(LONG);
  });

  it('is delivered when every part is, and failed when one part fails', async () => {
    const one = await sendLong();
    const [a = '', b = '', c = ''] = one.sids;
    await post(a, 'delivered');
    await post(b, 'delivered');
    await waitFor(
      'second part applied',
      async () => (await h.hub.store.receipts.findPart(tw.id, b))?.state === 'delivered',
    );
    expect(await stateOf(one.id)).toBe('sent');
    await post(c, 'delivered');
    await waitFor('delivered', async () => (await stateOf(one.id)) === 'delivered');

    const two = await sendLong();
    const [d = '', e = '', f = ''] = two.sids;
    await post(d, 'delivered');
    await post(e, 'undelivered', '63016');
    await post(f, 'delivered');
    await waitFor('failed', async () => (await stateOf(two.id)) === 'failed');
  });
});
