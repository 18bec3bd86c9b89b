import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioAdapter } from '../../../src/hub/channels/twilio/adapter.js';
import type { TwilioCredentials } from '../../../src/hub/channels/twilio/credentials.js';
import type { AdapterContext, OutboundMessage } from '../../../src/hub/channels/types.js';
import { AppError } from '../../../src/shared/errors.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { readDownload, transfer } from './read-download.js';

/** A Twilio template: a body only, its placeholders custom values. */
const bodyOnly = (body: string, count: number) => ({
  body,
  placeholders: Array.from({ length: count }, () => 'custom' as const),
  header: null,
  footer: null,
  buttons: [],
  examples: [],
});

let fake: FakeProvider;
let credentials: TwilioCredentials;
const SID = 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9';
const ctx: AdapterContext = { fetch, now: () => Date.now(), cache: { get: () => null, set: () => undefined } };

beforeAll(async () => {
  fake = await startFakeProvider();
  credentials = {
    accountSid: SID,
    authToken: 'tok',
    from: 'whatsapp:+14155238886',
    apiBaseUrl: fake.baseUrlFor('twilio'),
  };
});
afterAll(async () => fake.close());

function message(over: Partial<OutboundMessage>): OutboundMessage {
  return {
    messageId: 'm1',
    to: 'whatsapp:+15005550006',
    threadKey: null,
    kind: 'text',
    text: 'Hello from support',
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    statusCallbackUrl: 'https://hub.example.com/webhooks/ch1',
    ...over,
  };
}

describe('sending through Twilio', () => {
  it('a text goes to the Messages API form-encoded with basic auth, whatsapp: addresses and a status callback', async () => {
    const result = await twilioAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^SM/) });
    const call = fake.state.callsTo('twilio', `/2010-04-01/Accounts/${SID}/Messages.json`).at(-1);
    expect(call?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:tok`).toString('base64')}`);
    expect(call?.form).toEqual({
      To: 'whatsapp:+15005550006',
      From: 'whatsapp:+14155238886',
      Body: 'Hello from support',
      StatusCallback: 'https://hub.example.com/webhooks/ch1',
    });
  });

  it('a plain number is addressed with the whatsapp: prefix', async () => {
    await twilioAdapter.send(message({ to: '+81 90 1234 5678' }), credentials, ctx);
    expect(fake.state.callsTo('twilio', '/Messages.json').at(-1)?.form?.To).toBe('whatsapp:+819012345678');
  });

  it('a Content API template is sent by ContentSid with numbered variables', async () => {
    const template = {
      name: 'HX0123456789abcdef0123456789abcdef',
      language: 'en',
      params: ['Ana', '#42'],
      renderedBody: 'Hi Ana, order #42 shipped',
      content: bodyOnly('Hi {{1}}, order {{2}} shipped', 2),
    };
    await twilioAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx);
    const form = fake.state.callsTo('twilio', '/Messages.json').at(-1)?.form;
    expect(form?.ContentSid).toBe('HX0123456789abcdef0123456789abcdef');
    expect(JSON.parse(form?.ContentVariables ?? '{}')).toEqual({ 1: 'Ana', 2: '#42' });
    expect(form?.Body).toBeUndefined();
  });

  it('a template without a Content SID is sent as its rendered body', async () => {
    const template = {
      name: 'order_update',
      language: 'en',
      params: ['Ana'],
      renderedBody: 'Hi Ana, your order shipped',
      content: bodyOnly('Hi {{1}}, your order shipped', 1),
    };
    await twilioAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx);
    expect(fake.state.callsTo('twilio', '/Messages.json').at(-1)?.form?.Body).toBe('Hi Ana, your order shipped');
  });

  it('an attachment is sent by its public URL with the caption', async () => {
    const media = {
      mimeType: 'image/png',
      fileName: 'a.png',
      size: 3,
      bytes: Buffer.from('png'),
      publicUrl: 'https://hub.example.com/media/abc',
    };
    const result = await twilioAdapter.send(
      message({ kind: 'attachment', text: 'see this', media: [media] }),
      credentials,
      ctx,
    );
    expect(result.ok).toBe(true);
    expect(fake.state.callsTo('twilio', '/Messages.json').at(-1)?.form).toMatchObject({
      MediaUrl: 'https://hub.example.com/media/abc',
      Body: 'see this',
    });
  });

  it('several attachments go as one Twilio message each, and every SID is returned so no status callback is lost', async () => {
    const media = (name: string) => ({
      mimeType: 'application/pdf',
      fileName: name,
      size: 3,
      bytes: Buffer.from('pdf'),
      publicUrl: `https://hub.example.com/media/${name}`,
    });
    const result = await twilioAdapter.send(
      message({ kind: 'attachment', text: 'docs', media: [media('a'), media('b'), media('c')] }),
      credentials,
      ctx,
    );
    if (!result.ok) throw new Error('send failed');
    const ids = [result.providerMessageId, ...(result.extraProviderMessageIds ?? [])];
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    const forms = fake.state.callsTo('twilio', '/Messages.json').slice(-3);
    expect(forms.map((c) => c.form?.Body ?? null)).toEqual(['docs', null, null]);
  });

  it.each([
    [400, 63016, 'SESSION_WINDOW_CLOSED', false],
    [400, 21211, 'PROVIDER_NOT_ON_WHATSAPP', false],
    [400, 21408, 'PROVIDER_UNREACHABLE_COUNTRY', false],
    [401, 20003, 'PROVIDER_AUTH_FAILED', false],
    [429, 20429, 'PROVIDER_RATE_LIMITED', true],
    [500, 20500, 'PROVIDER_UNAVAILABLE', true],
    [400, 21999, 'PROVIDER_REJECTED', false],
  ])('HTTP %i with Twilio code %i is reported as %s (retryable: %s)', async (status, code, expected, retryable) => {
    fake.state.script('twilio', '/Messages.json', {
      status,
      body: { code, message: 'scripted', more_info: '', status },
    });
    const result = await twilioAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({
      ok: false,
      error: { code: expected, retryable, providerError: `${code} scripted` },
    });
  });

  it('a gateway error without a Twilio body is retryable', async () => {
    fake.state.script('twilio', '/Messages.json', { status: 502, body: 'Bad Gateway' });
    const result = await twilioAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });
});

describe('downloading Twilio media', () => {
  const ref = `https://api.twilio.com/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME1`;

  it('follows the Media resource redirect with basic auth and returns the file', async () => {
    fake.state.addMedia('twilio', 'ME1', { bytes: Buffer.from('ogg-bytes'), mimeType: 'audio/ogg' });
    const media = await readDownload(
      twilioAdapter.downloadMedia(
        { ref, mimeType: 'audio/ogg', fileName: null, size: null },
        credentials,
        ctx,
        transfer,
      ),
    );
    expect(media).toEqual({ bytes: Buffer.from('ogg-bytes'), mimeType: 'audio/ogg', fileName: null });
    expect(fake.state.callsTo('twilio', '/Media/ME1').at(-1)?.headers.authorization).toMatch(/^Basic /);
  });

  it('media Twilio no longer has fails with a download error', async () => {
    const missing = { ref: ref.replace('ME1', 'ME404'), mimeType: null, fileName: null, size: null };
    await expect(twilioAdapter.downloadMedia(missing, credentials, ctx, transfer)).rejects.toBeInstanceOf(AppError);
  });
});
