/**
 * Saving a channel asks the provider first (here the fake provider, speaking
 * each real API): verified channels carry the number or bot the provider
 * named, refused credentials are not saved unless the admin saves them as
 * unverified, rotated credentials are verified and keep their identity, and
 * rename and settings (auto-convert, auto-assign, public handle) stick. Only
 * an admin may do any of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Channel, ChannelSettings } from '../../../src/shared/domain.js';
import { ErrorBody } from '../../../src/shared/errors.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { FAKE_WHATSAPP_NUMBER } from '../../../src/fake-provider/whatsapp.js';
import { startHub, testCredentials, type TestHub } from '../../helpers/hub.js';

const Refusal = z.object({ error: ErrorBody });

describe('saving a channel verifies it with the provider', () => {
  let t: TestHub;
  let fake: FakeProvider;
  beforeEach(async () => {
    t = await startHub();
    fake = await t.fakeProvider();
  });
  afterEach(async () => {
    await t.stop();
  });

  const create = (body: Record<string, unknown>, token: string | null = t.adminToken) =>
    t.api('POST', '/api/channels', { token, body: { name: 'Support', ...body } });

  it('saves credentials the provider accepts as verified, with the number it found', async () => {
    const credentials = await t.credentialsFor('whatsapp');
    const res = await create({ kind: 'whatsapp', credentials });
    expect(res.status).toBe(201);
    const channel = Channel.parse(res.body);
    expect(channel.verification).toMatchObject({
      status: 'verified',
      reason: null,
      identity: {
        details: {
          displayPhoneNumber: FAKE_WHATSAPP_NUMBER.display_phone_number,
          verifiedName: FAKE_WHATSAPP_NUMBER.verified_name,
          qualityRating: 'GREEN',
        },
      },
    });
    expect(channel.verification.checkedAt).toBeGreaterThan(0);
    const read = await t.api('GET', `/api/channels/${channel.id}`, { token: t.adminToken });
    expect(Channel.parse(read.body).verification).toEqual(channel.verification);
    expect(fake.state.callsTo('whatsapp', `/${String(credentials['phoneNumberId'])}`)).toHaveLength(1);
  });

  it('shows a Telegram bot as its @username', async () => {
    const res = await create({ kind: 'telegram', credentials: await t.credentialsFor('telegram') });
    expect(Channel.parse(res.body).verification.identity?.label).toBe('@fake_bot');
  });

  it('refuses credentials the provider refuses, in the provider’s words, and saves nothing', async () => {
    const credentials = await t.credentialsFor('telegram');
    fake.state.revokeCredential('telegram', String(credentials['botToken']));
    const res = await create({ kind: 'telegram', credentials });
    expect(res.status).toBe(422);
    expect(Refusal.parse(res.body).error).toEqual({
      code: 'CHANNEL_NOT_VERIFIED',
      message: 'Telegram: 401 Unauthorized',
      details: { providerCode: 'PROVIDER_AUTH_FAILED' },
    });
    const list = await t.api('GET', '/api/channels', { token: t.adminToken });
    expect(list.body).toEqual({ items: [] });
  });

  it('saves refused credentials when asked to, marked unverified with the refusal', async () => {
    const credentials = await t.credentialsFor('line');
    fake.state.revokeCredential('line', String(credentials['channelAccessToken']));
    const res = await create({ kind: 'line', credentials, saveUnverified: true });
    expect(res.status).toBe(201);
    const channel = Channel.parse(res.body);
    expect(channel.verification).toMatchObject({
      status: 'unverified',
      code: 'PROVIDER_AUTH_FAILED',
      identity: null,
    });
    expect(channel.verification.reason).toMatch(/^LINE: 401 /);
    const list = z
      .object({ items: z.array(Channel) })
      .parse((await t.api('GET', '/api/channels', { token: t.adminToken })).body);
    expect(list.items.map((c) => c.verification.status)).toEqual(['unverified']);
  });

  it('refuses a second channel for the same account before asking the provider', async () => {
    const credentials = await t.credentialsFor('wechat');
    expect((await create({ kind: 'wechat', credentials })).status).toBe(201);
    const before = fake.state.callsTo('wechat').length;
    const again = await create({ kind: 'wechat', credentials });
    expect(again.status).toBe(409);
    expect(Refusal.parse(again.body).error.code).toBe('CONFLICT');
    expect(fake.state.callsTo('wechat')).toHaveLength(before);
  });

  it('verifies rotated credentials; another number is refused with the usual message', async () => {
    const credentials = await t.credentialsFor('whatsapp');
    const channel = await t.createChannel({ kind: 'whatsapp', credentials });
    const rotate = (body: Record<string, unknown>) =>
      t.api('PUT', `/api/channels/${channel.id}/credentials`, { token: t.adminToken, body });

    t.clock.advance(60_000);
    const rotated = await rotate({ credentials: { ...credentials, accessToken: 'rotated-token' } });
    expect(rotated.status).toBe(200);
    const after = Channel.parse(rotated.body).verification;
    expect(after.status).toBe('verified');
    expect(after.checkedAt).toBeGreaterThan(channel.verification.checkedAt ?? 0);
    expect(await t.hub.services.channels.credentialsOf(channel.id)).toMatchObject({ accessToken: 'rotated-token' });

    const moved = await rotate({ credentials: { ...credentials, phoneNumberId: '999999' } });
    expect(moved.status).toBe(409);
    expect(Refusal.parse(moved.body).error).toEqual({
      code: 'CHANNEL_IDENTITY_IMMUTABLE',
      message: 'A channel’s provider number or bot cannot change; create a new channel.',
    });

    fake.state.revokeCredential('whatsapp', 'revoked-token');
    const refused = await rotate({ credentials: { ...credentials, accessToken: 'revoked-token' } });
    expect(refused.status).toBe(422);
    expect(Refusal.parse(refused.body).error.code).toBe('CHANNEL_NOT_VERIFIED');
    expect(await t.hub.services.channels.credentialsOf(channel.id)).toMatchObject({ accessToken: 'rotated-token' });

    const unverified = await rotate({
      credentials: { ...credentials, accessToken: 'revoked-token' },
      saveUnverified: true,
    });
    expect(Channel.parse(unverified.body).verification).toMatchObject({
      status: 'unverified',
      code: 'PROVIDER_AUTH_FAILED',
    });
    expect(await t.hub.services.channels.credentialsOf(channel.id)).toMatchObject({ accessToken: 'revoked-token' });
  });

  it('renames and keeps auto-convert, auto-assign and the public handle', async () => {
    const channel = await t.createChannel({ kind: 'telegram' });
    const res = await t.api('PATCH', `/api/channels/${channel.id}`, {
      token: t.adminToken,
      body: { name: 'Bot JP', settings: { autoConvert: true, autoAssign: false, publicHandle: 'shop_bot' } },
    });
    expect(res.status).toBe(200);
    const read = Channel.parse((await t.api('GET', `/api/channels/${channel.id}`, { token: t.adminToken })).body);
    expect(read.name).toBe('Bot JP');
    // Every other setting keeps its default (routing, hours …).
    expect(read.settings).toEqual(
      ChannelSettings.parse({ autoConvert: true, autoAssign: false, publicHandle: 'shop_bot' }),
    );
    const cleared = await t.api('PATCH', `/api/channels/${channel.id}`, {
      token: t.adminToken,
      body: { settings: { publicHandle: '' } },
    });
    expect(Channel.parse(cleared.body).settings).toEqual(
      ChannelSettings.parse({ autoConvert: true, autoAssign: false }),
    );
  });

  it('with auto-assign off, a new conversation waits unassigned although a linked agent is online', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    await t.connect(aiko.token);
    const assigneeOf = async (from: string) => {
      const messageId = (await t.ingestText(channel.id, { from })).messageIds[0] ?? '';
      const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
      return (await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId;
    };
    expect(await assigneeOf('first')).toBe(aiko.agent.id);
    await t.api('PATCH', `/api/channels/${channel.id}`, {
      token: t.adminToken,
      body: { settings: { autoAssign: false } },
    });
    expect(await assigneeOf('second')).toBeNull();
  });

  it('lets only an admin create, rotate, change, trash, restore or read setup: agents get 403, nobody 401', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id] });
    const calls: [string, string, unknown][] = [
      ['POST', '/api/channels', { kind: 'telegram', name: 'x', credentials: testCredentials('telegram') }],
      ['PUT', `/api/channels/${channel.id}/credentials`, { credentials: testCredentials('whatsapp') }],
      ['PATCH', `/api/channels/${channel.id}`, { settings: { autoAssign: false } }],
      ['DELETE', `/api/channels/${channel.id}`, undefined],
      ['GET', '/api/channels/trash', undefined],
      ['POST', `/api/channels/${channel.id}/restore`, undefined],
      ['GET', `/api/channels/${channel.id}/setup`, undefined],
    ];
    for (const [method, url, body] of calls) {
      const asAgent = await t.api(method, url, { token: aiko.token, body });
      expect(asAgent.status, `${method} ${url}`).toBe(403);
      expect(Refusal.parse(asAgent.body).error.code).toBe('FORBIDDEN');
      const anonymous = await t.api(method, url, { token: null, body });
      expect(anonymous.status, `${method} ${url}`).toBe(401);
      expect(Refusal.parse(anonymous.body).error.code).toBe('UNAUTHENTICATED');
    }
    expect(fake.state.callsTo('telegram')).toHaveLength(0);
    expect((await t.hub.store.channels.findById(channel.id))?.trashedAt).toBeNull();
  });
});

describe('credentials that name no API address', () => {
  it('go to the provider address the hub is configured with, for verifying and for saving', async () => {
    const fake = await startFakeProvider();
    const t = await startHub({ config: { providerApiUrls: { telegram: fake.baseUrlFor('telegram') } } });
    try {
      // What an admin types in the app: the bot token and the secret, no API address.
      const credentials = testCredentials('telegram');
      const verify = await t.api('POST', '/api/channels/verify', {
        token: t.adminToken,
        body: { kind: 'telegram', credentials },
      });
      expect(verify.body).toMatchObject({ ok: true, identity: { label: '@fake_bot' } });
      const res = await t.api('POST', '/api/channels', {
        token: t.adminToken,
        body: { name: 'Bot', kind: 'telegram', credentials },
      });
      expect(res.status).toBe(201);
      expect(Channel.parse(res.body).verification.status).toBe('verified');
      expect(fake.state.callsTo('telegram').length).toBeGreaterThanOrEqual(2);
    } finally {
      await t.stop();
      await fake.close();
    }
  });
});
