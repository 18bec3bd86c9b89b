/**
 * POST /api/channels/verify: an admin tries credentials against the provider
 * (here the fake, speaking each real API) before saving a channel, and reads
 * who they belong to or the provider's refusal in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VerifyChannelResponse } from '../../../src/shared/protocol.js';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { FAKE_LINE_BOT, FAKE_LINE_CHANNEL_ID, issueLineToken } from '../../../src/fake-provider/line.js';
import { FAKE_TWILIO_ACCOUNT_NAME, addTwilioNumber } from '../../../src/fake-provider/twilio.js';
import { FAKE_WHATSAPP_NUMBER } from '../../../src/fake-provider/whatsapp.js';
import { startHarness, type AgentSession, type Harness } from './harness.js';
import { LINE, TW, WA } from './provider-bodies.js';

const TELEGRAM = { botToken: '7012345678:AAE-verify_token', secretToken: 'tg-secret' };
const WECHAT = { appId: 'wx0123456789abcdef', appSecret: 'wx-verify-secret', token: 'wx-token' };

let h: Harness;
let agent: AgentSession;

beforeAll(async () => {
  h = await startHarness();
  agent = await h.linkedAgent();
});
afterAll(async () => h.stop());

function withFake(kind: ChannelKind, credentials: Record<string, string>): Record<string, string> {
  return { ...credentials, apiBaseUrl: h.fake.baseUrlFor(kind) };
}

async function verify(kind: ChannelKind, credentials: Record<string, unknown>, token = h.adminToken) {
  const res = await h.api('POST', '/api/channels/verify', { kind, credentials }, token);
  const text = await res.text();
  return { status: res.status, text, body: res.status === 200 ? VerifyChannelResponse.parse(JSON.parse(text)) : null };
}

async function verified(kind: ChannelKind, credentials: Record<string, unknown>) {
  const { status, body, text } = await verify(kind, credentials);
  expect(status, text).toBe(200);
  if (!body?.ok) throw new Error(`expected ${kind} to verify: ${text}`);
  return body.identity;
}

async function refused(kind: ChannelKind, credentials: Record<string, unknown>) {
  const { status, body, text } = await verify(kind, credentials);
  expect(status, text).toBe(200);
  if (!body || body.ok) throw new Error(`expected ${kind} to be refused: ${text}`);
  return body.error;
}

describe('verifying credentials before a channel is saved', () => {
  it('shows the WhatsApp number’s display number, verified name and quality rating', async () => {
    const identity = await verified('whatsapp', withFake('whatsapp', WA));
    expect(identity.details).toEqual({
      displayPhoneNumber: FAKE_WHATSAPP_NUMBER.display_phone_number,
      verifiedName: FAKE_WHATSAPP_NUMBER.verified_name,
      qualityRating: 'GREEN',
      phoneNumberId: WA.phoneNumberId,
    });
    expect(identity.label).toBe(`${FAKE_WHATSAPP_NUMBER.verified_name} (${FAKE_WHATSAPP_NUMBER.display_phone_number})`);
    const call = h.fake.state.callsTo('whatsapp', `/v21.0/${WA.phoneNumberId}`).at(-1);
    expect(call?.query.fields).toBe('display_phone_number,verified_name,quality_rating');
    expect(call?.headers.authorization).toBe(`Bearer ${WA.accessToken}`);
  });

  it('refuses a WhatsApp access token Meta does not accept, in Meta’s words', async () => {
    h.fake.state.revokeCredential('whatsapp', 'wa-revoked');
    const error = await refused('whatsapp', withFake('whatsapp', { ...WA, accessToken: 'wa-revoked' }));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toBe('WhatsApp: 190 Invalid OAuth access token - Cannot parse access token');
  });

  it('shows the Telegram bot from getMe', async () => {
    const identity = await verified('telegram', withFake('telegram', TELEGRAM));
    expect(identity).toEqual({
      label: '@fake_bot',
      details: { botId: '7012345678', username: 'fake_bot', name: 'Fake Bot' },
    });
    expect(h.fake.state.callsTo('telegram', `/bot${TELEGRAM.botToken}/getMe`)).toHaveLength(1);
  });

  it('refuses a wrong Telegram bot token with Telegram’s 401', async () => {
    const wrong = '7012345678:AAE-wrong_token';
    h.fake.state.revokeCredential('telegram', wrong);
    const error = await refused('telegram', withFake('telegram', { ...TELEGRAM, botToken: wrong }));
    expect(error).toEqual({ code: 'PROVIDER_AUTH_FAILED', message: 'Telegram: 401 Unauthorized' });
  });

  it('shows the LINE bot from /v2/bot/info and checks the token belongs to the given channel id', async () => {
    const channelId = '2001234567';
    issueLineToken(h.fake.state, 'line-own-token', channelId);
    const identity = await verified(
      'line',
      withFake('line', { ...LINE, channelAccessToken: 'line-own-token', channelId }),
    );
    expect(identity.label).toBe(FAKE_LINE_BOT.displayName);
    expect(identity.details).toEqual({
      displayName: FAKE_LINE_BOT.displayName,
      basicId: FAKE_LINE_BOT.basicId,
      userId: FAKE_LINE_BOT.userId,
      channelId,
    });

    const other = await refused('line', withFake('line', { ...LINE, channelId }));
    expect(other).toEqual({
      code: 'PROVIDER_AUTH_FAILED',
      message: `LINE: the access token belongs to channel ${FAKE_LINE_CHANNEL_ID}, not ${channelId}`,
    });
  });

  it('refuses a wrong LINE channel access token in LINE’s words', async () => {
    h.fake.state.revokeCredential('line', 'line-revoked');
    const error = await refused('line', withFake('line', { ...LINE, channelAccessToken: 'line-revoked' }));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toBe(
      'LINE: 401 Authentication failed. Confirm that the access token in the authorization header is valid.',
    );
  });

  it('gets a WeChat access token and tells how long it lives', async () => {
    const identity = await verified('wechat', withFake('wechat', WECHAT));
    expect(identity.details).toEqual({
      appId: WECHAT.appId,
      accessToken: 'issued',
      expiresInSeconds: '7200',
      mode: 'plaintext',
    });
  });

  it('refuses a wrong WeChat AppSecret with WeChat’s errcode', async () => {
    h.fake.state.revokeCredential('wechat', 'wx-wrong');
    const error = await refused('wechat', withFake('wechat', { ...WECHAT, appSecret: 'wx-wrong' }));
    expect(error.code).toBe('PROVIDER_AUTH_FAILED');
    expect(error.message).toMatch(/^WeChat: 40125 invalid appsecret/);
  });

  it('shows the Twilio account and whether the sender is one of its numbers', async () => {
    const unlisted = await verified('twilio', withFake('twilio', TW));
    expect(unlisted.label).toBe(FAKE_TWILIO_ACCOUNT_NAME);
    expect(unlisted.details).toMatchObject({ accountSid: TW.accountSid, status: 'active', sender: TW.from });
    expect(unlisted.details.senderStatus).toMatch(/^not checked: /);

    addTwilioNumber(h.fake.state, TW.from.slice('whatsapp:'.length));
    const listed = await verified('twilio', withFake('twilio', TW));
    expect(listed.details.senderStatus).toBe('a phone number of this account');
    const lookup = h.fake.state.callsTo('twilio', '/IncomingPhoneNumbers.json').at(-1);
    expect(lookup?.query.PhoneNumber).toBe(TW.from.slice('whatsapp:'.length));
  });

  it('refuses a wrong Twilio auth token with Twilio’s 20003', async () => {
    h.fake.state.revokeCredential('twilio', 'tw-wrong');
    const error = await refused('twilio', withFake('twilio', { ...TW, authToken: 'tw-wrong' }));
    expect(error).toEqual({ code: 'PROVIDER_AUTH_FAILED', message: 'Twilio: 401 20003 Authenticate' });
  });

  it('says the provider could not be reached when nothing answers', async () => {
    const error = await refused('telegram', { ...TELEGRAM, apiBaseUrl: 'http://127.0.0.1:1' });
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/^Telegram: network: /);
  });

  it('saves nothing: no channel exists after verifying', async () => {
    const channels = await h.json('GET', '/api/channels', undefined, h.adminToken);
    expect(channels).toEqual({ items: [] });
  });

  it('refuses an agent who is not an admin', async () => {
    const { status, text } = await verify('telegram', withFake('telegram', TELEGRAM), agent.token);
    expect(status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('refuses credentials of the wrong shape before calling any provider', async () => {
    const before = h.fake.state.calls.length;
    for (const [kind, credentials] of [
      ['telegram', { botToken: 'not-a-token', secretToken: 'tg-secret' }],
      ['whatsapp', { ...WA, phoneNumberId: 'abc' }],
      ['twilio', { ...TW, from: '+14155238886' }],
      ['line', { channelSecret: 'x' }],
      ['wechat', { appId: 'wx1' }],
    ] as const) {
      const { status, text } = await verify(kind, credentials);
      expect(status, `${kind}: ${text}`).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await verify('telegram', { botToken: 1 })).status).toBe(400);
    const noKind = await h.api('POST', '/api/channels/verify', { kind: 'fax', credentials: {} }, h.adminToken);
    expect(noKind.status).toBe(400);
    expect(h.fake.state.calls.length).toBe(before);
  });
});
