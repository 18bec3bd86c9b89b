/**
 * What a provider webhook must pass before the hub does any work, in order:
 * the channel exists → the body fits the provider's limit → the content type
 * is one the provider sends → the signature → parsing. Real hub on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { lineHeaders, metaSignature, twilioHeaders } from './harness.js';
import { errorOf, rawRequest, startLimitsHub, type LimitsHub } from './webhook-limits-client.js';

/** The limits docs/hub.md promises per provider. */
const LIMITS: Record<ChannelKind, { maxBodyBytes: number; contentType: string; foreignType: string }> = {
  whatsapp: { maxBodyBytes: 3 * 1024 * 1024, contentType: 'application/json', foreignType: 'text/plain' },
  twilio: {
    maxBodyBytes: 128 * 1024,
    contentType: 'application/x-www-form-urlencoded',
    foreignType: 'multipart/form-data; boundary=x',
  },
  telegram: { maxBodyBytes: 1024 * 1024, contentType: 'application/json', foreignType: 'text/xml' },
  line: {
    maxBodyBytes: 1024 * 1024,
    contentType: 'application/json',
    foreignType: 'application/x-www-form-urlencoded',
  },
  wechat: { maxBodyBytes: 128 * 1024, contentType: 'text/xml', foreignType: 'application/json' },
};
const KINDS = Object.keys(LIMITS) as ChannelKind[];

let t: LimitsHub;
const channels = {} as Record<ChannelKind, { id: string; credentials: Record<string, unknown> }>;

beforeAll(async () => {
  t = await startLimitsHub();
  for (const kind of KINDS) channels[kind] = await t.channel(kind);
});
afterAll(async () => t.stop());

const secret = (kind: ChannelKind, name: string): string => String(channels[kind].credentials[name]);

/** A correctly signed request of `kind` carrying `body`: only the content type may be wrong. */
function signedHeaders(kind: ChannelKind, body: string, url: string): Record<string, string> {
  switch (kind) {
    case 'whatsapp':
      return { 'x-hub-signature-256': metaSignature(secret('whatsapp', 'appSecret'), body) };
    case 'twilio':
      return {
        'x-twilio-signature':
          twilioHeaders(secret('twilio', 'authToken'), url, new URLSearchParams(body))['x-twilio-signature'] ?? '',
      };
    case 'telegram':
      return { 'x-telegram-bot-api-secret-token': secret('telegram', 'secretToken') };
    case 'line':
      return { 'x-line-signature': lineHeaders(secret('line', 'channelSecret'), body)['x-line-signature'] ?? '' };
    case 'wechat':
      return {};
  }
}

describe('the cheap checks come first', () => {
  it('a webhook for a channel that does not exist is refused 404 without waiting for its body', async () => {
    const answer = await rawRequest(t.webhookUrl('no-such-channel'), {
      headers: { 'content-type': 'application/json' },
      body: '{"object":"whatsapp_business_account","entry":[',
      declaredLength: 50 * 1024 * 1024,
    });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('NOT_FOUND');
  });

  it.each(KINDS)(
    '%s: a body declared larger than the provider sends is refused 413 before it is read',
    async (kind) => {
      const limit = LIMITS[kind];
      const answer = await rawRequest(t.webhookUrl(channels[kind].id), {
        headers: { 'content-type': limit.contentType, 'x-twilio-signature': 'forged' },
        body: 'x'.repeat(1024),
        declaredLength: limit.maxBodyBytes + 1,
      });
      expect(answer.status).toBe(413);
      expect(errorOf(answer).message).toContain(String(limit.maxBodyBytes));
    },
  );

  it.each(KINDS)('%s: a chunked body that grows past the provider limit is refused 413', async (kind) => {
    const limit = LIMITS[kind];
    const answer = await rawRequest(t.webhookUrl(channels[kind].id), {
      headers: { 'content-type': limit.contentType, 'x-twilio-signature': 'forged' },
      body: Buffer.alloc(limit.maxBodyBytes + 64 * 1024, 'a'),
      chunked: 16 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('VALIDATION_FAILED');
  });

  it.each(KINDS)('%s: a signed body in a content type the provider never sends is refused 415', async (kind) => {
    const url = t.webhookUrl(channels[kind].id);
    const body = kind === 'twilio' ? 'MessageSid=SM1&From=whatsapp%3A%2B15005550006&Body=hi' : '{"events":[]}';
    const answer = await rawRequest(url, {
      headers: { 'content-type': LIMITS[kind].foreignType, ...signedHeaders(kind, body, url) },
      body,
    });
    expect(answer.status).toBe(415);
    expect(errorOf(answer).message).toContain(LIMITS[kind].contentType);
  });

  it('a POST without any content type is refused 415; the provider type with parameters, in any case, is read', async () => {
    const body = '{"object":"whatsapp_business_account","entry":[]}';
    const signature = { 'x-hub-signature-256': metaSignature(secret('whatsapp', 'appSecret'), body) };
    const untyped = await rawRequest(t.webhookUrl(channels.whatsapp.id), { headers: signature, body });
    expect(untyped.status).toBe(415);
    expect(errorOf(untyped).code).toBe('VALIDATION_FAILED');
    const typed = await rawRequest(t.webhookUrl(channels.whatsapp.id), {
      headers: { ...signature, 'content-type': 'Application/JSON; charset=UTF-8' },
      body,
    });
    expect(typed.status).toBe(200);
  });

  it('a failed WhatsApp handshake answers our error body with 403', async () => {
    const answer = await rawRequest(
      t.webhookUrl(channels.whatsapp.id, '?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1'),
      { method: 'GET' },
    );
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('SIGNATURE_INVALID');
  });
});

describe('Twilio forms are parsed in linear time with a cap on parameters', () => {
  /** GET /health, timed, over and over until `pending` settles; returns the slowest answer. */
  async function slowestHealthWhile(pending: Promise<unknown>): Promise<number> {
    let settled = false;
    void pending.finally(() => (settled = true));
    let slowest = 0;
    do {
      const health = await rawRequest(`${t.hub.url}/health`, { method: 'GET' });
      expect(health.status).toBe(200);
      slowest = Math.max(slowest, health.elapsedMs);
    } while (!settled);
    return slowest;
  }

  it('a forged form of 40,000 parameters is refused at once and /health keeps answering meanwhile', async () => {
    const attack = rawRequest(t.webhookUrl(channels.twilio.id), {
      headers: { 'content-type': LIMITS.twilio.contentType, 'x-twilio-signature': 'forged' },
      body: 'a=1&'.repeat(40_000),
    });
    const slowest = await slowestHealthWhile(attack);
    const answer = await attack;
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.elapsedMs).toBeLessThan(1000);
    errorOf(answer);
    // Loopback on a shared two-core machine: generous, but seconds below the quadratic parse.
    expect(slowest).toBeLessThan(500);
  });

  it('a form with more parameters than Twilio sends is refused 400 before its signature; one within the cap is delivered', async () => {
    const url = t.webhookUrl(channels.twilio.id);
    const flood = await rawRequest(url, {
      headers: { 'content-type': LIMITS.twilio.contentType, 'x-twilio-signature': 'forged' },
      body: 'a&'.repeat(5_000),
    });
    expect(flood.status).toBe(400);
    expect(errorOf(flood).message).toMatch(/parameters/);

    const sid = 'SM00000000000000000000000000000f01';
    const form = new URLSearchParams({
      MessageSid: sid,
      SmsStatus: 'received',
      From: 'whatsapp:+15005550006',
      To: String(channels.twilio.credentials.from),
      Body: 'olá',
      NumMedia: '0',
    });
    for (let i = 0; i < 100; i += 1) form.append('Extra', String(i));
    const answer = await rawRequest(url, {
      headers: twilioHeaders(secret('twilio', 'authToken'), url, form),
      body: form.toString(),
    });
    expect(answer.status).toBe(200);
    expect(await t.hub.hub.store.messages.findByProviderId(channels.twilio.id, sid)).not.toBeNull();
  });
});
