/**
 * What the providers report about a channel besides its token, as "check
 * now" shows it: Telegram getWebhookInfo (or "polling" without a public URL),
 * LINE's webhook endpoint and test, WhatsApp number quality and tier.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setLineWebhook } from '../../../src/fake-provider/line.js';
import { failTelegramWebhook } from '../../../src/fake-provider/telegram.js';
import { setWhatsappNumberQuality } from '../../../src/fake-provider/whatsapp.js';
import { waitFor } from '../../helpers/client.js';
import { PUBLIC_URL, startHealthHarness, type HealthHarness } from './health-harness.js';

describe('channel health from the providers', () => {
  let h: HealthHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('reports Telegram’s webhook delivery errors and the updates waiting', async () => {
    h = await startHealthHarness();
    const { channel, credentials } = await h.channel('telegram');
    const expectedUrl = `${PUBLIC_URL}/webhooks/${channel.id}`;
    const fake = h.fake;
    await waitFor(() => fake.state.callsTo('telegram', '/setWebhook').length > 0, 5000, 'setWebhook');
    const healthy = await h.checkNow(channel.id);
    expect(healthy.webhook).toMatchObject({ mode: 'webhook', url: expectedUrl, expectedUrl, pendingUpdateCount: 0 });
    expect(healthy.status).toBe('ok');

    const at = h.t.clock.now() - 60_000;
    const message = 'Wrong response from the webhook: 502 Bad Gateway';
    failTelegramWebhook(h.fake.state, String(credentials.botToken), { message, at, pending: 7 });
    const failing = await h.checkNow(channel.id);
    expect(failing).toMatchObject({ status: 'failing', reason: 'webhook-errors' });
    expect(failing.webhook).toMatchObject({
      pendingUpdateCount: 7,
      lastErrorAt: Math.floor(at / 1000) * 1000,
      lastErrorMessage: message,
    });
  });

  it('says a long-polled Telegram channel is polling, without asking for webhook info', async () => {
    h = await startHealthHarness({ publicUrl: null });
    const { channel } = await h.channel('telegram');
    const health = await h.checkNow(channel.id);
    expect(health.webhook).toMatchObject({ mode: 'polling', url: null });
    expect(health.status).toBe('ok');
    expect(h.fake.state.callsTo('telegram', '/getWebhookInfo')).toHaveLength(0);
  });

  it('reports LINE’s webhook endpoint and what LINE’s test call to it got back', async () => {
    h = await startHealthHarness();
    const { channel, credentials } = await h.channel('line');
    const token = String(credentials.channelAccessToken);
    const unset = await h.checkNow(channel.id);
    expect(unset).toMatchObject({
      status: 'failing',
      reason: 'webhook-inactive',
      webhook: { url: null, active: false },
    });

    const endpoint = `${PUBLIC_URL}/webhooks/${channel.id}`;
    setLineWebhook(h.fake.state, token, { endpoint });
    const ok = await h.checkNow(channel.id);
    expect(ok.status).toBe('ok');
    expect(ok.webhook).toMatchObject({
      url: endpoint,
      active: true,
      test: { success: true, statusCode: 200, reason: 'OK', detail: '200' },
    });

    const refused = { success: false, statusCode: 404, reason: 'Not Found', detail: 'no route for this path' };
    setLineWebhook(h.fake.state, token, { endpoint, test: refused });
    const failing = await h.checkNow(channel.id);
    expect(failing).toMatchObject({ status: 'failing', reason: 'webhook-errors', webhook: { test: refused } });

    setLineWebhook(h.fake.state, token, { endpoint: 'https://old-server.example.com/callback' });
    expect(await h.checkNow(channel.id)).toMatchObject({ reason: 'webhook-inactive' });
    setLineWebhook(h.fake.state, token, { endpoint, active: false });
    expect(await h.checkNow(channel.id)).toMatchObject({ reason: 'webhook-inactive', webhook: { active: false } });
    expect(h.fake.state.callsTo('line', '/v2/bot/channel/webhook/test').length).toBeGreaterThan(0);
  });

  it('reports the WhatsApp number’s quality rating and messaging limit tier; RED is a warning', async () => {
    h = await startHealthHarness();
    const { channel, credentials } = await h.channel('whatsapp');
    const green = await h.checkNow(channel.id);
    expect(green).toMatchObject({ status: 'ok', webhook: null });
    expect(green.quality).toMatchObject({
      qualityRating: 'GREEN',
      messagingLimitTier: 'TIER_1K',
      numberStatus: 'CONNECTED',
    });
    const asked = h.fake.state.callsTo('whatsapp', `/v21.0/${String(credentials.phoneNumberId)}`).at(-1);
    expect(asked?.query.fields).toBe('quality_rating,messaging_limit_tier,status');

    setWhatsappNumberQuality(h.fake.state, String(credentials.phoneNumberId), {
      quality_rating: 'RED',
      messaging_limit_tier: 'TIER_250',
    });
    const red = await h.checkNow(channel.id);
    expect(red).toMatchObject({ status: 'warning', reason: 'quality-low' });
    expect(red.quality).toMatchObject({ qualityRating: 'RED', messagingLimitTier: 'TIER_250' });
  });

  it('keeps an inbound file the provider would not hand over as the last provider error', async () => {
    h = await startHealthHarness();
    const { channel, credentials } = await h.channel('telegram');
    const photo = { file_id: 'gone-file', file_unique_id: 'u-gone', width: 10, height: 10, file_size: 100 };
    const res = await h.telegramWebhook(channel.id, credentials, {
      update_id: 77,
      message: {
        message_id: 5,
        date: Math.floor(h.t.clock.now() / 1000),
        chat: { id: 43, type: 'private' },
        from: { id: 43, is_bot: false, first_name: 'Ken' },
        photo: [photo],
      },
    });
    expect(res.status).toBe(200);
    const current = h;
    const health = await waitFor(
      async () => {
        const now = await current.health(channel.id);
        return now.lastError?.source === 'download' ? now : undefined;
      },
      5000,
      'the failed download',
    );
    expect(health.lastError).toMatchObject({ code: 'MEDIA_DOWNLOAD_FAILED' });
    expect(health.lastError?.message).toContain('invalid file_id');
    expect(health.lastInboundAt).not.toBeNull();
  });

  it('says the provider could not be asked without calling the channel failing', async () => {
    h = await startHealthHarness();
    const { channel } = await h.channel('telegram');
    h.fake.state.script('telegram', '/getMe', {
      status: 503,
      body: { ok: false, error_code: 503, description: 'Service Unavailable' },
    });
    const health = await h.checkNow(channel.id);
    expect(health).toMatchObject({
      status: 'warning',
      reason: 'provider-unreachable',
      token: { status: 'unreachable' },
    });
  });
});
