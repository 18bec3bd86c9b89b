/** Channel health in words: the status and reason of a channel, and Graph's quality and tier names. */
import type { Channel, ChannelHealthSummary } from '../../../../../shared/domain.js';
import type { T } from '../../../common/use-t.js';
import { healthEn } from '../../../i18n/admin/health.js';

type HealthKey = keyof typeof healthEn;

/** What a channel the hub never judged (or an older hub's) counts as. */
export const NOT_JUDGED: ChannelHealthSummary = { status: 'unknown', reason: 'not-checked', since: 0 };

export function summaryOf(channel: Channel): ChannelHealthSummary {
  return channel.health ?? NOT_JUDGED;
}

export function statusWords(t: T, summary: ChannelHealthSummary): string {
  return t(`health.status.${summary.status}`);
}

export function reasonWords(t: T, summary: ChannelHealthSummary): string | null {
  return summary.reason === null ? null : t(`health.reason.${summary.reason}`);
}

function isHealthKey(key: string): key is HealthKey {
  return Object.hasOwn(healthEn, key);
}

/** GREEN → "high (green)"; a value Graph adds later is shown as Graph spells it. */
export function qualityWords(t: T, rating: string): string {
  const key = `health.quality.${rating}`;
  return isHealthKey(key) ? t(key) : rating;
}

/** TIER_1K → "1,000 customers a day". */
export function tierWords(t: T, tier: string): string {
  const key = `health.tier.${tier}`;
  return isHealthKey(key) ? t(key) : tier;
}
