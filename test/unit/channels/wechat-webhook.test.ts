import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { wechatAdapter } from '../../../src/hub/channels/wechat/adapter.js';
import type { WechatCredentials } from '../../../src/hub/channels/wechat/credentials.js';
import { encryptWechatMessage, wechatSignature } from '../../../src/hub/channels/wechat/crypto.js';
import { wechatQuerySignatureHolds } from '../../../src/hub/channels/wechat/verify.js';
import type { InboundEvent, WebhookRequest } from '../../../src/hub/channels/types.js';
import { MessageMeta } from '../../../src/shared/domain.js';
import { fixtureBytes, fixtureJson, payloadFiles, webhookRequest } from './fixture-request.js';

const SIGNED = { timestamp: '1735689600', nonce: '839201746', signature: '2b339bfe5a4bafc931d484b3b96f58d58df3fb9e' };
const credentials: WechatCredentials = {
  appId: 'wx0123456789abcdef',
  appSecret: 'secret',
  token: 'holdout-wechat-token',
};

/** The hub clock a signed query's own timestamp needs to be fresh (the vectors are provider facts from years ago). */
function clockFor(query: Record<string, string>): number {
  return /^\d+$/.test(query.timestamp ?? '') ? Number(query.timestamp) * 1000 : Date.now();
}

function post(
  body: Buffer | string,
  query: Record<string, string> = SIGNED,
  receivedAt: number = clockFor(query),
): WebhookRequest {
  return webhookRequest({ rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), query, receivedAt });
}

function parseFile(name: string): Extract<InboundEvent, { type: 'message' }> {
  const events = wechatAdapter.parse(post(fixtureBytes(`wechat/${name}`)), credentials).events;
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.type !== 'message') throw new Error('expected a message');
  return event;
}

const Vectors = z.object({
  published: z.array(
    z.object({
      id: z.string(),
      token: z.string(),
      timestamp: z.string(),
      nonce: z.string(),
      signature: z.string().optional(),
      msg_signature: z.string().optional(),
      app_id: z.string().optional(),
      encoding_aes_key: z.string().optional(),
      body_file: z.string().optional(),
      expected: z.string(),
    }),
  ),
  same_algorithm_wecom: z.object({
    token: z.string(),
    encoding_aes_key: z.string(),
    receive_id: z.string(),
    vectors: z.array(
      z.object({
        id: z.string(),
        timestamp: z.string(),
        nonce: z.string(),
        msg_signature: z.string(),
        echostr_encrypted: z.string().optional(),
        echostr_plain: z.string().optional(),
        encrypt: z.string().optional(),
        decrypted: z.string().optional(),
        expected: z.string(),
      }),
    ),
  }),
  computed_here: z.array(
    z.object({
      id: z.string(),
      token: z.string(),
      timestamp: z.string(),
      nonce: z.string(),
      echostr: z.string(),
      signature: z.string(),
      expected: z.string(),
    }),
  ),
  corpus_files: z.object({
    token: z.string(),
    params: z.record(z.string(), z.object({ timestamp: z.string(), nonce: z.string(), signature: z.string() })),
  }),
});
const vectors = Vectors.parse(fixtureJson('wechat/signature_vectors.json'));

describe('WeChat webhook signatures (published vectors)', () => {
  for (const v of vectors.published) {
    const valid = v.expected === 'valid';
    it(`vector ${v.id} is ${valid ? 'accepted' : 'refused with 401'}`, () => {
      const creds: WechatCredentials = {
        appId: v.app_id ?? credentials.appId,
        appSecret: 's',
        token: v.token,
        ...(v.encoding_aes_key === undefined ? {} : { encodingAESKey: v.encoding_aes_key }),
      };
      const query: Record<string, string> = { timestamp: v.timestamp, nonce: v.nonce };
      if (v.signature !== undefined) query.signature = v.signature;
      if (v.msg_signature !== undefined) query.msg_signature = v.msg_signature;
      const body = v.body_file === undefined ? fixtureBytes('wechat/text.xml') : fixtureBytes(v.body_file);
      if (!/^\d+$/.test(v.timestamp)) {
        // The vector pins the algorithm only: a timestamp that is not a time can never be fresh.
        expect(wechatQuerySignatureHolds(query, v.token)).toBe(valid);
        expect(wechatAdapter.verify(post(body, query), creds)).toMatchObject({ ok: false, status: 401 });
        return;
      }
      const result = wechatAdapter.verify(post(body, query), creds);
      if (valid) expect(result).toEqual({ ok: true });
      else expect(result).toMatchObject({ ok: false, status: 401 });
    });
  }

  it('a safe-mode push decrypts to the message the SDK asserts', () => {
    const v = vectors.published.find((p) => p.id === 'wx-safe-easywechat');
    if (!v?.encoding_aes_key || !v.app_id || !v.msg_signature) throw new Error('vector missing');
    const creds: WechatCredentials = {
      appId: v.app_id,
      appSecret: 's',
      token: v.token,
      encodingAESKey: v.encoding_aes_key,
    };
    const req = post(fixtureBytes('wechat/encrypted_safe_mode.xml'), {
      timestamp: v.timestamp,
      nonce: v.nonce,
      msg_signature: v.msg_signature,
    });
    const parsed = wechatAdapter.parse(req, creds);
    expect(parsed.events).toEqual([
      {
        type: 'message',
        providerMessageId: '12345',
        sender: { externalId: 'asdasdasdsadasd', name: null, phone: null, username: null },
        threadKey: null,
        kind: 'text',
        text: 'hello',
        media: [],
        meta: {},
        at: 1234567898000,
        replyToken: null,
      },
    ]);
    expect(parsed.response).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' });
  });
});

describe('WeChat safe mode with the WeCom vectors (same algorithm)', () => {
  const wecom = vectors.same_algorithm_wecom;
  const creds: WechatCredentials = {
    appId: wecom.receive_id,
    appSecret: 's',
    token: wecom.token,
    encodingAESKey: wecom.encoding_aes_key,
  };

  for (const v of wecom.vectors.filter((x) => x.echostr_encrypted !== undefined)) {
    it(`URL verification ${v.id} ${v.expected === 'valid' ? 'answers the decrypted echostr' : 'is refused with 403'}`, () => {
      const req = webhookRequest({
        method: 'GET',
        rawBody: Buffer.alloc(0),
        query: {
          msg_signature: v.msg_signature,
          timestamp: v.timestamp,
          nonce: v.nonce,
          echostr: v.echostr_encrypted ?? '',
        },
        receivedAt: Number(v.timestamp) * 1000,
      });
      const answer = wechatAdapter.handshake(req, creds);
      if (v.expected === 'valid') expect(answer).toMatchObject({ status: 200, body: v.echostr_plain });
      else expect(answer).toMatchObject({ status: 403 });
    });
  }

  it('an encrypted message verifies and parses with its 19-digit MsgId intact', () => {
    const v = wecom.vectors.find((x) => x.id === 'wecom-decrypt');
    if (!v?.encrypt) throw new Error('vector missing');
    const body = `<xml><ToUserName><![CDATA[${wecom.receive_id}]]></ToUserName><Encrypt><![CDATA[${v.encrypt}]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>`;
    const req = post(body, { msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce });
    expect(wechatAdapter.verify(req, creds)).toEqual({ ok: true });
    const [event] = wechatAdapter.parse(req, creds).events;
    expect(event).toMatchObject({
      providerMessageId: '4363689963896700987',
      text: 'test',
      sender: { externalId: 'messense' },
    });
  });
});

describe('WeChat URL verification and corpus pushes', () => {
  for (const v of vectors.computed_here) {
    it(`GET check ${v.id} ${v.expected === 'valid' ? 'echoes echostr' : 'is refused with 403'}`, () => {
      const req = webhookRequest({
        method: 'GET',
        rawBody: Buffer.alloc(0),
        query: { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr },
        receivedAt: Number(v.timestamp) * 1000,
      });
      const answer = wechatAdapter.handshake(req, { ...credentials, token: v.token });
      if (v.expected === 'valid')
        expect(answer).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: v.echostr });
      else expect(answer).toMatchObject({ status: 403 });
    });
  }

  it('a POST is not a handshake', () => {
    expect(wechatAdapter.handshake(post('<xml/>'), credentials)).toBeNull();
  });

  for (const [file, params] of Object.entries(vectors.corpus_files.params)) {
    it(`the signed corpus push ${file} verifies and becomes one event fitting the message schema`, () => {
      const req = post(fixtureBytes(`wechat/${file}`), params);
      expect(wechatAdapter.verify(req, { ...credentials, token: vectors.corpus_files.token })).toEqual({ ok: true });
      const [event] = wechatAdapter.parse(req, credentials).events;
      expect(event?.type === 'message' && MessageMeta.safeParse(event.meta).success).toBe(true);
    });
  }

  it('every plain XML file in the corpus is covered by a signed case', () => {
    const plain = payloadFiles('wechat', '.xml').filter((f) => !f.startsWith('encrypted_'));
    expect(Object.keys(vectors.corpus_files.params).sort()).toEqual(plain);
  });

  it('a push without a signature, or signed with another token, is refused', () => {
    expect(wechatAdapter.verify(post(fixtureBytes('wechat/text.xml'), {}), credentials)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(
      wechatAdapter.verify(post(fixtureBytes('wechat/text.xml')), { ...credentials, token: 'other' }),
    ).toMatchObject({
      ok: false,
      status: 401,
    });
  });
});

describe('WeChat messages as an agent sees them', () => {
  it('a text keeps its words, the openid and the MsgId', () => {
    expect(parseFile('text.xml')).toMatchObject({
      providerMessageId: '1234567890123456',
      kind: 'text',
      text: 'this is a test',
      sender: { externalId: 'fromUser' },
      at: 1348831860000,
    });
  });

  it('image, voice and video are fetched later by MediaId', () => {
    expect(parseFile('image.xml')).toMatchObject({
      kind: 'image',
      media: [{ ref: 'media_id', mimeType: 'image/jpeg' }],
    });
    expect(parseFile('voice.xml')).toMatchObject({
      kind: 'voice',
      text: null,
      media: [{ ref: 'media_id', mimeType: 'audio/amr' }],
    });
    expect(parseFile('video.xml')).toMatchObject({
      kind: 'video',
      media: [{ ref: 'media_id', mimeType: 'video/mp4' }],
    });
  });

  it('a location keeps its label; an empty label is left out', () => {
    expect(parseFile('location.xml').meta.location).toEqual({
      latitude: 23.134521,
      longitude: 113.358803,
      name: '位置信息',
    });
    const webot = parseFile('location_node_webot.xml');
    expect(webot.meta.location).toEqual({ latitude: 30.283878, longitude: 120.06337 });
    expect(webot.providerMessageId).toBe('5850440872586764820');
  });

  it('a shared link shows its title, description and URL', () => {
    expect(parseFile('link.xml')).toMatchObject({ kind: 'text', text: '公众平台官网链接\n公众平台官网链接\nurl' });
  });

  it('follow, unfollow, QR scans, location reports and menu taps are events with their details', () => {
    expect(parseFile('event_subscribe.xml')).toMatchObject({
      providerMessageId: 'FromUser:123456789:subscribe',
      kind: 'event',
      meta: { event: { name: 'subscribe' } },
    });
    expect(parseFile('event_subscribe_qrscene.xml').meta.event).toEqual({
      name: 'subscribe',
      detail: 'qrscene_123123',
    });
    expect(parseFile('event_unsubscribe.xml').meta.event).toEqual({ name: 'unsubscribe' });
    expect(parseFile('event_scan.xml').meta.event).toEqual({ name: 'scan', detail: 'SCENE_VALUE' });
    expect(parseFile('event_location.xml').meta).toEqual({
      event: { name: 'location_report' },
      location: { latitude: 23.137466, longitude: 113.352425 },
    });
    expect(parseFile('event_click.xml').meta.event).toEqual({ name: 'menu_click', detail: 'EVENTKEY' });
    expect(parseFile('event_view.xml').meta.event).toEqual({ name: 'menu_view', detail: 'www.qq.com' });
  });

  it('WeChat is told "success" so it does not retry', () => {
    expect(wechatAdapter.parse(post(fixtureBytes('wechat/text.xml')), credentials).response?.body).toBe('success');
  });

  it('an unknown message type or event is kept as unsupported with its type', () => {
    const head = '<xml><ToUserName>t</ToUserName><FromUserName>o1</FromUserName><CreateTime>1700000000</CreateTime>';
    const [mini] = wechatAdapter.parse(
      post(`${head}<MsgType>miniprogrampage</MsgType><MsgId>77</MsgId></xml>`),
      credentials,
    ).events;
    expect(mini).toMatchObject({
      kind: 'unsupported',
      providerMessageId: '77',
      meta: { providerType: 'miniprogrampage' },
    });
    const [job] = wechatAdapter.parse(
      post(`${head}<MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event></xml>`),
      credentials,
    ).events;
    expect(job).toMatchObject({ kind: 'unsupported', meta: { providerType: 'event:TEMPLATESENDJOBFINISH' } });
  });

  it('a voice message with speech recognition shows what WeChat heard', () => {
    const body =
      '<xml><ToUserName>t</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType>' +
      '<MediaId>m</MediaId><Format>speex</Format><Recognition><![CDATA[你好]]></Recognition><MsgId>9</MsgId></xml>';
    const [event] = wechatAdapter.parse(post(body), credentials).events;
    expect(event).toMatchObject({ kind: 'voice', text: '你好', media: [{ mimeType: 'audio/speex' }] });
  });
});

describe('WeChat safe mode with our own key', () => {
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const safe: WechatCredentials = { ...credentials, encodingAESKey: key };
  const inner =
    '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oCustomer]]></FromUserName>' +
    '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[荷物が届きません]]></Content><MsgId>42</MsgId></xml>';

  /** The ciphertext with its first character replaced by a different one. */
  function tampered(encrypted: string): string {
    return `${encrypted.startsWith('A') ? 'B' : 'A'}${encrypted.slice(1)}`;
  }

  function encryptedRequest(appId: string, tamper = false): WebhookRequest {
    const encrypted = encryptWechatMessage(inner, key, appId, Buffer.alloc(16, 7));
    const query = {
      timestamp: '1700000000',
      nonce: 'n1',
      msg_signature: wechatSignature([safe.token, '1700000000', 'n1', encrypted]),
    };
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${tamper ? tampered(encrypted) : encrypted}]]></Encrypt></xml>`;
    return post(body, query);
  }

  it('an encrypted push for our AppID verifies and reads as the customer wrote it', () => {
    const req = encryptedRequest(safe.appId);
    expect(wechatAdapter.verify(req, safe)).toEqual({ ok: true });
    expect(wechatAdapter.parse(req, safe).events[0]).toMatchObject({
      text: '荷物が届きません',
      sender: { externalId: 'oCustomer' },
    });
  });

  it('an encrypted push for another AppID or with a changed ciphertext is refused', () => {
    expect(wechatAdapter.verify(encryptedRequest('wxsomeoneelse'), safe)).toMatchObject({ ok: false, status: 401 });
    expect(wechatAdapter.verify(encryptedRequest(safe.appId, true), safe)).toMatchObject({ ok: false, status: 401 });
  });

  it('a safe-mode request whose body has no Encrypt element is refused', () => {
    const req = post(fixtureBytes('wechat/text.xml'), { timestamp: '1', nonce: '2', msg_signature: 'x' });
    expect(wechatAdapter.verify(req, safe)).toMatchObject({ ok: false, status: 401 });
  });

  it('an encrypted push to a channel without an EncodingAESKey is refused as unreadable', () => {
    expect(() => wechatAdapter.parse(encryptedRequest(safe.appId), credentials)).toThrowError(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('malformed WeChat pushes', () => {
  const bodies = [
    'not xml at all <',
    '{"json": true}',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml><FromUserName>&a;</FromUserName></xml>',
    '<xml><ToUserName>t</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>',
    '<xml><ToUserName>t</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType></xml>',
  ];
  for (const body of bodies) {
    it(`"${body.slice(0, 40)}…" is refused as invalid`, () => {
      expect(() => wechatAdapter.parse(post(body), credentials)).toThrowError(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    });
  }
});
