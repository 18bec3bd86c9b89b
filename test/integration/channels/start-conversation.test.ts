/**
 * Agents writing first (POST /api/conversations): a real hub with the provider side and the fake
 * providers. WhatsApp (Cloud and Twilio) reaches a number only with an approved template, charged as a
 * business-initiated conversation; Telegram, LINE and WeChat only customers who wrote before, within
 * what each provider allows.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../src/shared/channel-rules.js';
import { Channel, Template, type Channel as ChannelT } from '../../../src/shared/domain.js';
import { StartConversationResult } from '../../../src/shared/outreach.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';
import {
  lineHeaders,
  startHarness,
  twilioHeaders,
  waitFor,
  whatsappHeaders,
  type AgentSession,
  type Harness,
} from './harness.js';
import { LINE, TW, WA, twilioInbound, whatsappText } from './provider-bodies.js';

const TG = { botToken: '123456:ABCdef', secretToken: 'tg-secret_1' };
const WX = { appId: 'wx1234567890abcdef', appSecret: 'wx-secret', token: 'wx-token' };

let h: Harness;
let agent: AgentSession;
let wa: ChannelT;
let tw: ChannelT;
let tg: ChannelT;
let line: ChannelT;
let wechat: ChannelT;

beforeAll(async () => {
  h = await startHarness();
  wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') }, { country: 'JP' });
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') }, { country: 'JP' });
  tg = await h.createChannel('telegram', { ...TG, apiBaseUrl: h.fake.baseUrlFor('telegram') });
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  wechat = await h.createChannel('wechat', { ...WX, apiBaseUrl: h.fake.baseUrlFor('wechat') });
  agent = await h.linkedAgent(wa.id, tw.id, tg.id, line.id, wechat.id);
});
afterAll(async () => h.stop());

const start = (body: Record<string, unknown>) =>
  h.api('POST', '/api/conversations', { clientId: randomUUID(), ...body }, agent.token);

async function started(body: Record<string, unknown>): Promise<StartConversationResult> {
  const res = await start(body);
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`start refused: ${res.status} ${text}`);
  return StartConversationResult.parse(JSON.parse(text));
}

async function refusal(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

async function balanceOf(channelId: string): Promise<number> {
  const channel = Channel.parse(await h.json('GET', `/api/channels/${channelId}`, undefined, h.adminToken));
  return channel.credits?.balance ?? 0;
}

describe('writing first on WhatsApp Cloud', () => {
  it('a template to a new number typed with a national 0 and dashes reaches Meta as a template, is charged and assigned to the agent', async () => {
    const template = await approvedWhatsappTemplate(h.hub, wa.id, {
      name: 'first_contact',
      body: '{{1}}様、ご予約 {{2}} の件でご連絡しました。',
      placeholders: ['contact.name', 'custom'],
      category: 'marketing',
    });
    await h.json('POST', `/api/channels/${wa.id}/credits/top-up`, { amount: 10 }, h.adminToken);
    const before = await balanceOf(wa.id);
    const result = await started({
      channelId: wa.id,
      to: { phone: '090-1234-5678' },
      kind: 'template',
      template: { templateId: template.id, params: ['山田', 'A-77'] },
    });
    expect(result.createdContact).toBe(true);
    expect(result.createdConversation).toBe(true);
    expect(result.contact.identity).toMatchObject({ externalId: '819012345678', phone: '+819012345678' });
    expect(result.conversation).toMatchObject({ status: 'open', assigneeId: agent.agentId, channelId: wa.id });
    expect(result.message).toMatchObject({ kind: 'template', text: '山田様、ご予約 A-77 の件でご連絡しました。' });

    const call = await h.fake.state.waitForCall('whatsapp', (c) => JSON.stringify(c.json).includes('first_contact'));
    expect(call.json).toMatchObject({
      messaging_product: 'whatsapp',
      to: '819012345678',
      type: 'template',
      template: {
        name: 'first_contact',
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: '山田' },
              { type: 'text', text: 'A-77' },
            ],
          },
        ],
      },
    });
    await waitFor('the template sent', () => agent.message((m) => m.id === result.message.id && m.state === 'sent'));
    expect(await balanceOf(wa.id)).toBe(before - 3);
    // The agents' clients hear of the new contact and conversation through the event log.
    expect(agent.events.some((e) => e.type === 'contact.upsert' && e.contact.id === result.contact.id)).toBe(true);
    expect(
      agent.events.some((e) => e.type === 'conversation.upsert' && e.conversation.id === result.conversation.id),
    ).toBe(true);
  });

  it('the same number typed another way is the same contact and its open conversation, never a second one', async () => {
    const template = await approvedWhatsappTemplate(h.hub, wa.id, { name: 'second_try', body: 'Hello again.' });
    const first = await started({
      channelId: wa.id,
      to: { phone: '+81 80 5555 0001' },
      kind: 'template',
      template: { templateId: template.id, params: [] },
    });
    const again = await started({
      channelId: wa.id,
      to: { phone: '0081-80-5555-0001' },
      kind: 'template',
      template: { templateId: template.id, params: [] },
    });
    expect(again.contact.id).toBe(first.contact.id);
    expect(again.conversation.id).toBe(first.conversation.id);
    expect(again).toMatchObject({ createdContact: false, createdConversation: false });
  });

  it('a customer who wrote before is found by their number, and inside their window free text may go first', async () => {
    const body = whatsappText('819033334444', 'wamid.OUTREACH1', 'こんにちは', Date.now() - HOUR_MS);
    expect((await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body))).status).toBe(200);
    const inbound = await waitFor('inbound', () => agent.message((m) => m.providerMessageId === 'wamid.OUTREACH1'));
    const result = await started({
      channelId: wa.id,
      to: { phone: '090 3333 4444' },
      kind: 'text',
      text: 'お待たせしました',
    });
    expect(result.conversation.id).toBe(inbound.conversationId);
    expect(result.createdContact).toBe(false);
    await h.fake.state.waitForCall('whatsapp', (c) => JSON.stringify(c.json).includes('お待たせしました'));
  });

  it('free text to a new number is refused and nothing is stored', async () => {
    const contactsBefore = await h.hub.store.contacts.count([wa.id]);
    const res = await start({ channelId: wa.id, to: { phone: '090-7777-0000' }, kind: 'text', text: 'Hi there' });
    expect(await refusal(res)).toMatchObject({ status: 422, code: 'FIRST_MESSAGE_NEEDS_TEMPLATE' });
    expect(await h.hub.store.contacts.count([wa.id])).toBe(contactsBefore);
    expect(await h.hub.store.contacts.findBySender(wa.id, '819077770000', '')).toBeNull();
  });

  it('a template Meta has not approved is refused and leaves no contact behind', async () => {
    await h.hub.services.templateSync.applyListing(
      wa.id,
      {
        templates: [
          {
            providerTemplateId: '1399000000000001',
            name: 'not_yet',
            language: 'ja',
            category: 'utility',
            status: 'pending',
            rejectionReason: null,
            body: 'Pending body',
            placeholderCount: 0,
            examples: [],
            header: null,
            footer: null,
            buttons: [],
          },
        ],
        unsupported: [],
      },
      null,
    );
    const pending = await h.hub.store.templates.findByProviderId(wa.id, '1399000000000001');
    const res = await start({
      channelId: wa.id,
      to: { phone: '090-7777-0001' },
      kind: 'template',
      template: { templateId: pending?.id, params: [] },
    });
    expect(await refusal(res)).toMatchObject({ status: 422, code: 'TEMPLATE_NOT_APPROVED' });
    expect(await h.hub.store.contacts.findBySender(wa.id, '819077770001', '')).toBeNull();
  });

  it('a number that cannot be one is refused in words', async () => {
    const res = await start({ channelId: wa.id, to: { phone: '090-12' }, kind: 'text', text: 'x' });
    const refused = await refusal(res);
    expect(refused).toMatchObject({ status: 422, code: 'PHONE_NUMBER_INVALID' });
    expect(refused.message).toMatch(/phone number/);
  });

  it('an agent not linked to the channel cannot write first on it', async () => {
    const outsider = await h.linkedAgent(tg.id);
    const res = await h.api(
      'POST',
      '/api/conversations',
      { clientId: randomUUID(), channelId: wa.id, to: { phone: '+819012340000' }, kind: 'text', text: 'x' },
      outsider.token,
    );
    expect(res.status).toBe(403);
  });
});

describe('writing first on WhatsApp through Twilio', () => {
  it('an approved template reaches Twilio addressed whatsapp:+ and the normalised number', async () => {
    const created = Template.parse(
      await h.json(
        'POST',
        '/api/templates',
        {
          channelId: tw.id,
          name: 'tw_first',
          language: 'ja',
          category: 'utility',
          body: 'ご注文 {{1}} について',
          placeholders: ['custom'],
        },
        h.adminToken,
      ),
    );
    const pending = await start({
      channelId: tw.id,
      to: { phone: '090-2222-3333' },
      kind: 'template',
      template: { templateId: created.id, params: ['#9'] },
    });
    expect(await refusal(pending)).toMatchObject({ code: 'TEMPLATE_NOT_APPROVED' });
    await h.json('PATCH', `/api/templates/${created.id}`, { status: 'approved' }, h.adminToken);
    const result = await started({
      channelId: tw.id,
      to: { phone: '090-2222-3333' },
      kind: 'template',
      template: { templateId: created.id, params: ['#9'] },
    });
    expect(result.contact.identity.externalId).toBe('whatsapp:+819022223333');
    const call = await h.fake.state.waitForCall('twilio', (c) => c.form?.Body === 'ご注文 #9 について');
    expect(call.form).toMatchObject({ To: 'whatsapp:+819022223333', From: TW.from });
    // A reply from that customer joins the same contact.
    const inbound = twilioInbound('SMout0000000000000000000000000001', '+819022223333', 'はい');
    const url = `https://hub.example.com/webhooks/${tw.id}`;
    await h.webhook(tw.id, inbound.toString(), twilioHeaders(TW.authToken, url, inbound));
    const reply = await waitFor('the reply', () =>
      agent.message((m) => m.providerMessageId === 'SMout0000000000000000000000000001'),
    );
    expect(reply.conversationId).toBe(result.conversation.id);
  });

  it('free text to a new number is refused', async () => {
    const res = await start({ channelId: tw.id, to: { phone: '090-2222-4444' }, kind: 'text', text: 'hi' });
    expect(await refusal(res)).toMatchObject({ status: 422, code: 'FIRST_MESSAGE_NEEDS_TEMPLATE' });
  });
});

function telegramUpdate(updateId: number, userId: number, text: string): string {
  return JSON.stringify({
    update_id: updateId,
    message: {
      message_id: updateId,
      from: { id: userId, is_bot: false, first_name: 'Ken' },
      chat: { id: userId, type: 'private', first_name: 'Ken' },
      date: Math.floor(Date.now() / 1000) - 30 * 24 * 3600,
      text,
    },
  });
}

function lineEvent(event: Record<string, unknown>, userId: string): string {
  return JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: `01HOUT${randomUUID().slice(0, 8)}`,
        deliveryContext: { isRedelivery: false },
        source: { type: 'user', userId },
        ...event,
      },
    ],
  });
}

function wechatPost(xml: string, openid: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = createHash('sha1').update([WX.token, timestamp, nonce].sort().join('')).digest('hex');
  return h.webhook(
    wechat.id,
    xml,
    { 'content-type': 'text/xml' },
    `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${openid}`,
  );
}

const wechatText = (openid: string, msgId: string, atMs: number) =>
  `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${Math.floor(atMs / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>${msgId}</MsgId></xml>`;

async function contactOf(providerMessageId: string): Promise<string> {
  const message = await waitFor(providerMessageId, () =>
    agent.message((m) => m.providerMessageId === providerMessageId),
  );
  const conversation = await h.hub.store.conversations.findById(message.conversationId);
  return conversation?.conversation.contactId ?? '';
}

describe('writing first on Telegram, LINE and WeChat', () => {
  it('Telegram: any user who wrote to the bot, however long ago; a resolved conversation gives way to a new one', async () => {
    const res = await h.webhook(tg.id, telegramUpdate(7001, 5550001, 'hello'), {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': TG.secretToken,
    });
    expect(res.status).toBe(200);
    const contactId = await contactOf('5550001:7001');
    const old = await h.hub.store.conversations.latestOfContact(contactId);
    await agent.send('conversation.setStatus', { conversationId: old?.conversation.id, status: 'resolved' });
    const result = await started({
      channelId: tg.id,
      to: { contactId },
      kind: 'text',
      text: 'Your parcel has arrived',
    });
    expect(result.createdConversation).toBe(true);
    expect(result.conversation.id).not.toBe(old?.conversation.id);
    expect(result.conversation.assigneeId).toBe(agent.agentId);
    const call = await h.fake.state.waitForCall('telegram', (c) => JSON.stringify(c.json).includes('Your parcel'));
    expect(call.json).toMatchObject({ chat_id: '5550001' });
  });

  it('Telegram, LINE and WeChat cannot be reached by a phone number', async () => {
    const res = await start({ channelId: tg.id, to: { phone: '+819012345678' }, kind: 'text', text: 'x' });
    expect(await refusal(res)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('LINE: a follower is pushed to; one who unfollowed is refused, and following again makes it possible', async () => {
    const userId = 'U00000000000000000000000000out01';
    const follow = lineEvent({ type: 'follow', replyToken: 'rt-out-1', follow: { isUnblocked: false } }, userId);
    await h.webhook(line.id, follow, lineHeaders(LINE.channelSecret, follow));
    const text = lineEvent(
      { type: 'message', replyToken: 'rt-out-2', message: { id: '990001', type: 'text', text: 'hi' } },
      userId,
    );
    await h.webhook(line.id, text, lineHeaders(LINE.channelSecret, text));
    const contactId = await contactOf('990001');

    const pushed = await started({ channelId: line.id, to: { contactId }, kind: 'text', text: 'セールのお知らせ' });
    expect(pushed.message.state).toBe('queued');
    await h.fake.state.waitForCall('line', (c) => JSON.stringify(c.json).includes('セールのお知らせ'));

    const unfollow = lineEvent({ type: 'unfollow' }, userId);
    await h.webhook(line.id, unfollow, lineHeaders(LINE.channelSecret, unfollow));
    await waitFor(
      'unfollow stored',
      async () => (await h.hub.store.reachability.lastFollowEvent(contactId)) === 'unfollow',
    );
    const refused = await start({ channelId: line.id, to: { contactId }, kind: 'text', text: 'まだいますか' });
    expect(await refusal(refused)).toMatchObject({ status: 422, code: 'LINE_NOT_FOLLOWING' });

    const again = lineEvent({ type: 'follow', replyToken: 'rt-out-3', follow: { isUnblocked: true } }, userId);
    await h.webhook(line.id, again, lineHeaders(LINE.channelSecret, again));
    await waitFor(
      'follow stored',
      async () => (await h.hub.store.reachability.lastFollowEvent(contactId)) === 'follow',
    );
    expect((await start({ channelId: line.id, to: { contactId }, kind: 'text', text: 'おかえりなさい' })).ok).toBe(
      true,
    );
  });

  it('WeChat: within 48 hours of the customer’s last message; after that refused', async () => {
    expect(
      (await wechatPost(wechatText('oOut1', '6200000000000000001', Date.now() - 2 * HOUR_MS), 'oOut1')).status,
    ).toBe(200);
    const recent = await contactOf('6200000000000000001');
    await started({ channelId: wechat.id, to: { contactId: recent }, kind: 'text', text: '您好' });
    await h.fake.state.waitForCall(
      'wechat',
      (c) => JSON.stringify(c.json).includes('您好') && JSON.stringify(c.json).includes('oOut1'),
    );

    expect(
      (await wechatPost(wechatText('oOut2', '6200000000000000002', Date.now() - 49 * HOUR_MS), 'oOut2')).status,
    ).toBe(200);
    const silent = await contactOf('6200000000000000002');
    const res = await start({ channelId: wechat.id, to: { contactId: silent }, kind: 'text', text: '还在吗' });
    expect(await refusal(res)).toMatchObject({ status: 422, code: 'SESSION_WINDOW_CLOSED_NO_SEND' });
  });

  it('a contact of another channel is not found on this one', async () => {
    const contactId = await contactOf('6200000000000000001');
    const res = await start({ channelId: line.id, to: { contactId }, kind: 'text', text: 'x' });
    expect(res.status).toBe(404);
  });

  it('a retry with the same client id answers the first result and sends nothing twice', async () => {
    const contactId = await contactOf('5550001:7001');
    const clientId = randomUUID();
    const body = { clientId, channelId: tg.id, to: { contactId }, kind: 'text', text: 'Only once please' };
    const first = StartConversationResult.parse(await h.json('POST', '/api/conversations', body, agent.token));
    const second = StartConversationResult.parse(await h.json('POST', '/api/conversations', body, agent.token));
    expect(second.message.id).toBe(first.message.id);
    await h.fake.state.waitForCall('telegram', (c) => JSON.stringify(c.json).includes('Only once please'));
    const sends = h.fake.state.callsTo('telegram').filter((c) => JSON.stringify(c.json).includes('Only once please'));
    expect(sends).toHaveLength(1);
  });
});
