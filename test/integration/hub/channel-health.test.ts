/**
 * Channel health kept by the hub: a token the provider stops accepting turns
 * the channel failing as soon as a send is refused, admins are told live, the
 * periodic check on the hub's clock sees it fixed, and what the hub saw
 * survives a restart. Agents never read the facts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Channel } from '../../../src/shared/domain.js';
import { HubEvent } from '../../../src/shared/protocol.js';
import { expectOk } from '../../helpers/hub-api.js';
import { RECHECK_MS, sendText, startHealthHarness, type HealthHarness } from './health-harness.js';

describe('channel health', () => {
  let h: HealthHarness;
  beforeEach(async () => {
    h = await startHealthHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('turns failing when a send is refused for a revoked token, tells admins live, and is ok again once fixed', async () => {
    const { channel, credentials } = await h.channel('telegram');
    const botToken = String(credentials.botToken);
    const conversationId = await h.conversationOn(channel.id, '5550001');
    const admin = await h.t.connect(h.t.adminToken);

    await sendText(admin, conversationId, 'first reply');
    await admin.waitForEvent((e) => e.type === 'message.upsert' && e.message.state === 'sent');
    expect((await h.health(channel.id)).lastSentAt).not.toBeNull();

    h.fake.state.revokeCredential('telegram', botToken);
    await sendText(admin, conversationId, 'second reply');
    const failing = await h.waitForHealth(admin, channel.id, (health) => health.status === 'failing');
    expect(failing.reason).toBe('token-refused');
    expect(failing.token).toMatchObject({ status: 'refused', code: 'PROVIDER_AUTH_FAILED' });
    expect(failing.token.message).toBe('Telegram: 401 Unauthorized');
    expect(failing.lastError).toMatchObject({
      code: 'PROVIDER_AUTH_FAILED',
      message: '401 Unauthorized',
      source: 'send',
    });
    // The channel's summary went out with the channel, which is how linked agents learn it.
    const upsert = await admin.waitForEvent(
      (e) => e.type === 'channel.upsert' && e.channel.id === channel.id && e.channel.health?.status === 'failing',
    );
    expect(HubEvent.parse(upsert)).toMatchObject({ channel: { health: { reason: 'token-refused' } } });

    h.fake.state.restoreCredential('telegram', botToken);
    h.t.clock.advance(RECHECK_MS + 1000);
    const ok = await h.waitForHealth(admin, channel.id, (health) => health.status === 'ok');
    expect(ok).toMatchObject({ reason: null, token: { status: 'valid' }, sendFailuresInRow: 0 });
    expect(ok.since).toBeGreaterThanOrEqual(failing.since);
  });

  it('is not asked at start-up, and a quiet channel is not failing', async () => {
    const { channel } = await h.channel('telegram');
    const health = await h.health(channel.id);
    expect(health).toMatchObject({ status: 'unknown', reason: 'not-checked', token: { status: 'not-checked' } });
    expect(h.fake.state.callsTo('telegram', '/getWebhookInfo')).toHaveLength(0);

    const checked = await h.checkNow(channel.id);
    expect(checked).toMatchObject({ status: 'ok', reason: null, lastInboundAt: null, lastSentAt: null });
    h.t.clock.advance(7 * 24 * 60 * 60 * 1000);
    await h.t.api('POST', `/api/channels/${channel.id}/health/check`, { token: h.t.adminToken });
    expect((await h.health(channel.id)).status).toBe('ok');
  });

  it('keeps what it saw across a restart: token check, last inbound, status', async () => {
    const { channel, credentials } = await h.channel('telegram');
    h.fake.state.revokeCredential('telegram', String(credentials.botToken));
    const checked = await h.checkNow(channel.id);
    expect(checked.status).toBe('failing');
    const res = await h.telegramWebhook(channel.id, credentials, {
      update_id: 9001,
      message: {
        message_id: 1,
        date: Math.floor(h.t.clock.now() / 1000),
        chat: { id: 42, type: 'private' },
        from: { id: 42, is_bot: false, first_name: 'Ana' },
        text: 'hi',
      },
    });
    expect(res.status).toBe(200);
    const noted = await h.health(channel.id);
    expect(noted.lastInboundAt).not.toBeNull();

    await h.t.restart();
    const after = await h.health(channel.id);
    expect(after).toMatchObject({
      status: 'failing',
      reason: 'token-refused',
      since: checked.since,
      lastInboundAt: noted.lastInboundAt,
      token: { status: 'refused', message: 'Telegram: 401 Unauthorized' },
    });
    const listed = Channel.parse(
      expectOk(await h.t.api('GET', `/api/channels/${channel.id}`, { token: h.t.adminToken }), 'channel'),
    );
    expect(listed.health).toEqual({ status: 'failing', reason: 'token-refused', since: checked.since });
  });

  it('answers every channel to admins and refuses agents, linked or not', async () => {
    const { channel } = await h.channel('telegram');
    const { channel: other } = await h.channel('whatsapp');
    const all = expectOk(await h.t.api('GET', '/api/channels/health', { token: h.t.adminToken }), 'list');
    expect((all as { items: { channelId: string }[] }).items.map((i) => i.channelId).sort()).toEqual(
      [channel.id, other.id].sort(),
    );

    const agent = await h.t.createAgent();
    await h.t.linkAgent(channel.id, agent.agent.id);
    const asked = h.fake.state.callsTo('telegram').length;
    for (const [method, path] of [
      ['GET', '/api/channels/health'],
      ['GET', `/api/channels/${channel.id}/health`],
      ['POST', `/api/channels/${channel.id}/health/check`],
    ] as const) {
      const res = await h.t.api(method, path, { token: agent.token });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
    expect(h.fake.state.callsTo('telegram')).toHaveLength(asked);
    const unknown = await h.t.api('GET', '/api/channels/0190a0a0-0000-7000-8000-000000000000/health', {
      token: h.t.adminToken,
    });
    expect(unknown.status).toBe(404);
  });

  it('counts provider outages as failing sends after three in a row, and one accepted send clears them', async () => {
    const { channel } = await h.channel('telegram');
    const conversationId = await h.conversationOn(channel.id, '5550002');
    const admin = await h.t.connect(h.t.adminToken);
    const outage = { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } };
    h.fake.state.script('telegram', '/sendMessage', outage, 4);
    await sendText(admin, conversationId, 'during the outage 1');
    await sendText(admin, conversationId, 'during the outage 2');
    const failing = await h.waitForHealth(admin, channel.id, (health) => health.status === 'failing');
    expect(failing).toMatchObject({ reason: 'sends-failing', lastError: { code: 'PROVIDER_UNAVAILABLE' } });
    expect(failing.sendFailuresInRow).toBeGreaterThanOrEqual(3);

    await sendText(admin, conversationId, 'after the outage');
    const ok = await h.waitForHealth(admin, channel.id, (health) => health.status === 'ok');
    expect(ok.sendFailuresInRow).toBe(0);
    expect(ok.lastSentAt).not.toBeNull();
  });

  it('does not hold a customer’s refusal against the channel', async () => {
    const { channel } = await h.channel('telegram');
    const conversationId = await h.conversationOn(channel.id, '5550003');
    const admin = await h.t.connect(h.t.adminToken);
    const blocked = {
      status: 403,
      body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    };
    h.fake.state.script('telegram', '/sendMessage', blocked, 3);
    for (const n of [1, 2, 3]) await sendText(admin, conversationId, `reply ${n}`);
    const seen = await h.waitForHealth(admin, channel.id, (health) => health.lastError?.code === 'PROVIDER_BLOCKED');
    expect(seen.sendFailuresInRow).toBe(0);
    expect(seen.status).not.toBe('failing');
  });
});
