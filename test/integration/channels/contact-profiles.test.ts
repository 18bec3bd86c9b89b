/**
 * Names for LINE and WeChat customers (issue 13 §3): the hub asks the provider for a new sender's
 * profile after answering the webhook, keeps a name an agent set by hand over a refresh, and an agent
 * renames a contact or keeps notes on it only with `update` on a channel it is linked to.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, Contact, type Channel } from '../../../src/shared/domain.js';
import { setLineProfile } from '../../../src/fake-provider/line.js';
import { setWechatUser } from '../../../src/fake-provider/wechat.js';
import { lineHeaders, startHarness, waitFor, whatsappHeaders, type AgentSession, type Harness } from './harness.js';
import { WA, whatsappText, lineTextBody } from './provider-bodies.js';

const LINE = { channelSecret: 'line-secret', channelAccessToken: 'line-access' };
const WX = { appId: 'wx1234567890abcdef', appSecret: 'wx-secret', token: 'wx-token' };
const DAY_MS = 24 * 60 * 60 * 1000;

let h: Harness;
let agent: AgentSession;
let line: Channel;
let wechat: Channel;
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  wechat = await h.createChannel('wechat', { ...WX, apiBaseUrl: h.fake.baseUrlFor('wechat') });
  agent = await h.linkedAgent(line.id, wechat.id);
});
afterAll(async () => h.stop());

async function lineMessage(userId: string, text: string): Promise<void> {
  seq += 1;
  const id = `77${String(seq).padStart(6, '0')}`;
  const body = lineTextBody(userId, id, text);
  const res = await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
  expect(res.status).toBe(200);
  await waitFor('LINE message', () => agent.message((m) => m.providerMessageId === id));
}

async function wechatMessage(openid: string, text: string): Promise<void> {
  seq += 1;
  const msgId = `2400000000${seq}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = createHash('sha1').update([WX.token, timestamp, nonce].sort().join('')).digest('hex');
  const xml = `<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const res = await h.webhook(
    wechat.id,
    xml,
    { 'content-type': 'text/xml' },
    `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${openid}`,
  );
  expect(res.status).toBe(200);
  await waitFor('WeChat message', () => agent.message((m) => m.providerMessageId === msgId));
}

/** The contact's latest snapshot among the agent's live events. */
function contactOf(session: AgentSession, externalId: string): Contact | undefined {
  for (let i = session.events.length - 1; i >= 0; i -= 1) {
    const e = session.events[i];
    if (e?.type === 'contact.upsert' && e.contact.identity.externalId === externalId) return e.contact;
  }
  return undefined;
}

function profileCalls(kind: 'line' | 'wechat', id: string): number {
  return h.fake.state.calls.filter(
    (c) =>
      c.kind === kind &&
      (kind === 'line' ? c.path === `/v2/bot/profile/${id}` : c.path === '/cgi-bin/user/info' && c.query.openid === id),
  ).length;
}

async function patchContact(id: string, body: unknown, token: string): Promise<Response> {
  return h.api('PATCH', `/api/contacts/${id}`, body, token);
}

describe('profile lookup', () => {
  it("a new LINE customer gets LINE's display name", async () => {
    const userId = 'U4af0000000000000000000000000001';
    setLineProfile(h.fake.state, {
      userId,
      displayName: '佐藤 花子',
      pictureUrl: 'https://profile.line-scdn.net/0hFakePicture',
      statusMessage: 'こんにちは',
      language: 'ja',
    });
    await lineMessage(userId, '予約の変更をお願いします');
    const named = await waitFor('the LINE name', async () => (await contactOf(agent, userId))?.name === '佐藤 花子');
    expect(named).toBe(true);
    expect(profileCalls('line', userId)).toBe(1);
  });

  it('a LINE user who has not added the bot (404) keeps the id, and is not asked again on the next message', async () => {
    const userId = 'U4af00000000000000000000000004af';
    await lineMessage(userId, 'hello');
    await h.fake.state.waitForCall('line', (c) => c.path === `/v2/bot/profile/${userId}`);
    await h.runtime.profiles.idle();
    await lineMessage(userId, 'hello again');
    await h.runtime.profiles.idle();
    expect(profileCalls('line', userId)).toBe(1);
    expect((await contactOf(agent, userId))?.name).toBe(userId);
  });

  it('a WeChat follower with an empty nickname (the norm since 2021) keeps the id; a nickname names them', async () => {
    await wechatMessage('oEmptyNick0001', '你好');
    await h.fake.state.waitForCall(
      'wechat',
      (c) => c.path === '/cgi-bin/user/info' && c.query.openid === 'oEmptyNick0001',
    );
    await h.runtime.profiles.idle();
    expect((await contactOf(agent, 'oEmptyNick0001'))?.name).toBe('oEmptyNick0001');

    setWechatUser(h.fake.state, { openid: 'oNamed0001', nickname: '王小明' });
    await wechatMessage('oNamed0001', '在吗');
    expect(
      await waitFor('the WeChat nickname', async () => (await contactOf(agent, 'oNamed0001'))?.name === '王小明'),
    ).toBe(true);
  });

  it('a name an agent set survives a profile refresh a week later', async () => {
    const userId = 'U4af0000000000000000000000000002';
    setLineProfile(h.fake.state, { userId, displayName: 'Ken' });
    await lineMessage(userId, 'first');
    await waitFor('the LINE name', async () => (await contactOf(agent, userId))?.name === 'Ken');
    const contact = await contactOf(agent, userId);
    if (!contact) throw new Error('no contact');
    const res = await patchContact(contact.id, { name: 'Ken Tanaka (VIP)' }, agent.token);
    expect(res.status).toBe(200);

    setLineProfile(h.fake.state, { userId, displayName: 'Kenny' });
    await h.hub.store.contacts.markProfileChecked(contact.id, Date.now() - 8 * DAY_MS);
    await lineMessage(userId, 'a week later');
    await h.fake.state.waitUntil(() => profileCalls('line', userId) === 2, 10_000);
    await h.runtime.profiles.idle();
    expect(profileCalls('line', userId)).toBe(2);
    expect((await contactOf(agent, userId))?.name).toBe('Ken Tanaka (VIP)');
  });
});

describe('a name from the webhook', () => {
  it("does not replace a name an agent set (WhatsApp's profile name comes with every message)", async () => {
    const wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') });
    const waAgent = await h.linkedAgent(wa.id);
    const first = whatsappText('819012340001', 'wamid.PROFILE1', 'hi', Date.now());
    await h.webhook(wa.id, first, whatsappHeaders(WA.appSecret, first));
    const contact = await waitFor('contact', async () => await contactOf(waAgent, '819012340001'));
    expect(contact.name).toBe('Customer');
    expect((await patchContact(contact.id, { name: 'Yuki Mori' }, waAgent.token)).status).toBe(200);
    const second = whatsappText('819012340001', 'wamid.PROFILE2', 'again', Date.now());
    await h.webhook(wa.id, second, whatsappHeaders(WA.appSecret, second));
    await waitFor('second message', () => waAgent.message((m) => m.providerMessageId === 'wamid.PROFILE2'));
    expect((await contactOf(waAgent, '819012340001'))?.name).toBe('Yuki Mori');
    expect(Contact.parse(await h.json('GET', `/api/contacts/${contact.id}`, undefined, waAgent.token)).name).toBe(
      'Yuki Mori',
    );
  });
});

describe('PATCH /api/contacts/:id', () => {
  let contact: Contact;

  beforeAll(async () => {
    const userId = 'U4af0000000000000000000000000003';
    await lineMessage(userId, 'rename me');
    const found = await waitFor('contact', async () => await contactOf(agent, userId));
    contact = found;
  });

  it('renames and keeps notes; another agent linked to the channel gets the new snapshot live', async () => {
    const other = await h.linkedAgent(line.id);
    const res = await patchContact(contact.id, { name: 'Mika Ito', notes: 'Prefers mornings.' }, agent.token);
    expect(res.status).toBe(200);
    const body = Contact.parse(await res.json());
    expect(body).toMatchObject({ name: 'Mika Ito', notes: 'Prefers mornings.', nameSetByAgent: true });
    const seen = await waitFor('the rename at the other agent', async () => {
      const c = await contactOf(other, contact.identity.externalId);
      return c?.name === 'Mika Ito' ? c : undefined;
    });
    expect(seen.notes).toBe('Prefers mornings.');
  });

  it('refuses an agent not linked to the channel, an agent without update, and invalid bodies', async () => {
    const stranger = await h.linkedAgent(wechat.id);
    const refused = await patchContact(contact.id, { name: 'Nope' }, stranger.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');

    const readOnly = await h.linkedAgent(line.id);
    Agent.parse(
      await h.json(
        'PATCH',
        `/api/agents/${readOnly.agentId}`,
        { permissions: { view: true, create: true, update: false, delete: false } },
        h.adminToken,
      ),
    );
    const noUpdate = await patchContact(contact.id, { notes: 'x' }, readOnly.token);
    expect(noUpdate.status).toBe(403);

    const tooLong = await patchContact(contact.id, { notes: 'あ'.repeat(5001) }, agent.token);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const unknownField = await patchContact(contact.id, { phone: '+81' }, agent.token);
    expect(unknownField.status).toBe(400);
  });
});
