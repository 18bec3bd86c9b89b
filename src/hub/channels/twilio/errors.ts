/**
 * Twilio error codes → our codes, for both REST answers (`{ code, message }`)
 * and status callbacks (`ErrorCode`). Codes from Twilio's error dictionary
 * (twilio.com/docs/api/errors); 63xxx are the WhatsApp channel's own.
 */
import { mapProviderCode, permanent, transient, type CodeMapping, type CodeTable } from '../provider-codes.js';
import type { ProviderFailure } from '../types.js';

const BY_CODE: CodeTable = new Map<number, CodeMapping>([
  // Freeform message outside the 24-hour window.
  [63016, permanent('SESSION_WINDOW_CLOSED')],
  // Not a reachable WhatsApp user / invalid number.
  [63003, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  [63024, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  [21211, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  [21614, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  [30005, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  [30006, permanent('PROVIDER_NOT_ON_WHATSAPP')],
  // Country / geographic permissions.
  [21408, permanent('PROVIDER_UNREACHABLE_COUNTRY')],
  [21612, permanent('PROVIDER_UNREACHABLE_COUNTRY')],
  // The customer opted out or blocked.
  [21610, permanent('PROVIDER_BLOCKED')],
  [30004, permanent('PROVIDER_BLOCKED')],
  // Credentials / account.
  [20003, permanent('PROVIDER_AUTH_FAILED')],
  [20005, permanent('PROVIDER_AUTH_FAILED')],
  [63007, permanent('PROVIDER_AUTH_FAILED')],
  // Throttling: REST concurrency, WhatsApp rate and queue limits.
  [20429, transient('PROVIDER_RATE_LIMITED')],
  [14107, transient('PROVIDER_RATE_LIMITED')],
  [63018, transient('PROVIDER_RATE_LIMITED')],
  [30022, transient('PROVIDER_RATE_LIMITED')],
  // Twilio or the WhatsApp channel temporarily down.
  [20500, transient('PROVIDER_UNAVAILABLE')],
  [20503, transient('PROVIDER_UNAVAILABLE')],
  // Templates (Content API): missing variables, unknown or unapproved content.
  [21656, permanent('TEMPLATE_PARAMS_MISSING')],
  [63027, permanent('TEMPLATE_NOT_APPROVED')],
  [63028, permanent('TEMPLATE_PARAMS_MISSING')],
  // Media the channel could not fetch or accept.
  [63019, permanent('PROVIDER_REJECTED')],
  [11200, permanent('PROVIDER_REJECTED')],
]);

function describeTwilioError(code: number | null, message: string | null): string {
  return [code === null ? null : String(code), message]
    .filter((w): w is string => w !== null && w !== '')
    .join(' ')
    .slice(0, 500);
}

/**
 * Maps a Twilio error code. Unknown codes are permanent refusals unless the
 * HTTP status says Twilio was down or throttling.
 */
export function mapTwilioError(
  code: number | null,
  message: string | null,
  httpStatus: number | null,
  retryAfterMs: number | null,
): ProviderFailure {
  const providerError =
    describeTwilioError(code, message) || (httpStatus === null ? 'unknown Twilio error' : `HTTP ${httpStatus}`);
  return mapProviderCode(BY_CODE, code, providerError, httpStatus, retryAfterMs);
}
