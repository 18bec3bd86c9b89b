/**
 * WeChat API errors → our codes. WeChat answers HTTP 200 with
 * `{ errcode, errmsg }` for every failure; errcode 0 is success. Codes from
 * the Official Account "全局返回码说明" (global return codes).
 */
import type { ErrorCode } from '../../../shared/errors.js';
import { clip } from '../provider-call.js';
import { permanent, transient, type CodeMapping, type CodeTable } from '../provider-codes.js';
import type { ProviderFailure } from '../types.js';

/** The access token is stale or was replaced by a newer one: refresh it and try once more. */
export const ACCESS_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

const BY_ERRCODE: CodeTable = new Map<number, CodeMapping>([
  // -1 "system error": WeChat is busy, try again.
  [-1, transient('PROVIDER_UNAVAILABLE')],
  // Token and account problems an admin must fix: bad token after a refresh, AppID, AppSecret, IP whitelist, API permission.
  [40001, permanent('PROVIDER_AUTH_FAILED')],
  [40014, permanent('PROVIDER_AUTH_FAILED')],
  [42001, permanent('PROVIDER_AUTH_FAILED')],
  [40002, permanent('PROVIDER_AUTH_FAILED')],
  [40013, permanent('PROVIDER_AUTH_FAILED')],
  [40125, permanent('PROVIDER_AUTH_FAILED')],
  [40164, permanent('PROVIDER_AUTH_FAILED')],
  [41001, permanent('PROVIDER_AUTH_FAILED')],
  [48001, permanent('PROVIDER_AUTH_FAILED')],
  // 45015 "response out of time limit or subscription is canceled": 48 h since the customer last wrote.
  [45015, permanent('SESSION_WINDOW_CLOSED_NO_SEND')],
  // 45047 "out of response count limit": the replies allowed since the customer last wrote are used up.
  [45047, permanent('SESSION_WINDOW_CLOSED_NO_SEND')],
  // The customer unfollowed the account (43004) or blacklisted it (43019).
  [43004, permanent('PROVIDER_BLOCKED')],
  [43019, permanent('PROVIDER_BLOCKED')],
  // Quotas: daily API quota, per-minute quota.
  [45009, transient('PROVIDER_RATE_LIMITED')],
  [45011, transient('PROVIDER_RATE_LIMITED')],
  // Media: wrong type, wrong file, too large, voice too long.
  [40004, permanent('ATTACHMENT_TYPE_NOT_ALLOWED')],
  [40005, permanent('ATTACHMENT_TYPE_NOT_ALLOWED')],
  [40006, permanent('ATTACHMENT_TOO_LARGE')],
  [45001, permanent('ATTACHMENT_TOO_LARGE')],
  [45007, permanent('ATTACHMENT_TOO_LARGE')],
]);

export function mapWechatErrcode(errcode: number, errmsg: string): ProviderFailure {
  const mapping = BY_ERRCODE.get(errcode) ?? permanent('PROVIDER_REJECTED');
  return {
    code: mapping.code,
    retryable: mapping.retryable,
    providerError: clip(`${errcode} ${errmsg}`, 500),
    retryAfterMs: null,
  };
}

/** A non-200 answer (a gateway in front of WeChat): 5xx and 429 are worth retrying. */
export function mapWechatHttpStatus(status: number): ProviderFailure {
  const retryable = status >= 500 || status === 429;
  const code: ErrorCode =
    status === 429 ? 'PROVIDER_RATE_LIMITED' : retryable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_REJECTED';
  return { code, retryable, providerError: `HTTP ${status}`, retryAfterMs: null };
}
