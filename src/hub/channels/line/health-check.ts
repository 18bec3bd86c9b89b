/**
 * LINE webhook status for channel health (Messaging API): `GET
 * /v2/bot/channel/webhook/endpoint` answers `{ endpoint, active }` — the URL
 * set in the LINE Developers Console and whether webhooks are switched on —
 * and `POST /v2/bot/channel/webhook/test` makes LINE call that URL now and
 * answers `{ success, timestamp, statusCode, reason, detail }` (statusCode 0
 * or negative when no answer came back). The test runs only when a URL is
 * set. A call that fails leaves the fact out (the token check, asked first, says why); one that
 * throws (network, timeout) is caught by the health checker the same way.
 */
import { z } from 'zod';
import type { WebhookFact, WebhookTestFact } from '../../../shared/admin/health.js';
import { clip } from '../provider-call.js';
import type { AdapterContext, HealthProbeLink, ProviderHealthFacts } from '../types.js';
import { getLine, postLine } from './api.js';
import type { LineCredentials } from './credentials.js';

const WebhookEndpoint = z.looseObject({ endpoint: z.string(), active: z.boolean() });
const WebhookTest = z.looseObject({
  success: z.boolean().optional(),
  statusCode: z.number().int(),
  reason: z.string(),
  detail: z.string(),
});

async function testWebhook(credentials: LineCredentials, ctx: AdapterContext): Promise<WebhookTestFact | null> {
  const answer = await postLine(credentials, ctx, '/v2/bot/channel/webhook/test', {});
  const test = WebhookTest.safeParse(answer.body);
  if (answer.status !== 200 || !test.success) return null;
  return {
    success: test.data.success ?? false,
    statusCode: test.data.statusCode,
    reason: clip(test.data.reason, 500),
    detail: clip(test.data.detail, 1000),
  };
}

export async function probeLineHealth(
  credentials: LineCredentials,
  ctx: AdapterContext,
  link: HealthProbeLink,
): Promise<ProviderHealthFacts> {
  const answer = await getLine(credentials, ctx, '/v2/bot/channel/webhook/endpoint');
  const info = WebhookEndpoint.safeParse(answer.body);
  // No URL set yet is answered as an empty endpoint (or a 404): LINE delivers nothing.
  if (answer.status !== 200 && answer.status !== 404) return {};
  const url = answer.status === 200 && info.success && info.data.endpoint !== '' ? info.data.endpoint : null;
  const webhook: WebhookFact = {
    mode: 'webhook',
    url: url === null ? null : clip(url, 2048),
    expectedUrl: link.webhookUrl,
    active: info.success ? info.data.active : false,
    pendingUpdateCount: null,
    lastErrorAt: null,
    lastErrorMessage: null,
    test: url === null ? null : await testWebhook(credentials, ctx),
    checkedAt: ctx.now(),
  };
  return { webhook };
}
