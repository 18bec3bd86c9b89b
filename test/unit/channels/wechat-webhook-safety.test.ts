/**
 * WeChat pushes the hub must refuse although they look like WeChat's: stale
 * signed timestamps, plaintext on a safe-mode channel, XML that is too deep
 * or declares entities. The signed values are the corpus's (SOURCES.md).
 */
import { describe, expect, it } from 'vitest';
import { wechatAdapter } from '../../../src/hub/channels/wechat/adapter.js';
import type { WechatCredentials } from '../../../src/hub/channels/wechat/credentials.js';
import { encryptWechatMessage, wechatSignature } from '../../../src/hub/channels/wechat/crypto.js';
import { checkWechatXmlShape } from '../../../src/hub/channels/wechat/xml.js';
import type { WebhookRequest } from '../../../src/hub/channels/types.js';
import { fixtureBytes, webhookRequest } from './fixture-request.js';

const SIGNED = { timestamp: '1735689600', nonce: '839201746', signature: '2b339bfe5a4bafc931d484b3b96f58d58df3fb9e' };
const credentials: WechatCredentials = {
  appId: 'wx0123456789abcdef',
  appSecret: 'secret',
  token: 'holdout-wechat-token',
};

/** A push arriving when the hub clock reads `receivedAt` (by default: the moment it was signed). */
function post(
  body: Buffer | string,
  query: Record<string, string> = SIGNED,
  receivedAt: number = Number(query.timestamp) * 1000,
): WebhookRequest {
  return webhookRequest({ rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), query, receivedAt });
}

describe('WeChat timestamps are judged by the hub clock', () => {
  const at = Number(SIGNED.timestamp) * 1000;
  const FIVE_MINUTES = 5 * 60_000;

  it('a push is accepted up to five minutes either side of its signed timestamp and refused beyond', () => {
    const body = fixtureBytes('wechat/text.xml');
    for (const receivedAt of [at - FIVE_MINUTES, at, at + FIVE_MINUTES])
      expect(wechatAdapter.verify(post(body, SIGNED, receivedAt), credentials)).toEqual({ ok: true });
    for (const receivedAt of [at - FIVE_MINUTES - 1000, at + FIVE_MINUTES + 1000, Date.UTC(2001, 0, 1)])
      expect(wechatAdapter.verify(post(body, SIGNED, receivedAt), credentials)).toMatchObject({
        ok: false,
        status: 401,
        reason: expect.stringContaining('timestamp'),
      });
  });

  it('the URL check with a timestamp an hour away is refused', () => {
    const query = { signature: SIGNED.signature, timestamp: SIGNED.timestamp, nonce: SIGNED.nonce, echostr: 'e' };
    const req = webhookRequest({ method: 'GET', rawBody: Buffer.alloc(0), query, receivedAt: at + 3_600_000 });
    expect(wechatAdapter.handshake(req, credentials)).toMatchObject({ status: 403 });
  });
});

describe('WeChat safe mode accepts only what msg_signature covers', () => {
  const key = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  const safe: WechatCredentials = { ...credentials, encodingAESKey: key };
  const inner =
    '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oCustomer]]></FromUserName>' +
    '<CreateTime>1735689600</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[本物]]></Content><MsgId>43</MsgId></xml>';

  it('a plaintext push signed only with signature is refused on a channel with a key', () => {
    expect(wechatAdapter.verify(post(fixtureBytes('wechat/text.xml')), safe)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('msg_signature'),
    });
  });

  it('in compatible mode the plaintext next to Encrypt is ignored: the agent sees the decrypted message', () => {
    const encrypted = encryptWechatMessage(inner, key, safe.appId);
    const body =
      '<xml><ToUserName>gh_1</ToUserName><FromUserName>oAttacker</FromUserName><CreateTime>1</CreateTime>' +
      `<MsgType>text</MsgType><Content>forged</Content><MsgId>43</MsgId><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    const query = {
      ...SIGNED,
      msg_signature: wechatSignature([safe.token, SIGNED.timestamp, SIGNED.nonce, encrypted]),
    };
    const req = post(body, query);
    expect(wechatAdapter.verify(req, safe)).toEqual({ ok: true });
    expect(wechatAdapter.parse(req, safe).events[0]).toMatchObject({
      text: '本物',
      sender: { externalId: 'oCustomer' },
    });
    // The same body with only `signature`, as a captured plaintext URL would carry it.
    expect(wechatAdapter.verify(post(body), safe)).toMatchObject({ ok: false, status: 401 });
  });

  it('a present but wrong signature refuses a safe-mode push without reading its body', () => {
    const query = { ...SIGNED, signature: '0'.repeat(40), msg_signature: 'x' };
    expect(wechatAdapter.verify(post('<xml><a><b><c><d><e><f><g><h><i><j>', query), safe)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('signature does not match'),
    });
  });
});

describe('WeChat XML is bounded before it is parsed', () => {
  const nest = (levels: number): string => `<xml>${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}</xml>`;

  it('nesting beyond eight levels is refused as invalid, however deep', () => {
    expect(() => checkWechatXmlShape(nest(7))).not.toThrow();
    for (const levels of [8, 100, 50_000])
      expect(() => wechatAdapter.parse(post(nest(levels)), credentials)).toThrowError(
        expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('deeper') }),
      );
  });

  it('a declaration outside CDATA is refused; the same words inside CDATA are the customer’s text', () => {
    const refused = ['<!doctype xml><xml/>', '<xml><!ENTITY a "b"></xml>', '<xml><!ELEMENT x ANY></xml>'];
    // A declaration cannot hide behind a CDATA section, comment or tag that never closes.
    refused.push('<xml><![CDATA[x</xml><!DOCTYPE a>', '<xml><!-- x</xml>', '<xml><a');
    for (const body of refused)
      expect(() => checkWechatXmlShape(body)).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    const head = '<xml><ToUserName>t</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>';
    const text = 'see <!DOCTYPE html> and <!ENTITY x>';
    const [event] = wechatAdapter.parse(
      post(`${head}<MsgType>text</MsgType><Content><![CDATA[${text}]]></Content><MsgId>5</MsgId></xml>`),
      credentials,
    ).events;
    expect(event).toMatchObject({ kind: 'text', text });
  });
});
