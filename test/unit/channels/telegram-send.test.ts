import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramAdapter } from '../../../src/hub/channels/telegram/adapter.js';
import type { TelegramCredentials } from '../../../src/hub/channels/telegram/credentials.js';
import type { OutboundMedia, OutboundMessage } from '../../../src/hub/channels/types.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { memoryAdapterContext } from './memory-adapter-context.js';
import { readDownload, transfer } from './read-download.js';

let fake: FakeProvider;
let credentials: TelegramCredentials;
const ctx = memoryAdapterContext();

beforeAll(async () => {
  fake = await startFakeProvider();
  credentials = {
    botToken: '123456789:AAEfakeTokenForTests_-',
    secretToken: 'hook-secret',
    apiBaseUrl: fake.baseUrlFor('telegram'),
  };
});
afterAll(async () => fake.close());

function message(over: Partial<OutboundMessage>): OutboundMessage {
  return {
    messageId: '01936f3e-0000-7000-8000-000000000001',
    to: '408258968',
    threadKey: null,
    kind: 'text',
    text: 'こんにちは、ご用件をお伺いします。',
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    ...over,
  };
}

function media(fileName: string, mimeType: string, bytes = Buffer.from('fake-bytes')): OutboundMedia {
  return { fileName, mimeType, size: bytes.length, bytes, publicUrl: `https://hub.example.com/media/${fileName}` };
}

const BOT_PATH = '/bot123456789:AAEfakeTokenForTests_-';

function lastCall(method: string): NonNullable<ReturnType<FakeProvider['state']['callsTo']>[number]> {
  const call = fake.state.callsTo('telegram', `${BOT_PATH}/${method}`).at(-1);
  if (!call) throw new Error(`no ${method} call`);
  return call;
}

describe('sending through the Telegram Bot API', () => {
  it('a text reply reaches sendMessage as plain text and returns a chat-scoped message id', async () => {
    const result = await telegramAdapter.send(message({ replyToProviderMessageId: '408258968:154' }), credentials, ctx);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^408258968:\d+$/) });
    expect(lastCall('sendMessage').json).toEqual({
      chat_id: '408258968',
      text: 'こんにちは、ご用件をお伺いします。',
      reply_parameters: { message_id: 154, allow_sending_without_reply: true },
    });
  });

  it('a reply in a group conversation goes to the group chat, not the person', async () => {
    const result = await telegramAdapter.send(
      message({ threadKey: '-1001293752024', text: 'Hello group' }),
      credentials,
      ctx,
    );
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^-1001293752024:/) });
    expect(lastCall('sendMessage').json).toMatchObject({ chat_id: '-1001293752024', text: 'Hello group' });
  });

  it('a text longer than Telegram allows arrives as several messages in order, nothing cut off', async () => {
    const before = fake.state.callsTo('telegram', '/sendMessage').length;
    const long = `${'あ'.repeat(4096)}${'い'.repeat(10)}`;
    const result = await telegramAdapter.send(message({ text: long }), credentials, ctx);
    expect(result.ok).toBe(true);
    const calls = fake.state.callsTo('telegram', '/sendMessage').slice(before);
    expect(calls.map((c) => Reflect.get(Object(c.json), 'text'))).toEqual(['あ'.repeat(4096), 'い'.repeat(10)]);
  });

  it('a template on Telegram is sent as its rendered text', async () => {
    const template = {
      name: 'greeting',
      language: 'ja',
      params: ['Aiko'],
      renderedBody: 'Aiko 様、こんにちは',
      content: {
        body: '{{1}} 様、こんにちは',
        placeholders: ['contact.name' as const],
        header: null,
        footer: null,
        buttons: [],
        examples: [],
      },
    };
    await telegramAdapter.send(message({ kind: 'template', text: null, template }), credentials, ctx);
    expect(lastCall('sendMessage').json).toMatchObject({ text: 'Aiko 様、こんにちは' });
  });

  it('a photo is uploaded with sendPhoto and the text as its caption', async () => {
    const result = await telegramAdapter.send(
      message({ kind: 'attachment', text: '領収書です', media: [media('receipt.jpg', 'image/jpeg')] }),
      credentials,
      ctx,
    );
    expect(result.ok).toBe(true);
    const parts = lastCall('sendPhoto').parts ?? [];
    expect(parts.find((p) => p.name === 'chat_id')?.data.toString()).toBe('408258968');
    expect(parts.find((p) => p.name === 'caption')?.data.toString()).toBe('領収書です');
    const photo = parts.find((p) => p.name === 'photo');
    expect(photo).toMatchObject({ fileName: 'receipt.jpg', contentType: 'image/jpeg' });
    expect(photo?.data.toString()).toBe('fake-bytes');
  });

  it('each file type goes by the matching Bot API method', async () => {
    const cases: [string, string, string][] = [
      ['manual.pdf', 'application/pdf', 'sendDocument'],
      ['archive.zip', 'application/zip', 'sendDocument'],
      ['clip.mp4', 'video/mp4', 'sendVideo'],
      ['song.mp3', 'audio/mpeg', 'sendAudio'],
      ['memo.m4a', 'audio/mp4', 'sendAudio'],
      ['fun.gif', 'image/gif', 'sendAnimation'],
    ];
    for (const [fileName, mimeType, method] of cases) {
      const result = await telegramAdapter.send(
        message({ kind: 'attachment', text: null, media: [media(fileName, mimeType)] }),
        credentials,
        ctx,
      );
      expect(result.ok).toBe(true);
      expect(lastCall(method).parts?.some((p) => p.fileName === fileName)).toBe(true);
    }
  });

  it('a message with nothing in it is refused without calling Telegram', async () => {
    const before = fake.state.calls.length;
    const result = await telegramAdapter.send(message({ text: '  ' }), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', retryable: false } });
    expect(fake.state.calls.length).toBe(before);
  });
});

describe('Telegram send failures as an agent reads them', () => {
  const cases: {
    name: string;
    status: number;
    description: string;
    parameters?: object;
    code: string;
    retryable: boolean;
    retryAfterMs?: number | null;
  }[] = [
    {
      name: 'a customer who blocked the bot',
      status: 403,
      description: 'Forbidden: bot was blocked by the user',
      code: 'PROVIDER_BLOCKED',
      retryable: false,
    },
    {
      name: 'a chat the bot cannot reach',
      status: 400,
      description: 'Bad Request: chat not found',
      code: 'PROVIDER_REJECTED',
      retryable: false,
    },
    {
      name: 'a rate limit with retry_after',
      status: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
      code: 'PROVIDER_RATE_LIMITED',
      retryable: true,
      retryAfterMs: 7000,
    },
    {
      name: 'a revoked bot token',
      status: 401,
      description: 'Unauthorized',
      code: 'PROVIDER_AUTH_FAILED',
      retryable: false,
    },
    {
      name: 'a Telegram outage',
      status: 502,
      description: 'Bad Gateway',
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    },
    {
      name: 'a file over the upload limit',
      status: 413,
      description: 'Request Entity Too Large',
      code: 'ATTACHMENT_TOO_LARGE',
      retryable: false,
    },
  ];

  for (const c of cases) {
    it(`${c.name} is reported as ${c.code}${c.retryable ? ' and retried' : ' and not retried'}`, async () => {
      const body = { ok: false, error_code: c.status, description: c.description, parameters: c.parameters };
      fake.state.script('telegram', '/sendMessage', { status: c.status, body });
      const result = await telegramAdapter.send(message({}), credentials, ctx);
      expect(result).toEqual({
        ok: false,
        error: {
          code: c.code,
          providerError: `${c.status} ${c.description}`,
          retryable: c.retryable,
          retryAfterMs: c.retryAfterMs ?? null,
        },
      });
    });
  }

  it('an answer that is not JSON still maps by its HTTP status', async () => {
    fake.state.script('telegram', '/sendMessage', { status: 504, body: '<html>Gateway Time-out</html>' });
    const result = await telegramAdapter.send(message({}), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });

  it('a Telegram that cannot be reached is a retryable outage', async () => {
    const offline = { ...credentials, apiBaseUrl: 'http://127.0.0.1:9' };
    const result = await telegramAdapter.send(message({}), offline, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });

  it('a group that was upgraded to a supergroup still gets the message, at its new chat id', async () => {
    fake.state.script('telegram', '/sendMessage', {
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1001555296434 },
      },
    });
    const result = await telegramAdapter.send(message({ threadKey: '-599075523' }), credentials, ctx);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^-1001555296434:/) });
    expect(lastCall('sendMessage').json).toMatchObject({ chat_id: '-1001555296434' });
  });
});

describe('Telegram media downloads', () => {
  it('a customer photo is fetched with getFile and the file URL', async () => {
    fake.state.addMedia('telegram', 'AgADPhoto1', { bytes: Buffer.from('jpeg-bytes'), mimeType: 'image/jpeg' });
    const downloaded = await readDownload(
      telegramAdapter.downloadMedia(
        { ref: 'AgADPhoto1', mimeType: 'image/jpeg', fileName: null, size: 10 },
        credentials,
        ctx,
        transfer,
      ),
    );
    expect(downloaded).toEqual({ bytes: Buffer.from('jpeg-bytes'), mimeType: 'image/jpeg', fileName: 'AgADPhoto1' });
    expect(lastCall('getFile').json).toEqual({ file_id: 'AgADPhoto1' });
  });

  it('a file Telegram no longer has fails the download with the provider reason', async () => {
    const attempt = telegramAdapter.downloadMedia(
      { ref: 'missing-file', mimeType: null, fileName: null, size: null },
      credentials,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'MEDIA_DOWNLOAD_FAILED',
      message: expect.stringContaining('invalid file_id'),
    });
  });

  it('a file server error fails the download as retryable', async () => {
    fake.state.addMedia('telegram', 'AgADPhoto2', { bytes: Buffer.from('x'), mimeType: 'image/jpeg' });
    fake.state.script('telegram', '/file/', { status: 502, body: 'bad gateway' });
    const attempt = telegramAdapter.downloadMedia(
      { ref: 'AgADPhoto2', mimeType: null, fileName: null, size: null },
      credentials,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'MEDIA_DOWNLOAD_FAILED', details: { retryable: true } });
  });
});

describe('Telegram webhook registration and click-to-chat', () => {
  it('setWebhook registers the hub URL with the secret token and asks for reactions too', async () => {
    await telegramAdapter.registerWebhook?.('https://hub.example.com/webhooks/ch-tg', credentials, ctx);
    const body = lastCall('setWebhook').json;
    expect(body).toMatchObject({
      url: 'https://hub.example.com/webhooks/ch-tg',
      secret_token: 'hook-secret',
      drop_pending_updates: false,
      allowed_updates: expect.arrayContaining(['message', 'edited_message', 'callback_query', 'message_reaction']),
    });
  });

  it('a refused setWebhook is an error the admin sees', async () => {
    fake.state.script('telegram', '/setWebhook', {
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: bad webhook: HTTPS url must be provided for webhook',
      },
    });
    await expect(telegramAdapter.registerWebhook?.('http://insecure', credentials, ctx)).rejects.toMatchObject({
      code: 'PROVIDER_REJECTED',
    });
  });

  it('the click-to-chat link opens the bot by its username', () => {
    expect(telegramAdapter.clickToChat(credentials, { publicHandle: '@switchboard_bot' })).toEqual({
      url: 'https://t.me/switchboard_bot',
      label: '@switchboard_bot',
    });
    expect(telegramAdapter.clickToChat(credentials, {}).url).toBe('tg://user?id=123456789');
  });
});
