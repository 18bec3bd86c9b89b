/**
 * WhatsApp Cloud API error codes → our codes. Meta recommends handling by
 * `code` (and `error_data.details`), not by HTTP status or the deprecated
 * subcode. Codes from Meta's "Cloud API error codes" reference.
 */
import { mapProviderCode, permanent, transient, type CodeMapping, type CodeTable } from '../provider-codes.js';
import type { ProviderFailure } from '../types.js';

const BY_CODE: CodeTable = new Map<number, CodeMapping>([
  // Authorization: expired or invalid token, missing permission.
  [0, permanent('PROVIDER_AUTH_FAILED')],
  [3, permanent('PROVIDER_AUTH_FAILED')],
  [10, permanent('PROVIDER_AUTH_FAILED')],
  [190, permanent('PROVIDER_AUTH_FAILED')],
  // Throttling: app, account, throughput, spam and pair (same user) rate limits.
  [4, transient('PROVIDER_RATE_LIMITED')],
  [80007, transient('PROVIDER_RATE_LIMITED')],
  [130429, transient('PROVIDER_RATE_LIMITED')],
  [131048, transient('PROVIDER_RATE_LIMITED')],
  [131056, transient('PROVIDER_RATE_LIMITED')],
  // Meta-side outages: unknown, service, generic user error, service unavailable.
  [1, transient('PROVIDER_UNAVAILABLE')],
  [2, transient('PROVIDER_UNAVAILABLE')],
  [131000, transient('PROVIDER_UNAVAILABLE')],
  [131016, transient('PROVIDER_UNAVAILABLE')],
  [133004, transient('PROVIDER_UNAVAILABLE')],
  // 24-hour customer service window closed (470 is the older code of 131047).
  [131047, permanent('SESSION_WINDOW_CLOSED')],
  [470, permanent('SESSION_WINDOW_CLOSED')],
  // Undeliverable: not a WhatsApp user, old app, terms not accepted.
  [131026, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  // The customer stopped marketing messages.
  [131050, permanent('PROVIDER_BLOCKED')],
  // The business may not message users in this country.
  [130497, permanent('PROVIDER_UNREACHABLE_COUNTRY')],
  // Payment / eligibility problem on the account.
  [131042, permanent('CREDITS_EXHAUSTED')],
  // Templates: missing or wrong parameters, not found / not approved, paused, disabled, text too long.
  [132000, permanent('TEMPLATE_PARAMS_MISSING')],
  [132012, permanent('TEMPLATE_PARAMS_MISSING')],
  [132001, permanent('TEMPLATE_NOT_APPROVED')],
  [132015, permanent('TEMPLATE_NOT_APPROVED')],
  [132016, permanent('TEMPLATE_NOT_APPROVED')],
  [132005, permanent('TEMPLATE_TOO_LONG')],
]);

/** What an agent needs from a Graph error; `title`/`details` are kept as the provider's words. */
export interface GraphErrorInfo {
  readonly code: number;
  readonly title: string | null;
  readonly details: string | null;
}

export function describeGraphError(info: GraphErrorInfo): string {
  const words = [info.title, info.details].filter((w): w is string => typeof w === 'string' && w !== '');
  return `${info.code} ${words.join(': ')}`.trim().slice(0, 500);
}

/**
 * Maps a Graph error code. Unknown codes are permanent refusals unless the
 * HTTP status says the provider was down or throttling.
 */
export function mapWhatsappError(
  info: GraphErrorInfo,
  httpStatus: number | null,
  retryAfterMs: number | null,
): ProviderFailure {
  const providerError = describeGraphError(info);
  // Graph permission errors are a range, not a list.
  if (!BY_CODE.has(info.code) && info.code >= 200 && info.code <= 299) {
    return { code: 'PROVIDER_AUTH_FAILED', providerError, retryable: false, retryAfterMs: null };
  }
  return mapProviderCode(BY_CODE, info.code, providerError, httpStatus, retryAfterMs);
}
