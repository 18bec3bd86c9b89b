/**
 * Telegram webhook status for channel health: `getWebhookInfo` (Bot API)
 * answers the WebhookInfo object — `url` (empty when no webhook is set),
 * `pending_update_count`, and `last_error_date` (Unix seconds) with
 * `last_error_message` for the most recent failed delivery. Telegram keeps
 * that error after deliveries resume, so the health rule compares it with the
 * last inbound. A channel the hub long-polls has no webhook: nothing is asked.
 */
import { z } from 'zod';
import type { WebhookFact } from '../../../shared/admin/health.js';
import { clip } from '../provider-call.js';
import type { AdapterContext, HealthProbeLink, ProviderHealthFacts } from '../types.js';
import { callTelegram } from './api.js';
import type { TelegramCredentials } from './credentials.js';

const SECOND_MS = 1000;

const WebhookInfo = z.looseObject({
  url: z.string(),
  pending_update_count: z.number().int().nonnegative(),
  last_error_date: z.number().int().nonnegative().optional(),
  last_error_message: z.string().optional(),
});

export async function probeTelegramHealth(
  credentials: TelegramCredentials,
  ctx: AdapterContext,
  link: HealthProbeLink,
): Promise<ProviderHealthFacts> {
  const checkedAt = ctx.now();
  if (link.polling) {
    const polling: WebhookFact = {
      mode: 'polling',
      url: null,
      expectedUrl: null,
      active: null,
      pendingUpdateCount: null,
      lastErrorAt: null,
      lastErrorMessage: null,
      test: null,
      checkedAt,
    };
    return { webhook: polling };
  }
  const answer = await callTelegram(credentials, ctx, 'getWebhookInfo', {}, WebhookInfo);
  if (!answer.ok) return {};
  const info = answer.result;
  return {
    webhook: {
      mode: 'webhook',
      url: info.url === '' ? null : clip(info.url, 2048),
      expectedUrl: link.webhookUrl,
      active: null,
      pendingUpdateCount: info.pending_update_count,
      lastErrorAt: info.last_error_date === undefined ? null : info.last_error_date * SECOND_MS,
      lastErrorMessage: info.last_error_message === undefined ? null : clip(info.last_error_message, 1000),
      test: null,
      checkedAt,
    },
  };
}
