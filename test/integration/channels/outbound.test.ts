import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, DeliveryState, Message } from '../../../src/shared/domain.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';
import { HOUR_MS } from '../../../src/shared/channel-rules.js';
import { startHarness, twilioHeaders, waitFor, whatsappHeaders, type AgentSession, type Harness } from './harness.js';
import { TW, WA, twilioInbound, twilioStatus, whatsappStatus, whatsappText } from './provider-bodies.js';

let h: Harness;
let agent: AgentSession;
let wa: Channel;
let tw: Channel;

beforeAll(async () => {
  h = await startHarness();
  wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') });
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  agent = await h.linkedAgent(wa.id, tw.id);
});
afterAll(async () => h.stop());

let customer = 819000000000;

/** A customer writes on WhatsApp `agoMs` ago; returns the conversation id. */
async function whatsappConversation(agoMs = 0): Promise<string> {
  customer += 1;
  const id = `wamid.IN${customer}`;
  const body = whatsappText(String(customer), id, 'こんにちは、注文について質問があります', Date.now() - agoMs);
  const res = await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body));
  expect(res.status).toBe(200);
  const message = await waitFor('inbound message', () => agent.message((m) => m.providerMessageId === id));
  return message.conversationId;
}

async function send(payload: Record<string, unknown>) {
  return agent.send('message.send', { clientId: randomUUID(), text: null, ...payload });
}

async function sendText(conversationId: string, text: string): Promise<Message> {
  const ack = await send({ conversationId, kind: 'text', text });
  if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
  const data = ack.data;
  if (typeof data !== 'object' || data === null || !('id' in data) || typeof data.id !== 'string')
    throw new Error('no message id');
  const id = data.id;
  return waitFor('the stored message', () => agent.message((m) => m.id === id));
}

function statesOf(messageId: string): DeliveryState[] {
  const states: DeliveryState[] = [];
  for (const e of agent.events)
    if (e.type === 'message.upsert' && e.message.id === messageId && states.at(-1) !== e.message.state)
      states.push(e.message.state);
  return states;
}

async function settled(messageId: string, state: DeliveryState): Promise<Message> {
  return waitFor(`message ${messageId} ${state}`, () => agent.message((m) => m.id === messageId && m.state === state));
}

async function postStatus(body: string): Promise<void> {
  const res = await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body));
  expect(res.status).toBe(200);
}

describe('outbound WhatsApp messages', () => {
  it('a reply reaches the provider and its state flows queued → sent → delivered → read', async () => {
    const conversationId = await whatsappConversation();
    const queued = await sendText(conversationId, 'お問い合わせありがとうございます。');
    const sent = await settled(queued.id, 'sent');
    const call = await h.fake.state.waitForCall(
      'whatsapp',
      (c) => c.path.endsWith('/messages') && JSON.stringify(c.json).includes('お問い合わせ'),
    );
    expect(call.json).toMatchObject({
      messaging_product: 'whatsapp',
      to: String(customer),
      type: 'text',
      text: { body: 'お問い合わせありがとうございます。' },
    });
    const providerId = sent.providerMessageId ?? '';
    expect(providerId).toMatch(/^wamid\./);
    await postStatus(whatsappStatus(providerId, 'delivered', Date.now()));
    await settled(queued.id, 'delivered');
    await postStatus(whatsappStatus(providerId, 'read', Date.now()));
    await settled(queued.id, 'read');
    // A late 'sent' receipt never moves it back.
    await postStatus(whatsappStatus(providerId, 'sent', Date.now()));
    expect(statesOf(queued.id)).toEqual(['queued', 'sent', 'delivered', 'read']);
  });

  it('a failed receipt shows the provider’s reason on the message', async () => {
    const conversationId = await whatsappConversation();
    const message = await sendText(conversationId, 'Your order has shipped.');
    const sent = await settled(message.id, 'sent');
    await postStatus(
      whatsappStatus(sent.providerMessageId ?? '', 'failed', Date.now(), {
        code: 131026,
        title: 'Message undeliverable',
      }),
    );
    const failed = await settled(message.id, 'failed');
    expect(failed.failureCode).toBe('PROVIDER_NOT_ON_WHATSAPP');
    expect(failed.failureReason).toContain('131026');
  });

  it('an attachment is uploaded to the provider and sent as a document', async () => {
    const conversationId = await whatsappConversation();
    const res = await h.api('POST', '/api/media', Buffer.from('%PDF-1.4 invoice'), agent.token, {
      'content-type': 'application/pdf',
      'x-file-name': 'invoice.pdf',
    });
    expect(res.status).toBe(201);
    const { mediaId } = (await res.json()) as { mediaId: string };
    const ack = await send({
      conversationId,
      kind: 'attachment',
      text: '請求書をお送りします',
      attachments: [{ mediaId }],
    });
    expect(ack.ok).toBe(true);
    const call = await h.fake.state.waitForCall(
      'whatsapp',
      (c) => c.path.endsWith('/messages') && JSON.stringify(c.json).includes('invoice.pdf'),
    );
    expect(call.json).toMatchObject({
      type: 'document',
      document: { filename: 'invoice.pdf', caption: '請求書をお送りします' },
    });
    const upload = h.fake.state
      .callsTo('whatsapp', '/media')
      .find((c) => c.parts?.some((p) => p.fileName === 'invoice.pdf'));
    expect(upload?.parts?.find((p) => p.name === 'file')?.data.toString()).toBe('%PDF-1.4 invoice');
  });

  it('a file type WhatsApp does not take is refused before anything is sent', async () => {
    const conversationId = await whatsappConversation();
    const res = await h.api('POST', '/api/media', Buffer.from('PK zip'), agent.token, {
      'content-type': 'application/zip',
      'x-file-name': 'logs.zip',
    });
    const { mediaId } = (await res.json()) as { mediaId: string };
    const before = h.fake.state.callsTo('whatsapp', '/messages').length;
    const ack = await send({ conversationId, kind: 'attachment', attachments: [{ mediaId }] });
    expect(ack).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED' } });
    expect(h.fake.state.callsTo('whatsapp', '/messages').length).toBe(before);
  });

  it('outside the 24-hour window free text is refused but an approved template goes out', async () => {
    const conversationId = await whatsappConversation(25 * HOUR_MS);
    const refused = await send({ conversationId, kind: 'text', text: 'Are you still there?' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_WINDOW_CLOSED' } });
    // Approved by Meta, as a sync from the WhatsApp Business Account stores it.
    const template = await approvedWhatsappTemplate(h.hub, wa.id, {
      name: 'order_followup',
      body: '{{1}}様、ご注文 {{2}} についてご連絡です。',
      placeholders: ['contact.name', 'custom'],
    });
    await h.json('POST', `/api/channels/${wa.id}/credits/top-up`, { amount: 10 }, h.adminToken);
    const ack = await send({
      conversationId,
      kind: 'template',
      template: { templateId: template.id, params: ['', '#1234'] },
    });
    expect(ack.ok).toBe(true);
    const call = await h.fake.state.waitForCall('whatsapp', (c) => JSON.stringify(c.json).includes('order_followup'));
    expect(call.json).toMatchObject({
      type: 'template',
      template: {
        name: 'order_followup',
        language: { policy: 'deterministic', code: 'ja' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Customer' },
              { type: 'text', text: '#1234' },
            ],
          },
        ],
      },
    });
  });

  it('a provider outage and throttling are retried until the message goes out', async () => {
    const conversationId = await whatsappConversation();
    h.fake.state.script('whatsapp', '/messages', { status: 503, body: 'down' }, 1);
    h.fake.state.script(
      'whatsapp',
      '/messages',
      { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 130429, message: 'Rate limit hit' } } },
      1,
    );
    const message = await sendText(conversationId, 'retry me');
    const sent = await settled(message.id, 'sent');
    expect(sent.providerMessageId).toMatch(/^wamid\./);
    const attempts = h.fake.state
      .callsTo('whatsapp', '/messages')
      .filter((c) => JSON.stringify(c.json).includes('retry me'));
    expect(attempts).toHaveLength(3);
  });

  it('a permanent provider refusal fails the message at once with the reason', async () => {
    const conversationId = await whatsappConversation();
    h.fake.state.script('whatsapp', '/messages', {
      status: 400,
      body: { error: { code: 130497, message: 'Business account is restricted from messaging users in this country' } },
    });
    const message = await sendText(conversationId, 'hello abroad');
    const failed = await settled(message.id, 'failed');
    expect(failed.failureCode).toBe('PROVIDER_UNREACHABLE_COUNTRY');
    expect(
      h.fake.state.callsTo('whatsapp', '/messages').filter((c) => JSON.stringify(c.json).includes('hello abroad')),
    ).toHaveLength(1);
  });

  it('when the provider stays down the message fails after the last retry', async () => {
    const conversationId = await whatsappConversation();
    h.fake.state.script(
      'whatsapp',
      '/messages',
      { status: 500, body: { error: { code: 2, message: 'Service temporarily unavailable' } } },
      4,
    );
    const message = await sendText(conversationId, 'never lands');
    const failed = await settled(message.id, 'failed');
    expect(failed.failureCode).toBe('PROVIDER_UNAVAILABLE');
  });
});

describe('outbound WhatsApp through Twilio', () => {
  it('a reply goes to the Messages API with a status callback, and a failed callback explains the closed window', async () => {
    const inbound = twilioInbound('SMin0000000000000000000000000001', '+15005550006', 'Preciso de ajuda');
    const url = `https://hub.example.com/webhooks/${tw.id}`;
    await h.webhook(tw.id, inbound.toString(), twilioHeaders(TW.authToken, url, inbound));
    const first = await waitFor('twilio inbound', () =>
      agent.message((m) => m.providerMessageId === 'SMin0000000000000000000000000001'),
    );
    const message = await sendText(first.conversationId, 'Olá! Como posso ajudar?');
    const sent = await settled(message.id, 'sent');
    const call = await h.fake.state.waitForCall('twilio', (c) => c.form?.Body === 'Olá! Como posso ajudar?');
    expect(call.form).toMatchObject({
      To: 'whatsapp:+15005550006',
      From: 'whatsapp:+14155238886',
      StatusCallback: url,
    });
    const status = twilioStatus(sent.providerMessageId ?? '', 'delivered');
    await h.webhook(tw.id, status.toString(), twilioHeaders(TW.authToken, url, status));
    await settled(message.id, 'delivered');
    const second = await sendText(first.conversationId, 'Ainda está aí?');
    const sentSecond = await settled(second.id, 'sent');
    const failedStatus = twilioStatus(sentSecond.providerMessageId ?? '', 'failed', '63016');
    await h.webhook(tw.id, failedStatus.toString(), twilioHeaders(TW.authToken, url, failedStatus));
    const failed = await settled(second.id, 'failed');
    expect(failed.failureCode).toBe('SESSION_WINDOW_CLOSED');
    expect(failed.failureReason).toContain('63016');
  });
});
