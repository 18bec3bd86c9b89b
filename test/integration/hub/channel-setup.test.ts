/**
 * After saving a channel, GET /api/channels/:id/setup says what to set in the
 * provider's console: the webhook URL (from SWITCHBOARD_PUBLIC_URL), the
 * values to paste, the events or fields to subscribe to, how messages reach
 * the hub, and a warning when the public URL is missing or not https.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelSetup } from '../../../src/shared/channel-setup.js';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const DOCS = 'docs/hub.md → Running behind a reverse proxy';

describe('setup instructions of a saved channel', () => {
  let t: TestHub | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  async function setupOf(kind: ChannelKind, publicUrl: string | null, overrides: Record<string, unknown> = {}) {
    t = await startHub({ config: { publicUrl } });
    const channel = await t.createChannel({ kind, credentials: await t.credentialsFor(kind, overrides) });
    const res = await t.api('GET', `/api/channels/${channel.id}/setup`, { token: t.adminToken });
    expect(res.status).toBe(200);
    return { channel, setup: ChannelSetup.parse(res.body) };
  }

  it('WhatsApp: the callback URL and verify token to paste, the messages and template-status fields', async () => {
    const { channel, setup } = await setupOf('whatsapp', 'https://hub.example.com', { verifyToken: 'vt-123' });
    expect(setup).toEqual({
      channelId: channel.id,
      kind: 'whatsapp',
      connection: 'console-webhook',
      webhookUrl: `https://hub.example.com/webhooks/${channel.id}`,
      values: [
        { name: 'webhookUrl', value: `https://hub.example.com/webhooks/${channel.id}` },
        { name: 'verifyToken', value: 'vt-123' },
      ],
      events: ['messages', 'message_template_status_update', 'template_category_update'],
      publicUrl: 'https://hub.example.com',
      publicUrlProblem: null,
      reverseProxyDocs: DOCS,
    });
  });

  it('Twilio: the same URL for "A message comes in" and the status callback', async () => {
    const { channel, setup } = await setupOf('twilio', 'https://hub.example.com');
    const url = `https://hub.example.com/webhooks/${channel.id}`;
    expect(setup.values).toEqual([
      { name: 'webhookUrl', value: url },
      { name: 'statusCallbackUrl', value: url },
    ]);
    expect(setup.events).toEqual(['A message comes in', 'Status callback URL']);
  });

  it('WeChat: server URL, Token, EncodingAESKey and safe mode', async () => {
    const key = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';
    const { setup } = await setupOf('wechat', 'https://hub.example.com', { token: 'wxtoken123', encodingAESKey: key });
    expect(setup.values.map((v) => [v.name, v.value])).toEqual([
      ['webhookUrl', setup.webhookUrl],
      ['serverToken', 'wxtoken123'],
      ['encodingAESKey', key],
      ['encryptionMode', 'safe'],
    ]);
  });

  it('LINE: the webhook URL and the event types LINE sends', async () => {
    const { setup } = await setupOf('line', 'https://hub.example.com');
    expect(setup.values.map((v) => v.name)).toEqual(['webhookUrl']);
    expect(setup.events).toContain('message');
    expect(setup.events).toContain('follow');
    expect(setup.events).toContain('unfollow');
  });

  it('Telegram: the webhook is set by the hub when it has a public URL, nothing to paste', async () => {
    const { channel, setup } = await setupOf('telegram', 'https://hub.example.com');
    expect(setup).toMatchObject({
      connection: 'hub-webhook',
      webhookUrl: `https://hub.example.com/webhooks/${channel.id}`,
      values: [],
      publicUrlProblem: null,
    });
    expect(setup.events).toContain('message');
  });

  it('Telegram without a public URL is long-polled', async () => {
    const { setup } = await setupOf('telegram', null);
    expect(setup).toMatchObject({ connection: 'long-polling', webhookUrl: null, publicUrlProblem: 'missing' });
  });

  it('warns when the public URL is missing or plain http, pointing to the reverse-proxy docs', async () => {
    const missing = await setupOf('line', null);
    expect(missing.setup).toMatchObject({ webhookUrl: null, values: [], publicUrlProblem: 'missing' });
    await t?.stop();
    const plain = await setupOf('line', 'http://hub.example.com:8080');
    expect(plain.setup).toMatchObject({
      webhookUrl: `http://hub.example.com:8080/webhooks/${plain.channel.id}`,
      publicUrlProblem: 'not-https',
      reverseProxyDocs: DOCS,
    });
  });

  it('refuses a channel in the trash', async () => {
    const { channel } = await setupOf('line', 'https://hub.example.com');
    await t?.api('DELETE', `/api/channels/${channel.id}`, { token: t.adminToken });
    const res = await t?.api('GET', `/api/channels/${channel.id}/setup`, { token: t.adminToken });
    expect(res?.status).toBe(409);
  });
});
