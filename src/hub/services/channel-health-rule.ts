/**
 * The one rule that turns a channel's health facts into its status and reason
 * (docs/hub.md, "Channel health"). The first match wins: failing reasons, then
 * warnings, then "unknown" for a channel nothing is known about yet; else ok.
 * Quiet is not failing: a channel no customer wrote to for a week is ok.
 */
import type { HealthReason, HealthStatus } from '../../shared/domain.js';
import type { ChannelHealthRecord } from '../store/ports/channel-health.js';

/** Failed sends in a row (for the channel's sake) before the channel counts as failing. */
export const SENDS_FAILING_IN_ROW = 3;

/** Send failures that say the channel is broken, not the customer: credentials, or the provider not answering. */
const CHANNEL_FAILURE_CODES: ReadonlySet<string> = new Set(['PROVIDER_AUTH_FAILED', 'PROVIDER_UNAVAILABLE']);

/** Whether a send failure with this code counts against the channel (others are about one customer or message). */
export function isChannelFailure(code: string): boolean {
  return CHANNEL_FAILURE_CODES.has(code);
}

/** WhatsApp quality that limits what the number may send (Graph `quality_rating`, phone number `status`). */
const LOW_QUALITY_RATINGS: ReadonlySet<string> = new Set(['RED']);
const FLAGGED_NUMBER_STATUSES: ReadonlySet<string> = new Set(['FLAGGED']);

export type HealthFacts = Pick<
  ChannelHealthRecord,
  'lastInboundAt' | 'lastSentAt' | 'sendFailuresInRow' | 'lastError' | 'token' | 'webhook' | 'quality'
>;

export interface HealthVerdict {
  readonly status: HealthStatus;
  readonly reason: HealthReason | null;
}

const REASON_STATUS: Readonly<Record<HealthReason, HealthStatus>> = {
  'token-refused': 'failing',
  'sends-failing': 'failing',
  'webhook-inactive': 'failing',
  'webhook-errors': 'failing',
  'send-failed': 'warning',
  'webhook-recent-error': 'warning',
  'quality-low': 'warning',
  'provider-unreachable': 'warning',
  'not-checked': 'unknown',
};

/** The webhook's trouble, if any: not delivering to us at all, piling up errors, or one error since the last inbound. */
function webhookReason(facts: HealthFacts): HealthReason | null {
  const webhook = facts.webhook;
  if (!webhook || webhook.mode === 'polling') return null;
  if (webhook.url === null || webhook.active === false) return 'webhook-inactive';
  if (webhook.expectedUrl !== null && webhook.url !== webhook.expectedUrl) return 'webhook-inactive';
  if (webhook.test && !webhook.test.success) return 'webhook-errors';
  // Telegram keeps its last delivery error even after deliveries resumed: only one newer than our last inbound counts.
  const errorAt = webhook.lastErrorAt;
  if (errorAt !== null && errorAt > (facts.lastInboundAt ?? 0)) {
    return (webhook.pendingUpdateCount ?? 0) > 0 ? 'webhook-errors' : 'webhook-recent-error';
  }
  return null;
}

function qualityLow(facts: HealthFacts): boolean {
  const quality = facts.quality;
  if (!quality) return false;
  return (
    LOW_QUALITY_RATINGS.has(quality.qualityRating ?? '') || FLAGGED_NUMBER_STATUSES.has(quality.numberStatus ?? '')
  );
}

function reasonOf(facts: HealthFacts): HealthReason | null {
  const token = facts.token?.status ?? 'not-checked';
  if (token === 'refused') return 'token-refused';
  if (facts.sendFailuresInRow >= SENDS_FAILING_IN_ROW) return 'sends-failing';
  const webhook = webhookReason(facts);
  if (webhook && REASON_STATUS[webhook] === 'failing') return webhook;
  if (facts.sendFailuresInRow > 0) return 'send-failed';
  if (webhook) return webhook;
  if (qualityLow(facts)) return 'quality-low';
  if (token === 'unreachable') return 'provider-unreachable';
  if (token === 'not-checked' && facts.lastInboundAt === null && facts.lastSentAt === null) return 'not-checked';
  return null;
}

export function judgeHealth(facts: HealthFacts): HealthVerdict {
  const reason = reasonOf(facts);
  return { status: reason === null ? 'ok' : REASON_STATUS[reason], reason };
}
