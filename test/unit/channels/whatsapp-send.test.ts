import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappAdapter } from '../../../src/hub/channels/whatsapp/adapter.js';
import type { WhatsappCredentials } from '../../../src/hub/channels/whatsapp/credentials.js';
import type { AdapterContext, OutboundMessage } from '../../../src/hub/channels/types.js';
import { AppError } from '../../../src/shared/errors.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { readDownload, transfer } from './read-download.js';

let fake: FakeProvider;
let credentials: WhatsappCredentials;
const ctx: AdapterContext = { fetch, now: () => Date.now(), cache: { get: () => null, set: () => undefined } };

beforeAll(async () => {
  fake = await startFakeProvider();
  credentials = {
    accessToken: 'EAAG-test-token',
    appSecret: 'secret',
    verifyToken: 'verify',
    phoneNumberId: '106540352242922',
    apiBaseUrl: fake.baseUrlFor('whatsapp'),
  };
});
afterAll(async () => fake.close());

function message(over: Partial<OutboundMessage>): OutboundMessage {
  return {
    messageId: 'm1',
    to: '819012345678',
    threadKey: null,
    kind: 'text',
    text: 'こんにちは',
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    ...over,
  };
}

const pdf = {
  mimeType: 'application/pdf',
  fileName: 'invoice.pdf',
  size: 9,
  bytes: Buffer.from('%PDF-1.4\n'),
  publicUrl: 'https://hub.example.com/m/1',
};

describe('sending through the WhatsApp Cloud API', () => {
  it('a text reply reaches the Graph messages endpoint with the bearer token and returns the wamid', async () => {
    const result = await whatsappAdapter.send(message({ replyToProviderMessageId: 'wamid.quoted' }), credentials, ctx);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./) });
    const call = fake.state.callsTo('whatsapp', '/v21.0/106540352242922/messages').at(-1);
    expect(call?.headers.authorization).toBe('Bearer EAAG-test-token');
    expect(call?.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '819012345678',
      type: 'text',
      text: { body: 'こんにちは', preview_url: false },
      context: { message_id: 'wamid.quoted' },
    });
  });

  it('a template goes out with its name, its language as a deterministic policy and body parameters in order', async () => {
    const template = {
      name: 'order_update',
      language: 'ja',
      params: ['山田', '#42'],
      renderedBody: '山田様、ご注文 #42 を発送しました。',
      content: {
        body: '{{1}}様、ご注文 {{2}} を発送しました。',
        placeholders: ['contact.name' as const, 'custom' as const],
        header: null,
        footer: null,
        buttons: [],
        examples: [],
      },
    };
    const result = await whatsappAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx);
    expect(result.ok).toBe(true);
    expect(fake.state.callsTo('whatsapp', '/messages').at(-1)?.json).toMatchObject({
      type: 'template',
      template: {
        name: 'order_update',
        language: { policy: 'deterministic', code: 'ja' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '山田' },
              { type: 'text', text: '#42' },
            ],
          },
        ],
      },
    });
  });

  it('a template with a text header, a footer and buttons sends the header and URL values where Meta expects them', async () => {
    const template = {
      name: 'delivery',
      language: 'en',
      params: ['Aiko', 'Order 7', 'track/7'],
      renderedBody: 'Hi Aiko, it is on its way.',
      content: {
        body: 'Hi {{1}}, it is on its way.',
        placeholders: ['contact.name' as const],
        header: { format: 'text' as const, text: '{{1}} shipped', placeholder: 'custom' as const, example: null },
        footer: 'Reply STOP to opt out',
        buttons: [
          { type: 'quick_reply' as const, text: 'Thanks' },
          {
            type: 'url' as const,
            text: 'Track',
            url: 'https://shop.example/{{1}}',
            placeholder: 'custom' as const,
            example: null,
          },
          { type: 'phone_number' as const, text: 'Call us', phoneNumber: '+15550001111' },
        ],
        examples: [],
      },
    };
    const result = await whatsappAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx);
    expect(result.ok).toBe(true);
    expect(fake.state.callsTo('whatsapp', '/messages').at(-1)?.json).toMatchObject({
      template: {
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Order 7' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Aiko' }] },
          { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'track/7' }] },
        ],
      },
    });
  });

  it('an image header is sent by its link, and a template whose image has no link is refused before Meta', async () => {
    const content = {
      body: 'Our summer sale starts now.',
      placeholders: [],
      header: { format: 'image' as const, mediaUrl: 'https://cdn.example/sale.jpg', example: null },
      footer: null,
      buttons: [],
      examples: [],
    };
    const template = { name: 'sale', language: 'en', params: [], renderedBody: content.body, content };
    expect((await whatsappAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx)).ok).toBe(
      true,
    );
    expect(fake.state.callsTo('whatsapp', '/messages').at(-1)?.json).toMatchObject({
      template: {
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example/sale.jpg' } }] },
        ],
      },
    });
    const noLink = { ...template, content: { ...content, header: { ...content.header, mediaUrl: null } } };
    const before = fake.state.callsTo('whatsapp', '/messages').length;
    const refused = await whatsappAdapter.send(
      message({ kind: 'template', text: null, template: noLink }),
      credentials,
      ctx,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'TEMPLATE_PARAMS_MISSING' } });
    expect(fake.state.callsTo('whatsapp', '/messages')).toHaveLength(before);
  });

  it('an attachment is uploaded first and sent by media id with its file name and caption', async () => {
    const result = await whatsappAdapter.send(
      message({ kind: 'attachment', text: '請求書です', media: [pdf] }),
      credentials,
      ctx,
    );
    expect(result.ok).toBe(true);
    const upload = fake.state.callsTo('whatsapp', '/media').at(-1);
    expect(upload?.parts?.find((p) => p.name === 'file')).toMatchObject({
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
    });
    expect(upload?.parts?.find((p) => p.name === 'file')?.data.toString()).toBe('%PDF-1.4\n');
    const sent = fake.state.callsTo('whatsapp', '/messages').at(-1)?.json;
    expect(sent).toMatchObject({
      type: 'document',
      document: { id: expect.any(String), filename: 'invoice.pdf', caption: '請求書です' },
    });
  });

  it('a message outside the 24-hour window fails permanently with the window reason', async () => {
    fake.state.script('whatsapp', '/messages', {
      status: 400,
      body: {
        error: {
          message: '(#131047) Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_data: { details: 'More than 24 hours have passed' },
        },
      },
    });
    const result = await whatsappAdapter.send(message({}), credentials, ctx);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'SESSION_WINDOW_CLOSED',
        providerError: expect.stringContaining('131047'),
        retryable: false,
        retryAfterMs: null,
      },
    });
  });

  it.each([
    [131026, 'PROVIDER_NOT_ON_WHATSAPP', false],
    [130497, 'PROVIDER_UNREACHABLE_COUNTRY', false],
    [190, 'PROVIDER_AUTH_FAILED', false],
    [132001, 'TEMPLATE_NOT_APPROVED', false],
    [131056, 'PROVIDER_RATE_LIMITED', true],
    [131000, 'PROVIDER_UNAVAILABLE', true],
    [131053, 'PROVIDER_REJECTED', false],
  ])('Graph error %i is reported as %s (retryable: %s)', async (code, expected, retryable) => {
    fake.state.script('whatsapp', '/messages', { status: 400, body: { error: { message: 'x', code } } });
    const result = await whatsappAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: expected, retryable } });
  });

  it('throttling with Retry-After is retryable after the advised delay', async () => {
    fake.state.script('whatsapp', '/messages', {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { error: { message: 'rate', code: 130429 } },
    });
    const result = await whatsappAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'PROVIDER_RATE_LIMITED', retryable: true, retryAfterMs: 7000 },
    });
  });

  it('a provider outage without a Graph body is retryable', async () => {
    fake.state.script('whatsapp', '/messages', { status: 503, body: '<html>unavailable</html>' });
    const result = await whatsappAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });

  it('an unreachable provider is retryable', async () => {
    const result = await whatsappAdapter.send(message({}), { ...credentials, apiBaseUrl: 'http://127.0.0.1:1' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });
});

describe('downloading WhatsApp media', () => {
  it('resolves the media id to a URL and downloads the bytes with the bearer token', async () => {
    fake.state.addMedia('whatsapp', '65463453', { bytes: Buffer.from('jpeg-bytes'), mimeType: 'image/jpeg' });
    const media = await readDownload(
      whatsappAdapter.downloadMedia(
        { ref: '65463453', mimeType: 'image/jpeg', fileName: null, size: null },
        credentials,
        ctx,
        transfer,
      ),
    );
    expect(media.bytes.toString()).toBe('jpeg-bytes');
    expect(media.mimeType).toBe('image/jpeg');
    const lookups = fake.state.callsTo('whatsapp', '/lookaside/65463453');
    expect(lookups.at(-1)?.headers.authorization).toBe('Bearer EAAG-test-token');
  });

  it('a media id the provider no longer has fails with a download error', async () => {
    const attempt = whatsappAdapter.downloadMedia(
      { ref: 'gone', mimeType: null, fileName: null, size: null },
      credentials,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'MEDIA_DOWNLOAD_FAILED' });
  });
});
