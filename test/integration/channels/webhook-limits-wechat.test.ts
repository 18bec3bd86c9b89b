/**
 * WeChat pushes against a real hub: the query signature is checked before the
 * body is touched, XML is bounded before it is parsed, safe mode accepts only
 * what `msg_signature` covers, and every signed timestamp must be within five
 * minutes of the hub's clock (moved by the test).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptWechatMessage } from '../../../src/hub/channels/wechat/crypto.js';
import { errorOf, rawRequest, startLimitsHub, type LimitsHub } from './webhook-limits-client.js';

const KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aQ';
const MINUTE = 60_000;

let t: LimitsHub;
let plain: { id: string; token: string };
let safe: { id: string; token: string; appId: string };

beforeAll(async () => {
  t = await startLimitsHub();
  const p = await t.channel('wechat');
  plain = { id: p.id, token: String(p.credentials.token) };
  const s = await t.channel('wechat', { encodingAESKey: KEY });
  safe = { id: s.id, token: String(s.credentials.token), appId: String(s.credentials.appId) };
});
afterAll(async () => t.stop());

const sha1 = (parts: string[]): string => createHash('sha1').update(parts.sort().join('')).digest('hex');
const seconds = (ms: number): string => String(Math.floor(ms / 1000));

/** The query WeChat adds in plain mode, signed at `atMs`. */
function plainQuery(token: string, atMs: number, nonce = 'n0nce'): string {
  const timestamp = seconds(atMs);
  return `?signature=${sha1([token, timestamp, nonce])}&timestamp=${timestamp}&nonce=${nonce}&openid=oUser1`;
}

/** The query WeChat adds in safe and compatible mode: `msg_signature` also covers the Encrypt value. */
function safeQuery(token: string, atMs: number, encrypted: string, nonce = 'n0nce'): string {
  const timestamp = seconds(atMs);
  const signature = sha1([token, timestamp, nonce]);
  const msgSignature = sha1([token, timestamp, nonce, encrypted]);
  return `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=oUser1&encrypt_type=aes&msg_signature=${msgSignature}`;
}

function textXml(msgId: string, from: string, text: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
    `<CreateTime>${seconds(t.hub.clock.now())}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId></xml>`
  );
}

function push(channelId: string, query: string, body: string) {
  return rawRequest(t.webhookUrl(channelId, query), { headers: { 'content-type': 'text/xml' }, body });
}

const stored = async (channelId: string, msgId: string) =>
  await t.hub.hub.store.messages.findByProviderId(channelId, msgId);

const deep = (levels: number): string => `<xml>${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}</xml>`;

describe('WeChat: what can be checked from the query comes first', () => {
  it('a forged or stale query is refused 401 before the body is read as XML, even XML that would break the parser', async () => {
    const now = seconds(t.hub.clock.now());
    const queries = [`?signature=0&timestamp=${now}&nonce=2`, '?signature=0&msg_signature=0&timestamp=1&nonce=2'];
    for (const channelId of [plain.id, safe.id])
      for (const query of queries)
        for (const body of [deep(10_000), '<xml><Encrypt>', '<!DOCTYPE x [<!ENTITY a "b">]><xml/>']) {
          const answer = await push(channelId, query, body);
          expect(answer.status).toBe(401);
          expect(errorOf(answer).code).toBe('SIGNATURE_INVALID');
        }
  });

  it('hostile or malformed XML in a signed push is refused 400 with our error body, never 500', async () => {
    const bodies = [
      deep(200),
      deep(12),
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>',
      '<!doctype xml><xml/>',
      '<xml><!ENTITY a "b"><Content>x</Content></xml>',
      '<xml><Content>x</Other></xml>',
      '<xml><Content><![CDATA[never closed</Content></xml>',
      '<xml><!-- never closed <Content>x</Content></xml>',
      'not xml at all <',
      '{"json": true}',
    ];
    for (const body of bodies) {
      const answer = await push(plain.id, plainQuery(plain.token, t.hub.clock.now()), body);
      expect({ body: body.slice(0, 40), status: answer.status }).toEqual({ body: body.slice(0, 40), status: 400 });
      expect(errorOf(answer).code).toBe('VALIDATION_FAILED');
    }
  });

  it('a customer who writes "<!DOCTYPE" or "<!ENTITY" inside a message still reaches the agent', async () => {
    const text = 'Why does my page show <!DOCTYPE html> and <!ENTITY nbsp>?';
    const answer = await push(
      plain.id,
      plainQuery(plain.token, t.hub.clock.now()),
      textXml('6100000000000000101', 'oUser1', text),
    );
    expect(answer.status).toBe(200);
    expect((await stored(plain.id, '6100000000000000101'))?.message.text).toBe(text);
  });
});

describe('WeChat: signed timestamps are judged by the hub clock (±5 minutes)', () => {
  it('a push signed in 2001 is refused; one signed four minutes ago is delivered', async () => {
    const old = await push(
      plain.id,
      plainQuery(plain.token, Date.UTC(2001, 0, 1)),
      textXml('6100000000000000201', 'oUser1', 'from 2001'),
    );
    expect(old.status).toBe(401);
    expect(errorOf(old).message).toMatch(/timestamp/);
    const recent = await push(
      plain.id,
      plainQuery(plain.token, t.hub.clock.now() - 4 * MINUTE),
      textXml('6100000000000000202', 'oUser1', 'four minutes ago'),
    );
    expect(recent.status).toBe(200);
    expect(await stored(plain.id, '6100000000000000201')).toBeNull();
  });

  it('a captured signed URL stops working once the hub clock is six minutes past it', async () => {
    const query = plainQuery(plain.token, t.hub.clock.now());
    expect((await push(plain.id, query, textXml('6100000000000000301', 'oUser1', 'now'))).status).toBe(200);
    t.hub.clock.advance(6 * MINUTE);
    const replay = await push(plain.id, query, textXml('6100000000000000302', 'oUser1', 'injected'));
    expect(replay.status).toBe(401);
    expect(await stored(plain.id, '6100000000000000302')).toBeNull();
  });

  it('the URL check with a stale timestamp is refused 403 in our error body', async () => {
    const timestamp = seconds(t.hub.clock.now() - 10 * MINUTE);
    const signature = sha1([plain.token, timestamp, 'n']);
    const answer = await rawRequest(
      t.webhookUrl(plain.id, `?signature=${signature}&timestamp=${timestamp}&nonce=n&echostr=hello`),
      { method: 'GET' },
    );
    expect(answer.status).toBe(403);
    expect(errorOf(answer).code).toBe('SIGNATURE_INVALID');
  });
});

describe('WeChat safe mode means safe', () => {
  const inner = (msgId: string, text: string): string => textXml(msgId, 'oCustomer', text);
  const encrypted = (xml: string): string => encryptWechatMessage(xml, KEY, safe.appId);

  it('a plaintext push signed only with `signature` is refused on a safe-mode channel', async () => {
    const answer = await push(
      safe.id,
      plainQuery(safe.token, t.hub.clock.now()),
      inner('6100000000000000401', 'injected'),
    );
    expect(answer.status).toBe(401);
    expect(errorOf(answer).message).toMatch(/msg_signature/);
    expect(await stored(safe.id, '6100000000000000401')).toBeNull();
  });

  it('an Encrypt without msg_signature is refused even when it decrypts; with it, only the decrypted part is stored', async () => {
    const secret = encrypted(inner('6100000000000000402', '荷物が届きません'));
    // Compatible mode sends plaintext fields next to Encrypt; nothing vouches for them.
    const body =
      `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oAttacker]]></FromUserName>` +
      `<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[injected]]></Content>` +
      `<MsgId>6100000000000000402</MsgId><Encrypt><![CDATA[${secret}]]></Encrypt></xml>`;
    const unsigned = await push(safe.id, plainQuery(safe.token, t.hub.clock.now()), body);
    expect(unsigned.status).toBe(401);
    expect(await stored(safe.id, '6100000000000000402')).toBeNull();

    const signed = await push(safe.id, safeQuery(safe.token, t.hub.clock.now(), secret), body);
    expect(signed.status).toBe(200);
    const message = await stored(safe.id, '6100000000000000402');
    expect(message?.message.text).toBe('荷物が届きません');
  });

  it('a properly encrypted push signed in 2001 is refused', async () => {
    const secret = encrypted(inner('6100000000000000403', 'old'));
    const body = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[${secret}]]></Encrypt></xml>`;
    const answer = await push(safe.id, safeQuery(safe.token, Date.UTC(2001, 0, 1), secret), body);
    expect(answer.status).toBe(401);
    expect(await stored(safe.id, '6100000000000000403')).toBeNull();
  });
});
