/**
 * Bot API errors → our codes. Telegram answers `{ ok: false, error_code,
 * description, parameters }`; error_code mirrors the HTTP status and the
 * description says why ("Forbidden: bot was blocked by the user",
 * "Bad Request: chat not found", "Too Many Requests: retry after 5").
 */
import type { ErrorCode } from '../../../shared/errors.js';
import type { ProviderFailure } from '../types.js';
import { clip } from '../provider-call.js';
import type { TgResponse } from './payload.js';

const SECOND_MS = 1000;

function failure(
  code: ErrorCode,
  retryable: boolean,
  providerError: string,
  retryAfterMs: number | null = null,
): ProviderFailure {
  return { code, providerError: clip(providerError, 500), retryable, retryAfterMs };
}

function badRequestCode(description: string): ErrorCode {
  // "Bad Request: file is too big" / "Request Entity Too Large" for uploads over the Bot API limits.
  if (/too big|too large/i.test(description)) return 'ATTACHMENT_TOO_LARGE';
  // "Bad Request: chat not found", "user not found", "PEER_ID_INVALID": the customer never started the bot.
  return 'PROVIDER_REJECTED';
}

/** Maps a failed Bot API call (HTTP status plus the body when it was JSON). */
export function mapTelegramFailure(httpStatus: number, body: TgResponse | null): ProviderFailure {
  const status = body?.error_code ?? httpStatus;
  const description = body?.description ?? `HTTP ${httpStatus}`;
  const providerError = `${status} ${description}`;
  if (status === 429) {
    // "Too Many Requests: retry after N": parameters.retry_after is the advised wait in seconds.
    const retryAfter = body?.parameters?.retry_after;
    return failure(
      'PROVIDER_RATE_LIMITED',
      true,
      providerError,
      retryAfter === undefined ? null : retryAfter * SECOND_MS,
    );
  }
  // "Forbidden: bot was blocked by the user", "bot was kicked from the group chat", "user is deactivated".
  if (status === 403) return failure('PROVIDER_BLOCKED', false, providerError);
  // A revoked or wrong bot token answers 401 Unauthorized (or 404 Not Found for the whole bot path).
  if (status === 401 || status === 404) return failure('PROVIDER_AUTH_FAILED', false, providerError);
  if (status === 413) return failure('ATTACHMENT_TOO_LARGE', false, providerError);
  if (status === 400) return failure(badRequestCode(description), false, providerError);
  if (status >= 500) return failure('PROVIDER_UNAVAILABLE', true, providerError);
  return failure('PROVIDER_REJECTED', false, providerError);
}
