/**
 * The one fake provider (src/fake-provider/), as the demo starts it: its own
 * account names, every accepted message told to a listener (the demo's
 * receipts), ids that never repeat an earlier run's, no calls kept; and its
 * webhooks signed so the hub's own verification accepts them.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAdapter } from '../../../src/hub/channels/registry.js';
import type { WebhookRequest } from '../../../src/hub/channels/types.js';
import { startFakeProvider, type FakeProvider, type SentNotice } from '../../../src/fake-provider/server.js';
import {
  deliverWebhook,
  signedLineWebhook,
  signedTelegramWebhook,
  signedTwilioWebhook,
  signedWechatWebhook,
  signedWhatsappWebhook,
  type SignedWebhook,
} from '../../../src/fake-provider/signing.js';
import type { ChannelKind } from '../../../src/shared/domain.js';

let fake: FakeProvider;
const sent: SentNotice[] = [];

beforeAll(async () => {
  fake = await startFakeProvider({
    accounts: { telegramBot: { first_name: 'Demo Bot', username: 'demo_bot' }, twilioAccountName: 'Demo Account' },
    keepCalls: 0,
    idTag: '424242',
  });
  fake.state.onSent((notice) => sent.push(notice));
});
afterAll(async () => fake.close());

describe('the fake provider as the demo runs it', () => {
  it('answers the providers’ “who am I” calls with the accounts it was started with', async () => {
    const me = await fetch(`${fake.baseUrlFor('telegram')}/bot7000000001:AAdemo/getMe`, { method: 'POST' });
    expect(await me.json()).toMatchObject({ ok: true, result: { username: 'demo_bot', first_name: 'Demo Bot' } });
    const sid = `AC${'de'.repeat(16)}`;
    const account = await fetch(`${fake.baseUrlFor('twilio')}/2010-04-01/Accounts/${sid}.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${sid}:token`).toString('base64')}` },
    });
    expect(await account.json()).toMatchObject({ sid, friendly_name: 'Demo Account' });
  });

  it('tells its listener of each accepted message, with the id it answered and the recipient', async () => {
    const res = await fetch(`${fake.baseUrlFor('whatsapp')}/v21.0/100000000000001/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token', 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '819012345001', type: 'text', text: { body: 'hi' } }),
    });
    const body = (await res.json()) as { messages: { id: string }[] };
    const id = body.messages[0]?.id;
    expect(sent).toContainEqual({
      kind: 'whatsapp',
      providerMessageId: id,
      recipient: '819012345001',
      statusCallback: null,
    });
    // Its ids carry the run's tag, so a restarted demo never reuses one of an earlier run.
    expect(id).toContain('424242');
    const refused = await fetch(`${fake.baseUrlFor('whatsapp')}/v21.0/100000000000001/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: '819012345001', type: 'text', text: { body: 'x' } }),
    });
    expect(refused.status).toBe(401);
    expect(sent.filter((n) => n.kind === 'whatsapp')).toHaveLength(1);
  });

  it('keeps none of the calls it answered when told so (the demo runs for days)', () => {
    expect(fake.state.calls).toEqual([]);
  });
});

function asHubSees(webhook: SignedWebhook, url: string): WebhookRequest {
  return {
    method: 'POST',
    publicUrl: `${url}${webhook.query}`,
    query: Object.fromEntries(new URLSearchParams(webhook.query.slice(1))),
    headers: { 'content-type': webhook.contentType, ...webhook.headers },
    rawBody: Buffer.from(webhook.body),
    receivedAt: Date.now(),
  };
}

function verdict(
  kind: ChannelKind,
  credentials: Record<string, unknown>,
  webhook: SignedWebhook,
  url: string,
): boolean {
  const adapter = getAdapter(kind);
  return adapter.verify(asHubSees(webhook, url), adapter.credentialsSchema.parse(credentials)).ok;
}

describe('webhooks signed as each provider signs them', () => {
  const url = 'https://hub.example.com/webhooks/ch_1';
  const apiBaseUrl = 'http://127.0.0.1:9';
  const cases: readonly [ChannelKind, Record<string, unknown>, (secret: string) => SignedWebhook][] = [
    [
      'whatsapp',
      { accessToken: 't', appSecret: 'app-secret', verifyToken: 'v', phoneNumberId: '1', apiBaseUrl },
      (secret) => signedWhatsappWebhook(secret, '{"object":"whatsapp_business_account","entry":[]}'),
    ],
    [
      'twilio',
      { accountSid: `AC${'de'.repeat(16)}`, authToken: 'app-secret', from: 'whatsapp:+14155550100', apiBaseUrl },
      (secret) => signedTwilioWebhook(secret, url, new URLSearchParams({ MessageSid: 'SM1', Body: 'こんにちは' })),
    ],
    [
      'line',
      { channelSecret: 'app-secret', channelAccessToken: 't', channelId: '2000000001', apiBaseUrl },
      (secret) => signedLineWebhook(secret, '{"destination":"U0","events":[]}'),
    ],
    [
      'wechat',
      { appId: 'wxdemo0000000001', appSecret: 's', token: 'app-secret', apiBaseUrl },
      (secret) => signedWechatWebhook(secret, '<xml><MsgType><![CDATA[text]]></MsgType></xml>', 'oUser', Date.now()),
    ],
    [
      'telegram',
      { botToken: '7000000001:AAdemo', secretToken: 'app-secret', apiBaseUrl },
      (secret) => signedTelegramWebhook(secret, { update_id: 1 }),
    ],
  ];

  for (const [kind, credentials, sign] of cases) {
    it(`${kind}: the hub accepts the fake’s signature and refuses one made with another secret`, () => {
      expect(verdict(kind, credentials, sign('app-secret'), url)).toBe(true);
      expect(verdict(kind, credentials, sign('someone-else'), url)).toBe(false);
    });
  }

  it('a webhook that got no 2xx is delivered again, as providers redeliver', async () => {
    const statuses = [503, 200];
    const seen: string[] = [];
    const hub = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push(body);
        res.writeHead(statuses.shift() ?? 500).end();
      });
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const address = hub.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const webhook = signedLineWebhook('app-secret', '{"events":[]}');
      const res = await deliverWebhook(`http://127.0.0.1:${port}/webhooks/ch_1`, webhook, { attempts: 3, retryMs: 5 });
      expect(res.status).toBe(200);
      expect(seen).toEqual(['{"events":[]}', '{"events":[]}']);
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
  });
});
