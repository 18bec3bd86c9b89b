import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAdapter } from '../../../src/hub/channels/line/adapter.js';
import type { LineCredentials } from '../../../src/hub/channels/line/credentials.js';
import { lineRetryKey } from '../../../src/hub/channels/line/send.js';
import type { OutboundMedia, OutboundMessage } from '../../../src/hub/channels/types.js';
import { buildMp4, m4aOfMs } from '../../helpers/mp4-fixture.js';
import { startFakeProvider, type FakeProvider, type RecordedCall } from '../../../src/fake-provider/server.js';
import { expireLineReplyToken } from '../../../src/fake-provider/line.js';
import { memoryAdapterContext } from './memory-adapter-context.js';
import { readDownload, transfer } from './read-download.js';

let fake: FakeProvider;
let credentials: LineCredentials;
const ctx = memoryAdapterContext();
let counter = 0;

beforeAll(async () => {
  fake = await startFakeProvider();
  credentials = { channelSecret: 's', channelAccessToken: 'line-access-token', apiBaseUrl: fake.baseUrlFor('line') };
});
afterAll(async () => fake.close());

function message(over: Partial<OutboundMessage>): OutboundMessage {
  counter += 1;
  return {
    messageId: `01936f3e-0000-7000-8000-${String(counter).padStart(12, '0')}`,
    to: 'U206d25c2ea6bd87c17655609a1c37cb8',
    threadKey: null,
    kind: 'text',
    text: 'お問い合わせありがとうございます。',
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    ...over,
  };
}

function media(fileName: string, mimeType: string, bytes: Buffer = Buffer.alloc(0)): OutboundMedia {
  const publicUrl = `https://hub.example.com/media/${fileName}`;
  const posterUrl = mimeType.startsWith('video/') ? `https://hub.example.com/media/${fileName}/poster` : null;
  return { fileName, mimeType, size: bytes.length, bytes, publicUrl, posterUrl };
}

function last(path: string): RecordedCall {
  const call = fake.state.callsTo('line', path).at(-1);
  if (!call) throw new Error(`no call to ${path}`);
  return call;
}

describe('sending through the LINE Messaging API', () => {
  it('while the reply token is valid the answer is a free reply with the bearer token', async () => {
    const result = await lineAdapter.send(message({ replyToken: 'reply-token-1' }), credentials, ctx);
    expect(result).toMatchObject({ ok: true, providerMessageId: expect.any(String) });
    const call = last('/v2/bot/message/reply');
    expect(call.headers.authorization).toBe('Bearer line-access-token');
    expect(call.json).toEqual({
      replyToken: 'reply-token-1',
      messages: [{ type: 'text', text: 'お問い合わせありがとうございます。' }],
    });
  });

  it('without a reply token the message is pushed with a retry key from its id', async () => {
    const m = message({});
    const result = await lineAdapter.send(m, credentials, ctx);
    expect(result.ok).toBe(true);
    const call = last('/v2/bot/message/push');
    expect(call.headers['x-line-retry-key']).toBe(m.messageId);
    expect(call.json).toEqual({ to: m.to, messages: [{ type: 'text', text: m.text }] });
  });

  it('a reply token LINE no longer accepts falls back to push, so the message still goes out', async () => {
    expireLineReplyToken(fake.state, 'stale-token');
    const before = fake.state.callsTo('line', '/push').length;
    const result = await lineAdapter.send(message({ replyToken: 'stale-token' }), credentials, ctx);
    expect(result.ok).toBe(true);
    expect(fake.state.callsTo('line', '/push').length).toBe(before + 1);
  });

  it('retrying a push that LINE already accepted does not send it twice', async () => {
    const m = message({});
    const first = await lineAdapter.send(m, credentials, ctx);
    const again = await lineAdapter.send(m, credentials, ctx);
    expect(first.ok && again.ok).toBe(true);
    const pushes = fake.state.callsTo('line', '/push').filter((c) => c.headers['x-line-retry-key'] === m.messageId);
    // The fake answers the second push 409 (key already accepted), which counts as sent.
    expect(pushes).toHaveLength(2);
  });

  it('a group conversation is pushed to the group', async () => {
    await lineAdapter.send(message({ threadKey: 'Ca56f94637cc4347f90a25382909b24b9' }), credentials, ctx);
    expect(last('/v2/bot/message/push').json).toMatchObject({ to: 'Ca56f94637cc4347f90a25382909b24b9' });
  });

  it('images, video and audio go by URL; text comes first', async () => {
    const result = await lineAdapter.send(
      message({
        kind: 'attachment',
        text: '写真と動画です',
        media: [
          media('a.jpg', 'image/jpeg'),
          media('b.mp4', 'video/mp4'),
          media('c.m4a', 'audio/mp4', m4aOfMs(10_000)),
        ],
      }),
      credentials,
      ctx,
    );
    expect(result.ok).toBe(true);
    expect(last('/v2/bot/message/push').json).toMatchObject({
      messages: [
        { type: 'text', text: '写真と動画です' },
        {
          type: 'image',
          originalContentUrl: 'https://hub.example.com/media/a.jpg',
          previewImageUrl: 'https://hub.example.com/media/a.jpg',
        },
        {
          type: 'video',
          originalContentUrl: 'https://hub.example.com/media/b.mp4',
          previewImageUrl: 'https://hub.example.com/media/b.mp4/poster',
        },
        { type: 'audio', originalContentUrl: 'https://hub.example.com/media/c.m4a', duration: 10_000 },
      ],
    });
  });

  it('audio that is not m4a, or whose length cannot be read, is refused without calling LINE', async () => {
    const before = fake.state.calls.length;
    const mp3 = await lineAdapter.send(
      message({ media: [media('v.m4a', 'audio/mp4', Buffer.from('ID3 not an mp4'))] }),
      credentials,
      ctx,
    );
    expect(mp3).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED', retryable: false } });
    const noLength = buildMp4({ movie: { timescale: 1000, duration: 0 }, track: null });
    const unreadable = await lineAdapter.send(
      message({ media: [media('w.m4a', 'audio/mp4', noLength)] }),
      credentials,
      ctx,
    );
    expect(unreadable).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', retryable: false } });
    expect(!unreadable.ok && unreadable.error.providerError).toMatch(/length of w\.m4a cannot be read/);
    expect(fake.state.calls.length).toBe(before);
  });

  it('a file LINE cannot carry is refused without calling LINE', async () => {
    const before = fake.state.calls.length;
    const result = await lineAdapter.send(message({ media: [media('x.pdf', 'application/pdf')] }), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED', retryable: false } });
    expect(fake.state.calls.length).toBe(before);
  });

  it('more than five pieces go in several pushes, each with its own stable retry key', async () => {
    const m = message({ text: 'x'.repeat(5000 * 6) });
    const before = fake.state.callsTo('line', '/push').length;
    expect((await lineAdapter.send(m, credentials, ctx)).ok).toBe(true);
    const pushes = fake.state.callsTo('line', '/push').slice(before);
    expect(pushes.map((c) => c.headers['x-line-retry-key'])).toEqual([
      lineRetryKey(m.messageId, 0),
      lineRetryKey(m.messageId, 1),
    ]);
    expect(lineRetryKey(m.messageId, 1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('LINE send failures as an agent reads them', () => {
  const cases = [
    {
      name: 'a refused access token',
      status: 401,
      body: { message: 'Authentication failed.' },
      code: 'PROVIDER_AUTH_FAILED',
      retryable: false,
    },
    {
      name: 'an invalid request',
      status: 400,
      body: {
        message: 'The request body has 1 error(s)',
        details: [{ message: 'May not be empty', property: 'messages[0].text' }],
      },
      code: 'PROVIDER_REJECTED',
      retryable: false,
      providerError: '400 The request body has 1 error(s): messages[0].text May not be empty',
    },
    {
      name: 'the rate limit',
      status: 429,
      body: { message: 'The API rate limit has been exceeded. Try again later.' },
      code: 'PROVIDER_RATE_LIMITED',
      retryable: true,
    },
    {
      name: 'the monthly quota',
      status: 429,
      body: { message: 'You have reached your monthly limit.' },
      code: 'PROVIDER_REJECTED',
      retryable: false,
    },
    {
      name: 'a LINE outage',
      status: 500,
      body: { message: 'Internal server error' },
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    },
  ];
  for (const c of cases) {
    it(`${c.name} is reported as ${c.code}${c.retryable ? ' and retried' : ' and not retried'}`, async () => {
      fake.state.script('line', '/v2/bot/message/push', { status: c.status, body: c.body });
      const result = await lineAdapter.send(message({}), credentials, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: c.code, retryable: c.retryable } });
      if (c.providerError !== undefined) expect(result).toMatchObject({ error: { providerError: c.providerError } });
    });
  }

  it('a reply failing for another reason than the token is reported, not pushed', async () => {
    fake.state.script('line', '/v2/bot/message/reply', { status: 500, body: { message: 'Internal server error' } });
    const before = fake.state.callsTo('line', '/push').length;
    const result = await lineAdapter.send(message({ replyToken: 'fresh' }), credentials, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
    expect(fake.state.callsTo('line', '/push').length).toBe(before);
  });

  it('a LINE that cannot be reached is a retryable outage', async () => {
    const result = await lineAdapter.send(message({}), { ...credentials, apiBaseUrl: 'http://127.0.0.1:9' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });
});

describe('LINE media downloads', () => {
  it('a customer image is fetched from the content API with the bearer token', async () => {
    fake.state.addMedia('line', '354718705033693861', { bytes: Buffer.from('jpeg!'), mimeType: 'image/jpeg' });
    const downloaded = await readDownload(
      lineAdapter.downloadMedia(
        { ref: '354718705033693861', mimeType: 'image/jpeg', fileName: null, size: null },
        credentials,
        ctx,
        transfer,
      ),
    );
    expect(downloaded).toEqual({ bytes: Buffer.from('jpeg!'), mimeType: 'image/jpeg', fileName: null });
    expect(last('/v2/bot/message/354718705033693861/content').headers.authorization).toBe('Bearer line-access-token');
  });

  it('content LINE no longer keeps fails the download for good, with LINE’s reason', async () => {
    const attempt = lineAdapter.downloadMedia(
      { ref: 'gone', mimeType: null, fileName: null, size: null },
      credentials,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'MEDIA_DOWNLOAD_FAILED',
      message: 'LINE: 404 Not found',
      details: { retryable: false },
    });
  });

  it('a video LINE is still preparing fails the download as worth retrying', async () => {
    fake.state.script('line', '/v2/bot/message/prep/content', { status: 202, body: '' });
    const attempt = lineAdapter.downloadMedia(
      { ref: 'prep', mimeType: 'video/mp4', fileName: null, size: null },
      credentials,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toMatchObject({ code: 'MEDIA_DOWNLOAD_FAILED', details: { retryable: true } });
  });

  it('media hosted by an external provider is fetched from its URL', async () => {
    fake.state.script('line', '/external/photo.png', {
      status: 200,
      body: Buffer.from('png!'),
      headers: { 'content-type': 'image/png' },
    });
    const url = `${fake.baseUrlFor('line')}/external/photo.png`;
    const downloaded = await readDownload(
      lineAdapter.downloadMedia(
        { ref: url, mimeType: 'image/jpeg', fileName: null, size: null },
        credentials,
        ctx,
        transfer,
      ),
    );
    expect(downloaded).toMatchObject({ bytes: Buffer.from('png!'), mimeType: 'image/png' });
    expect(last('/external/photo.png').headers.authorization).toBeUndefined();
  });
});

describe('LINE click-to-chat', () => {
  it('the add-friend link uses the basic id', () => {
    expect(lineAdapter.clickToChat(credentials, { publicHandle: '@abc1234x' })).toEqual({
      url: 'https://line.me/R/ti/p/%40abc1234x',
      label: 'LINE @abc1234x',
    });
  });

  it('without a basic id the admin is told what to set', () => {
    expect(() => lineAdapter.clickToChat(credentials, {})).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
