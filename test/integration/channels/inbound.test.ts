import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import {
  lineHeaders,
  startHarness,
  twilioHeaders,
  waitFor,
  whatsappHeaders,
  type AgentSession,
  type Harness,
} from './harness.js';
import { TW, WA } from './provider-bodies.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/providers');
const fixture = (path: string): Buffer => readFileSync(join(FIXTURES, path));

const TG = { botToken: '123456:ABCdef', secretToken: 'tg-secret_1' };
const LINE = { channelSecret: 'line-secret', channelAccessToken: 'line-access' };

let h: Harness;
let agent: AgentSession;
let outsider: AgentSession;
const channels: Record<'whatsapp' | 'twilio' | 'telegram' | 'line', Channel> = {} as never;

beforeAll(async () => {
  h = await startHarness();
  const base = (kind: string) => ({
    apiBaseUrl: h.fake.baseUrlFor(kind === 'whatsapp' ? 'whatsapp' : (kind as 'twilio')),
  });
  channels.whatsapp = await h.createChannel('whatsapp', { ...WA, ...base('whatsapp') });
  channels.twilio = await h.createChannel('twilio', { ...TW, ...base('twilio') });
  channels.telegram = await h.createChannel('telegram', { ...TG, ...base('telegram') });
  channels.line = await h.createChannel('line', { ...LINE, ...base('line') });
  agent = await h.linkedAgent(...Object.values(channels).map((c) => c.id));
  outsider = await h.linkedAgent();
});
afterAll(async () => h.stop());

async function storedCount(channelId: string): Promise<number> {
  return await h.hub.store.messages.count([channelId]);
}

async function seen(providerMessageId: string) {
  return waitFor(`message ${providerMessageId} on the agent's socket`, () =>
    agent.message((m) => m.providerMessageId === providerMessageId),
  );
}

describe('signed webhooks reach linked agents', () => {
  it('a WhatsApp text appears on a linked agent’s socket with its sender as a new contact', async () => {
    const body = fixture('whatsapp/text.json');
    const res = await h.webhook(channels.whatsapp.id, body, whatsappHeaders(WA.appSecret, body));
    expect(res.status).toBe(200);
    const message = await seen('wamid.xyzxyz');
    expect(message).toMatchObject({ direction: 'in', kind: 'text', text: 'Body Text', state: 'received' });
    const contact = agent.events.find(
      (e) => e.type === 'contact.upsert' && e.contact.identity.externalId === '972987654321',
    );
    expect(contact?.type === 'contact.upsert' && contact.contact).toMatchObject({
      name: 'Test Name',
      identity: { phone: '+972987654321' },
    });
    expect(outsider.events.some((e) => e.type === 'message.upsert')).toBe(false);
  });

  it('a Twilio WhatsApp message signed over the public URL appears and Twilio gets empty TwiML', async () => {
    const form = new URLSearchParams(fixture('twilio/incoming_whatsapp_text.form').toString());
    const url = `https://hub.example.com/webhooks/${channels.twilio.id}`;
    const res = await h.webhook(channels.twilio.id, form.toString(), twilioHeaders(TW.authToken, url, form));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    expect(await seen('SM00000000000000000000000000001a01')).toMatchObject({
      text: 'Olá! Preciso de ajuda com meu pedido #1234 😊',
    });
  });

  it('a Telegram update with the secret token appears', async () => {
    const res = await h.webhook(channels.telegram.id, fixture('telegram/text_private.json'), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': TG.secretToken,
    });
    expect(res.status).toBe(200);
    expect(await seen('408258968:154')).toMatchObject({ text: '4' });
  });

  it('a LINE event signed with the channel secret appears', async () => {
    const body = fixture('line/text_user.json');
    const res = await h.webhook(channels.line.id, body, lineHeaders(LINE.channelSecret, body));
    expect(res.status).toBe(200);
    expect(await seen('325708')).toMatchObject({ text: 'Hello, world' });
  });
});

describe('redelivery and refusals', () => {
  it('a redelivered WhatsApp webhook creates nothing new', async () => {
    const body = fixture('whatsapp/reaction.json');
    const headers = whatsappHeaders(WA.appSecret, body);
    expect((await h.webhook(channels.whatsapp.id, body, headers)).status).toBe(200);
    await seen('wamid.xyzxyz');
    const before = await storedCount(channels.whatsapp.id);
    expect((await h.webhook(channels.whatsapp.id, body, headers)).status).toBe(200);
    expect(await storedCount(channels.whatsapp.id)).toBe(before);
  });

  it('a redelivered Twilio message creates nothing new', async () => {
    const form = new URLSearchParams(fixture('twilio/incoming_whatsapp_location.form').toString());
    const url = `https://hub.example.com/webhooks/${channels.twilio.id}`;
    const headers = twilioHeaders(TW.authToken, url, form);
    await h.webhook(channels.twilio.id, form.toString(), headers);
    await seen('SM00000000000000000000000000001a05');
    const before = await storedCount(channels.twilio.id);
    expect((await h.webhook(channels.twilio.id, form.toString(), headers)).status).toBe(200);
    expect(await storedCount(channels.twilio.id)).toBe(before);
  });

  it('a WhatsApp webhook with a bad signature is refused with 401 and stores nothing', async () => {
    const body = fixture('whatsapp/interactive_list_reply.json');
    const res = await h.webhook(channels.whatsapp.id, body, whatsappHeaders('wrong-secret', body));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'SIGNATURE_INVALID' } });
    expect(await h.hub.store.messages.findByProviderId(channels.whatsapp.id, 'wamid.zyzxyz')).toBeNull();
  });

  it('a forged malformed body is refused for its signature, not parsed', async () => {
    const res = await h.webhook(channels.whatsapp.id, '{"object":', {
      'content-type': 'application/json',
      'x-hub-signature-256': 'sha256=00',
    });
    expect(res.status).toBe(401);
  });

  it('a correctly signed but malformed body is refused with 400 and stores nothing', async () => {
    const before = await storedCount(channels.whatsapp.id);
    const body =
      '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"type":"text"}]}}]}]}';
    const res = await h.webhook(channels.whatsapp.id, body, whatsappHeaders(WA.appSecret, body));
    expect(res.status).toBe(400);
    expect(await storedCount(channels.whatsapp.id)).toBe(before);
  });

  it('a Twilio form signed for a different URL is refused', async () => {
    const form = new URLSearchParams(fixture('twilio/incoming_whatsapp_image.form').toString());
    const res = await h.webhook(
      channels.twilio.id,
      form.toString(),
      twilioHeaders(TW.authToken, 'https://evil.example.com/webhooks/x', form),
    );
    expect(res.status).toBe(401);
    expect(
      await h.hub.store.messages.findByProviderId(channels.twilio.id, 'MM00000000000000000000000000001a02'),
    ).toBeNull();
  });

  it('a Telegram update with the wrong secret token is refused', async () => {
    const res = await h.webhook(channels.telegram.id, fixture('telegram/voice.json'), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': 'guess',
    });
    expect([401, 403]).toContain(res.status);
  });

  it('a webhook for a channel that does not exist answers 404', async () => {
    expect((await h.webhook('no-such-channel', '{}', { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('the WhatsApp verification handshake echoes the challenge only for the right token', async () => {
    const ok = await fetch(
      `${h.hub.url}/webhooks/${channels.whatsapp.id}?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(
      `${h.hub.url}/webhooks/${channels.whatsapp.id}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(bad.status).toBe(403);
  });
});
