import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { HOUR_MS } from '../../../src/shared/channel-rules.js';
import { lineHeaders, startHarness, waitFor, type AgentSession, type Harness } from './harness.js';

const LINE = { channelSecret: 'line-secret', channelAccessToken: 'line-access' };
const WX = { appId: 'wx1234567890abcdef', appSecret: 'wx-secret', token: 'wx-token' };

let h: Harness;
let agent: AgentSession;
let line: Channel;
let wechat: Channel;

beforeAll(async () => {
  h = await startHarness();
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  wechat = await h.createChannel('wechat', { ...WX, apiBaseUrl: h.fake.baseUrlFor('wechat') });
  agent = await h.linkedAgent(line.id, wechat.id);
});
afterAll(async () => h.stop());

async function reply(conversationId: string, text: string) {
  return agent.send('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text });
}

function lineText(id: string, text: string, at: number, replyToken: string): string {
  return JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: at,
        webhookEventId: `01H${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken,
        source: { type: 'user', userId: 'U0123456789abcdef0123456789abcdef' },
        message: { id, type: 'text', text },
      },
    ],
  });
}

function wechatPost(xml: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = createHash('sha1').update([WX.token, timestamp, nonce].sort().join('')).digest('hex');
  return h.webhook(
    wechat.id,
    xml,
    { 'content-type': 'text/xml' },
    `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=oUser1`,
  );
}

function wechatText(msgId: string, text: string, atMs: number): string {
  return `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>${Math.floor(atMs / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId></xml>`;
}

describe('LINE', () => {
  it('an answer within the reply-token lifetime uses the reply API, a later one is pushed', async () => {
    const body = lineText('900001', '注文をキャンセルしたいです', Date.now(), 'token-fresh-1');
    const res = await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
    expect(res.status).toBe(200);
    const inbound = await waitFor('LINE message', () => agent.message((m) => m.providerMessageId === '900001'));
    expect((await reply(inbound.conversationId, 'かしこまりました。')).ok).toBe(true);
    const replied = await h.fake.state.waitForCall('line', (c) => c.path === '/v2/bot/message/reply');
    expect(replied.json).toMatchObject({
      replyToken: 'token-fresh-1',
      messages: [{ type: 'text', text: 'かしこまりました。' }],
    });

    const old = lineText('900002', 'もう一つ質問です', Date.now() - 10 * 60 * 1000, 'token-stale-2');
    await h.webhook(line.id, old, lineHeaders(LINE.channelSecret, old));
    await waitFor('second LINE message', () => agent.message((m) => m.providerMessageId === '900002'));
    expect((await reply(inbound.conversationId, 'どうぞ。')).ok).toBe(true);
    const pushed = await h.fake.state.waitForCall('line', (c) => c.path === '/v2/bot/message/push');
    expect(pushed.json).toMatchObject({
      to: 'U0123456789abcdef0123456789abcdef',
      messages: [{ type: 'text', text: 'どうぞ。' }],
    });
  });

  it('a LINE webhook with a bad signature is refused and stores nothing', async () => {
    const body = lineText('900003', 'forged', Date.now(), 'token-x');
    const res = await h.webhook(line.id, body, lineHeaders('not-the-secret', body));
    expect(res.status).toBe(401);
    expect(await h.hub.store.messages.findByProviderId(line.id, '900003')).toBeNull();
  });
});

describe('WeChat', () => {
  it('a signed text push appears, is answered "success", and the reply goes through the customer-service API', async () => {
    const res = await wechatPost(wechatText('6100000000000000001', '你好，我想查询订单', Date.now()));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('success');
    const inbound = await waitFor('WeChat message', () =>
      agent.message((m) => m.providerMessageId === '6100000000000000001'),
    );
    expect(inbound.text).toBe('你好，我想查询订单');
    expect((await reply(inbound.conversationId, '您好，请提供订单号。')).ok).toBe(true);
    const sent = await h.fake.state.waitForCall('wechat', (c) => c.path === '/cgi-bin/message/custom/send');
    expect(sent.json).toMatchObject({ touser: 'oUser1', msgtype: 'text', text: { content: '您好，请提供订单号。' } });
  });

  it('after 48 hours of silence nothing can be sent on WeChat', async () => {
    const res = await wechatPost(
      wechatText('6100000000000000002', '还在吗', Date.now() - 49 * HOUR_MS).replace('oUser1', 'oUser2'),
    );
    expect(res.status).toBe(200);
    const inbound = await waitFor('old WeChat message', () =>
      agent.message((m) => m.providerMessageId === '6100000000000000002'),
    );
    expect(await reply(inbound.conversationId, 'hello?')).toMatchObject({
      ok: false,
      error: { code: 'SESSION_WINDOW_CLOSED_NO_SEND' },
    });
  });

  it('a WeChat push with a wrong signature is refused', async () => {
    const res = await h.webhook(
      wechat.id,
      wechatText('6100000000000000003', 'x', Date.now()),
      { 'content-type': 'text/xml' },
      '?signature=bad&timestamp=1&nonce=2',
    );
    expect([401, 403]).toContain(res.status);
    expect(await h.hub.store.messages.findByProviderId(wechat.id, '6100000000000000003')).toBeNull();
  });
});

describe('LINE reply tokens', () => {
  it('a reply token is used once: a second quick answer is pushed', async () => {
    const body = lineText('900101', '配送状況を教えてください', Date.now(), 'token-once-1');
    await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
    const inbound = await waitFor('LINE message', () => agent.message((m) => m.providerMessageId === '900101'));
    const before = h.fake.state.callsTo('line').length;
    expect((await reply(inbound.conversationId, '確認します。')).ok).toBe(true);
    await h.fake.state.waitForCall(
      'line',
      (c) => c.path === '/v2/bot/message/reply' && JSON.stringify(c.json).includes('token-once-1'),
    );
    expect((await reply(inbound.conversationId, '明日お届けします。')).ok).toBe(true);
    const pushed = await h.fake.state.waitForCall(
      'line',
      (c) => c.path === '/v2/bot/message/push' && JSON.stringify(c.json).includes('明日お届けします。'),
    );
    expect(pushed.json).toMatchObject({ messages: [{ type: 'text', text: '明日お届けします。' }] });
    const replies = h.fake.state
      .callsTo('line')
      .slice(before)
      .filter((c) => c.path === '/v2/bot/message/reply');
    expect(replies).toHaveLength(1);
  });
});
