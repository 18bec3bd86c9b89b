/**
 * A real hub with the provider side against the fake providers, for the
 * channel health tests: the health checker looks for due channels every few
 * milliseconds, so moving the test clock past the re-check period runs the
 * periodic check at once; sends are retried quickly.
 */
import { randomUUID } from 'node:crypto';
import { ChannelHealth } from '../../../src/shared/admin/health.js';
import type { Channel, ChannelKind } from '../../../src/shared/domain.js';
import type { HubConfig } from '../../../src/hub/config.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { DEFAULT_HEALTH_CHECK_POLICY } from '../../../src/hub/services/channel-health-check.js';
import { issueLineToken } from '../../../src/fake-provider/line.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { expectOk } from '../../helpers/hub-api.js';
import { startHub, testCredentials, type TestHub, type TestSocket } from '../../helpers/hub.js';

export const PUBLIC_URL = 'https://hub.example.com';
/** How long a check stands on the hub clock before the channel is asked again. */
export const RECHECK_MS = DEFAULT_HEALTH_CHECK_POLICY.everyMs;

export interface HealthHarness {
  readonly t: TestHub;
  readonly fake: FakeProvider;
  /** A channel of `kind` talking to the fake provider, with its credentials. */
  channel(kind: ChannelKind, extra?: Record<string, unknown>): Promise<{ channel: Channel; credentials: Credentials }>;
  health(channelId: string, token?: string): Promise<ChannelHealth>;
  checkNow(channelId: string): Promise<ChannelHealth>;
  /** Waits for an admin socket's `channel-health` push about the channel that matches. */
  waitForHealth(socket: TestSocket, channelId: string, match: (h: ChannelHealth) => boolean): Promise<ChannelHealth>;
  /** A Telegram update posted to the channel's webhook with its secret token, as Telegram would. */
  telegramWebhook(channelId: string, credentials: Credentials, update: Record<string, unknown>): Promise<Response>;
  /** An inbound text on the channel (straight into the core) and the conversation it is in. */
  conversationOn(channelId: string, from: string): Promise<string>;
  stop(): Promise<void>;
}

export type Credentials = Record<string, unknown>;

export async function startHealthHarness(
  config: Partial<HubConfig> = { publicUrl: PUBLIC_URL },
): Promise<HealthHarness> {
  const fake = await startFakeProvider();
  const extension = createProviderExtension({
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 2 },
    mediaPolicy: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 1, sweepIntervalMs: 60_000 },
    pollTimeoutSeconds: 1,
    healthCheck: { ...DEFAULT_HEALTH_CHECK_POLICY, tickMs: 20 },
  });
  const t = await startHub({ config, extensions: [extension] });
  const harness: HealthHarness = {
    t,
    fake,
    async channel(kind, extra = {}) {
      const credentials: Credentials = { ...testCredentials(kind), apiBaseUrl: fake.baseUrlFor(kind), ...extra };
      // LINE's token check asks which channel the token was issued for.
      if (kind === 'line')
        issueLineToken(fake.state, String(credentials.channelAccessToken), String(credentials.channelId));
      return { channel: await t.createChannel({ kind, credentials }), credentials };
    },
    async health(channelId, token = t.adminToken) {
      const res = await t.api('GET', `/api/channels/${channelId}/health`, { token });
      return ChannelHealth.parse(expectOk(res, 'channel health'));
    },
    async checkNow(channelId) {
      const res = await t.api('POST', `/api/channels/${channelId}/health/check`, { token: t.adminToken });
      return ChannelHealth.parse(expectOk(res, 'check now'));
    },
    async waitForHealth(socket, channelId, match) {
      const pushed = await socket.waitForPush('channel-health', (payload) => {
        const health = ChannelHealth.safeParse(payload);
        return health.success && health.data.channelId === channelId && match(health.data);
      });
      return ChannelHealth.parse(pushed);
    },
    telegramWebhook: (channelId, credentials, update) =>
      fetch(`${t.url}/webhooks/${channelId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': String(credentials.secretToken),
        },
        body: JSON.stringify(update),
      }),
    async conversationOn(channelId, from) {
      await t.ingestText(channelId, { from, text: `hello ${randomUUID()}` });
      const res = await t.api('GET', `/api/conversations?channelId=${channelId}`, { token: t.adminToken });
      const page = expectOk(res, 'list conversations') as { items: { id: string }[] };
      const first = page.items[0];
      if (!first) throw new Error('no conversation on the channel');
      return first.id;
    },
    async stop() {
      await t.stop();
      await fake.close();
    },
  };
  return harness;
}

/** The admin sends a text on the conversation through the socket; resolves with the ack. */
export async function sendText(socket: TestSocket, conversationId: string, text: string): Promise<void> {
  const ack = await socket.command('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text });
  if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
}
