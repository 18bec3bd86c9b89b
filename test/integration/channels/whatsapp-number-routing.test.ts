/**
 * One Meta app, several numbers (FAQ 13): Meta posts every number's webhooks to the one URL set in the
 * app, so the hub routes each change by `metadata.phone_number_id` — to the channel holding that number,
 * never onto the channel whose URL was called; a number the hub has no channel for is not stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel } from '../../../src/shared/domain.js';
import { grantWhatsappNumbers } from '../../../src/fake-provider/whatsapp.js';
import { startHarness, waitFor, whatsappHeaders, type AgentSession, type Harness } from './harness.js';
import { whatsappEnvelope, whatsappText } from './provider-bodies.js';

/** Both numbers belong to one Meta app: one app secret signs all their webhooks. */
const APP_SECRET = 'shared-app-secret';
const TOKYO = {
  accessToken: 'wa-token-tokyo',
  appSecret: APP_SECRET,
  verifyToken: 'v',
  phoneNumberId: '106540352242922',
};
const OSAKA = {
  accessToken: 'wa-token-osaka',
  appSecret: APP_SECRET,
  verifyToken: 'v',
  phoneNumberId: '206540352242933',
};
/** A number of another Meta app, with its own secret. */
const OTHER_APP = {
  accessToken: 'wa-token-other',
  appSecret: 'other-secret',
  verifyToken: 'v',
  phoneNumberId: '306540352242944',
};

let h: Harness;
let agent: AgentSession;
let tokyo: Channel;
let osaka: Channel;
let other: Channel;

beforeAll(async () => {
  h = await startHarness();
  const base = { apiBaseUrl: h.fake.baseUrlFor('whatsapp') };
  tokyo = await h.createChannel('whatsapp', { ...TOKYO, ...base });
  osaka = await h.createChannel('whatsapp', { ...OSAKA, ...base });
  other = await h.createChannel('whatsapp', { ...OTHER_APP, ...base });
  for (const number of [TOKYO, OSAKA, OTHER_APP])
    grantWhatsappNumbers(h.fake.state, number.accessToken, [number.phoneNumberId]);
  agent = await h.linkedAgent(tokyo.id, osaka.id, other.id);
});
afterAll(async () => h.stop());

const counts = async () => ({
  tokyo: await h.hub.store.messages.count([tokyo.id]),
  osaka: await h.hub.store.messages.count([osaka.id]),
  other: await h.hub.store.messages.count([other.id]),
});

/** Meta posts to the Tokyo channel's URL: the one URL the app has. */
function postToTokyo(body: string, secret = APP_SECRET): Promise<Response> {
  return h.webhook(tokyo.id, body, whatsappHeaders(secret, body));
}

describe('WhatsApp webhooks are stored on the channel of the number they carry', () => {
  it('a message for each number lands on its own channel, whichever URL Meta called', async () => {
    const before = await counts();
    const toTokyo = whatsappText(
      '819011110001',
      'wamid.ROUTE-T1',
      '東京店への質問です',
      Date.now(),
      TOKYO.phoneNumberId,
    );
    const toOsaka = whatsappText(
      '819011110002',
      'wamid.ROUTE-O1',
      '大阪店への質問です',
      Date.now(),
      OSAKA.phoneNumberId,
    );
    expect((await postToTokyo(toTokyo)).status).toBe(200);
    expect((await postToTokyo(toOsaka)).status).toBe(200);
    const osakaMessage = await waitFor('Osaka message', () =>
      agent.message((m) => m.providerMessageId === 'wamid.ROUTE-O1'),
    );
    const tokyoMessage = await waitFor('Tokyo message', () =>
      agent.message((m) => m.providerMessageId === 'wamid.ROUTE-T1'),
    );
    const channelOf = async (conversationId: string) =>
      (await h.hub.store.conversations.findById(conversationId))?.conversation.channelId;
    expect(await channelOf(osakaMessage.conversationId)).toBe(osaka.id);
    expect(await channelOf(tokyoMessage.conversationId)).toBe(tokyo.id);
    expect(await counts()).toEqual({ tokyo: before.tokyo + 1, osaka: before.osaka + 1, other: before.other });

    // The agent's reply to the Osaka customer leaves from the Osaka number (the fake refuses any other).
    const ack = await agent.send('message.send', {
      clientId: randomUUID(),
      conversationId: osakaMessage.conversationId,
      kind: 'text',
      text: '大阪店です。ご連絡ありがとうございます。',
    });
    const replyId = z.object({ id: z.string() }).parse(ack.data).id;
    const sent = await waitFor('reply sent', () => agent.message((m) => m.id === replyId && m.state === 'sent'));
    const call = h.fake.state.callsTo('whatsapp', '/messages').at(-1);
    expect(call?.path).toBe(`/v21.0/${OSAKA.phoneNumberId}/messages`);

    // Its receipt, too, arrives at the app's one URL and moves the Osaka message.
    const status = whatsappEnvelope(
      {
        statuses: [
          {
            id: sent.providerMessageId,
            status: 'delivered',
            timestamp: String(Math.floor(Date.now() / 1000)),
            recipient_id: '819011110002',
          },
        ],
      },
      OSAKA.phoneNumberId,
    );
    expect((await postToTokyo(status)).status).toBe(200);
    await waitFor('delivered', () => agent.message((m) => m.id === replyId && m.state === 'delivered'));
  });

  it('a number the hub has no channel for is not stored anywhere, and the answer says so', async () => {
    const before = await counts();
    const body = whatsappText('819011110003', 'wamid.ROUTE-X1', '知らない番号への質問', Date.now(), '999999999999999');
    const res = await postToTokyo(body);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/1 event\(s\) for a number this hub has no channel for were not stored/);
    // A later message on Tokyo is stored: the unknown one did not slip in before it.
    const later = whatsappText('819011110004', 'wamid.ROUTE-T2', '東京店です', Date.now(), TOKYO.phoneNumberId);
    await postToTokyo(later);
    await waitFor('later Tokyo message', () => agent.message((m) => m.providerMessageId === 'wamid.ROUTE-T2'));
    expect(agent.message((m) => m.providerMessageId === 'wamid.ROUTE-X1')).toBeUndefined();
    expect(await counts()).toEqual({ ...before, tokyo: before.tokyo + 1 });
  });

  it('a change for a number of another Meta app, signed with this app’s secret, is not stored on it', async () => {
    const before = await counts();
    const body = whatsappText('819011110005', 'wamid.ROUTE-A1', '別アプリの番号', Date.now(), OTHER_APP.phoneNumberId);
    expect((await postToTokyo(body)).status).toBe(200);
    const later = whatsappText('819011110006', 'wamid.ROUTE-T3', '東京店です', Date.now(), TOKYO.phoneNumberId);
    await postToTokyo(later);
    await waitFor('later Tokyo message', () => agent.message((m) => m.providerMessageId === 'wamid.ROUTE-T3'));
    expect(await counts()).toEqual({ ...before, tokyo: before.tokyo + 1 });
  });

  it('the signature is still judged first: a forged body for the Osaka number is refused outright', async () => {
    const before = await counts();
    const body = whatsappText('819011110007', 'wamid.ROUTE-F1', '偽物', Date.now(), OSAKA.phoneNumberId);
    expect((await postToTokyo(body, 'not-the-secret')).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('the fake Meta refuses a send from a number the token does not own', async () => {
    const res = await fetch(`${h.fake.baseUrlFor('whatsapp')}/v21.0/${OSAKA.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKYO.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '819011110002', type: 'text', text: { body: 'x' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });
});
