import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wechatAdapter } from '../../../src/hub/channels/wechat/adapter.js';
import type { WechatCredentials } from '../../../src/hub/channels/wechat/credentials.js';
import type { OutboundMedia, OutboundMessage } from '../../../src/hub/channels/types.js';
import { startFakeProvider, type FakeProvider, type RecordedCall } from '../../../src/fake-provider/server.js';
import { expireWechatAccessTokens } from '../../../src/fake-provider/wechat.js';
import { memoryAdapterContext, type TestAdapterContext } from './memory-adapter-context.js';
import { readDownload, transfer } from './read-download.js';

let fake: FakeProvider;
let credentials: WechatCredentials;
let appCounter = 0;

beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => fake.close());

/** A fresh account and cache per test, so token caching is observed from a clean start. */
function account(): { credentials: WechatCredentials; ctx: TestAdapterContext } {
  appCounter += 1;
  credentials = {
    appId: `wx00000000000000${String(appCounter).padStart(2, '0')}`,
    appSecret: 'app-secret',
    token: 'tok',
    apiBaseUrl: fake.baseUrlFor('wechat'),
  };
  return { credentials, ctx: memoryAdapterContext() };
}

function message(over: Partial<OutboundMessage>): OutboundMessage {
  return {
    messageId: '01936f3e-0000-7000-8000-00000000aaaa',
    to: 'oCustomerOpenId',
    threadKey: null,
    kind: 'text',
    text: '您好，我们已收到您的订单。',
    media: [],
    template: null,
    replyToProviderMessageId: null,
    replyToken: null,
    ...over,
  };
}

function media(fileName: string, mimeType: string): OutboundMedia {
  const bytes = Buffer.from(`bytes of ${fileName}`);
  return { fileName, mimeType, size: bytes.length, bytes, publicUrl: `https://hub.example.com/media/${fileName}` };
}

function tokenCalls(appId: string): RecordedCall[] {
  return fake.state.callsTo('wechat', '/cgi-bin/token').filter((c) => c.query.appid === appId);
}

function sendsTo(openId: string): RecordedCall[] {
  return fake.state
    .callsTo('wechat', '/cgi-bin/message/custom/send')
    .filter((c) => Reflect.get(Object(c.json), 'touser') === openId);
}

describe('sending through the WeChat customer-service API', () => {
  it('a text goes out with an access token fetched once and then reused from the cache', async () => {
    const { credentials: creds, ctx } = account();
    expect(await wechatAdapter.send(message({}), creds, ctx)).toEqual({
      ok: true,
      providerMessageId: 'wechat:01936f3e-0000-7000-8000-00000000aaaa',
    });
    await wechatAdapter.send(message({ text: '第二条' }), creds, ctx);
    const tokens = tokenCalls(creds.appId);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.query).toMatchObject({
      grant_type: 'client_credential',
      appid: creds.appId,
      secret: 'app-secret',
    });
    const sent = sendsTo('oCustomerOpenId').slice(-2);
    expect(sent[0]?.json).toEqual({
      touser: 'oCustomerOpenId',
      msgtype: 'text',
      text: { content: '您好，我们已收到您的订单。' },
    });
    expect(sent[0]?.query.access_token).toBe(ctx.cached(`wechat:access_token:${creds.appId}`));
  });

  it('the token is refreshed before WeChat’s two hours run out', async () => {
    const { credentials: creds, ctx } = account();
    await wechatAdapter.send(message({}), creds, ctx);
    ctx.advance(7200 * 1000 - 4 * 60 * 1000);
    await wechatAdapter.send(message({}), creds, ctx);
    expect(tokenCalls(creds.appId)).toHaveLength(2);
  });

  it('a token WeChat stopped accepting is refreshed and the send repeated once, so the customer gets one message', async () => {
    const { credentials: creds, ctx } = account();
    await wechatAdapter.send(message({ to: 'oRefresh' }), creds, ctx);
    expireWechatAccessTokens(fake.state);
    const result = await wechatAdapter.send(message({ to: 'oRefresh', text: 'after refresh' }), creds, ctx);
    expect(result.ok).toBe(true);
    expect(tokenCalls(creds.appId)).toHaveLength(2);
    const texts = sendsTo('oRefresh').map((c) => Reflect.get(Object(Reflect.get(Object(c.json), 'text')), 'content'));
    expect(texts).toEqual(['您好，我们已收到您的订单。', 'after refresh', 'after refresh']);
  });

  it('a long text is split into messages WeChat accepts, none over 2,048 bytes', async () => {
    const { credentials: creds, ctx } = account();
    const long = '很'.repeat(1000);
    expect((await wechatAdapter.send(message({ to: 'oLong', text: long }), creds, ctx)).ok).toBe(true);
    const pieces = sendsTo('oLong').map((c) =>
      String(Reflect.get(Object(Reflect.get(Object(c.json), 'text')), 'content')),
    );
    expect(pieces.join('')).toBe(long);
    expect(pieces.every((p) => Buffer.byteLength(p) <= 2048)).toBe(true);
    expect(pieces).toHaveLength(2);
  });

  it('a photo is uploaded as temporary media and sent by its media_id after the text', async () => {
    const { credentials: creds, ctx } = account();
    const result = await wechatAdapter.send(
      message({ to: 'oPhoto', kind: 'attachment', text: '请看图片', media: [media('receipt.png', 'image/png')] }),
      creds,
      ctx,
    );
    expect(result.ok).toBe(true);
    const upload = fake.state.callsTo('wechat', '/cgi-bin/media/upload').at(-1);
    expect(upload?.query.type).toBe('image');
    const part = upload?.parts?.find((p) => p.name === 'media');
    expect(part).toMatchObject({ fileName: 'receipt.png', contentType: 'image/png' });
    const sent = sendsTo('oPhoto');
    expect(sent.map((c) => Reflect.get(Object(c.json), 'msgtype'))).toEqual(['text', 'image']);
    expect(sent[1]?.json).toMatchObject({ image: { media_id: expect.stringMatching(/^FAKE_MEDIA_image_/) } });
  });

  it('MP3 goes as voice and MP4 as video; a PDF is refused without calling WeChat', async () => {
    const { credentials: creds, ctx } = account();
    await wechatAdapter.send(message({ to: 'oVoice', text: null, media: [media('a.mp3', 'audio/mpeg')] }), creds, ctx);
    await wechatAdapter.send(message({ to: 'oVideo', text: null, media: [media('b.mp4', 'video/mp4')] }), creds, ctx);
    expect(sendsTo('oVoice')[0]?.json).toMatchObject({ msgtype: 'voice', voice: { media_id: expect.any(String) } });
    expect(sendsTo('oVideo')[0]?.json).toMatchObject({ msgtype: 'video', video: { media_id: expect.any(String) } });
    const before = fake.state.calls.length;
    const refused = await wechatAdapter.send(message({ media: [media('c.pdf', 'application/pdf')] }), creds, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED', retryable: false } });
    expect(fake.state.calls.length).toBe(before);
  });
});

describe('WeChat send failures as an agent reads them', () => {
  const cases = [
    {
      name: 'the 48-hour window having closed',
      errcode: 45015,
      errmsg: 'response out of time limit or subscription is canceled',
      code: 'SESSION_WINDOW_CLOSED_NO_SEND',
      retryable: false,
    },
    {
      name: 'the reply count being used up',
      errcode: 45047,
      errmsg: 'out of response count limit',
      code: 'SESSION_WINDOW_CLOSED_NO_SEND',
      retryable: false,
    },
    {
      name: 'a customer who unfollowed',
      errcode: 43004,
      errmsg: 'require subscribe',
      code: 'PROVIDER_BLOCKED',
      retryable: false,
    },
    { name: 'WeChat being busy', errcode: -1, errmsg: 'system error', code: 'PROVIDER_UNAVAILABLE', retryable: true },
    {
      name: 'the API quota',
      errcode: 45009,
      errmsg: 'reach max api daily quota limit',
      code: 'PROVIDER_RATE_LIMITED',
      retryable: true,
    },
    { name: 'a wrong openid', errcode: 40003, errmsg: 'invalid openid', code: 'PROVIDER_REJECTED', retryable: false },
  ];
  for (const c of cases) {
    it(`${c.name} (errcode ${c.errcode}) is reported as ${c.code}${c.retryable ? ' and retried' : ' and not retried'}`, async () => {
      const { credentials: creds, ctx } = account();
      fake.state.script('wechat', '/cgi-bin/message/custom/send', {
        status: 200,
        body: { errcode: c.errcode, errmsg: c.errmsg },
      });
      expect(await wechatAdapter.send(message({}), creds, ctx)).toEqual({
        ok: false,
        error: { code: c.code, providerError: `${c.errcode} ${c.errmsg}`, retryable: c.retryable, retryAfterMs: null },
      });
    });
  }

  it('a token that stays invalid after a refresh means the credentials need an admin', async () => {
    const { credentials: creds, ctx } = account();
    const invalid = { status: 200, body: { errcode: 40001, errmsg: 'invalid credential' } };
    fake.state.script('wechat', '/cgi-bin/message/custom/send', invalid, 2);
    const result = await wechatAdapter.send(message({}), creds, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_AUTH_FAILED', retryable: false } });
    expect(tokenCalls(creds.appId)).toHaveLength(2);
  });

  it('a wrong AppSecret is reported when the token is requested', async () => {
    const { credentials: creds, ctx } = account();
    fake.state.script('wechat', '/cgi-bin/token', {
      status: 200,
      body: { errcode: 40125, errmsg: 'invalid appsecret' },
    });
    expect(await wechatAdapter.send(message({}), creds, ctx)).toMatchObject({
      ok: false,
      error: { code: 'PROVIDER_AUTH_FAILED', providerError: '40125 invalid appsecret', retryable: false },
    });
  });

  it('a gateway error in front of WeChat is a retryable outage', async () => {
    const { credentials: creds, ctx } = account();
    fake.state.script('wechat', '/cgi-bin/message/custom/send', { status: 502, body: '<html>Bad Gateway</html>' });
    expect(await wechatAdapter.send(message({}), creds, ctx)).toMatchObject({
      ok: false,
      error: { code: 'PROVIDER_UNAVAILABLE', retryable: true },
    });
  });

  it('a WeChat that cannot be reached is a retryable outage', async () => {
    const { credentials: creds, ctx } = account();
    const result = await wechatAdapter.send(message({}), { ...creds, apiBaseUrl: 'http://127.0.0.1:9' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'PROVIDER_UNAVAILABLE', retryable: true } });
  });
});

describe('WeChat media downloads', () => {
  it('a customer image is fetched with the access token and keeps its file name', async () => {
    const { credentials: creds, ctx } = account();
    fake.state.addMedia('wechat', 'MEDIA_IMG_1', {
      bytes: Buffer.from('jpeg'),
      mimeType: 'image/jpeg',
      fileName: 'photo.jpg',
    });
    expect(
      await readDownload(
        wechatAdapter.downloadMedia(
          { ref: 'MEDIA_IMG_1', mimeType: 'image/jpeg', fileName: null, size: null },
          creds,
          ctx,
          transfer,
        ),
      ),
    ).toEqual({
      bytes: Buffer.from('jpeg'),
      mimeType: 'image/jpeg',
      fileName: 'photo.jpg',
    });
  });

  it('a video is fetched through the video_url WeChat answers with', async () => {
    const { credentials: creds, ctx } = account();
    fake.state.addMedia('wechat', 'MEDIA_VID_1', { bytes: Buffer.from('mp4!'), mimeType: 'video/mp4' });
    const video = await readDownload(
      wechatAdapter.downloadMedia(
        { ref: 'MEDIA_VID_1', mimeType: 'video/mp4', fileName: null, size: null },
        creds,
        ctx,
        transfer,
      ),
    );
    expect(video).toMatchObject({ bytes: Buffer.from('mp4!'), mimeType: 'video/mp4' });
    expect(fake.state.callsTo('wechat', '/video-cdn/MEDIA_VID_1')).toHaveLength(1);
  });

  it('a download with a stale token refreshes it and succeeds', async () => {
    const { credentials: creds, ctx } = account();
    fake.state.addMedia('wechat', 'MEDIA_IMG_2', { bytes: Buffer.from('png'), mimeType: 'image/png' });
    await wechatAdapter.send(message({}), creds, ctx);
    expireWechatAccessTokens(fake.state);
    const image = await readDownload(
      wechatAdapter.downloadMedia(
        { ref: 'MEDIA_IMG_2', mimeType: null, fileName: null, size: null },
        creds,
        ctx,
        transfer,
      ),
    );
    expect(image.mimeType).toBe('image/png');
    expect(tokenCalls(creds.appId)).toHaveLength(2);
  });

  it('media WeChat no longer has fails the download for good with WeChat’s reason', async () => {
    const { credentials: creds, ctx } = account();
    const attempt = wechatAdapter.downloadMedia(
      { ref: 'EXPIRED', mimeType: null, fileName: null, size: null },
      creds,
      ctx,
      transfer,
    );
    await expect(attempt).rejects.toMatchObject({
      code: 'MEDIA_DOWNLOAD_FAILED',
      message: expect.stringContaining('40007 invalid media_id'),
      details: { retryable: false },
    });
  });
});

describe('WeChat click-to-chat', () => {
  it('the QR link names the account by its original id', () => {
    const { credentials: creds } = account();
    expect(wechatAdapter.clickToChat(creds, { publicHandle: 'gh_1234567890ab' })).toEqual({
      url: 'https://open.weixin.qq.com/qr/code?username=gh_1234567890ab',
      label: 'WeChat gh_1234567890ab',
    });
    expect(() => wechatAdapter.clickToChat(creds, {})).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(wechatAdapter.identityOf(creds)).toBe(creds.appId);
  });
});
