/**
 * LINE Messaging API errors → our codes. LINE answers with the HTTP status and
 * `{ message, details: [{ message, property }] }`
 * (https://developers.line.biz/en/reference/messaging-api/#status-codes).
 */
import type { ErrorCode } from '../../../shared/errors.js';
import { clip } from '../provider-call.js';
import type { ProviderFailure } from '../types.js';
import { LineErrorBody } from './payload.js';

function failure(code: ErrorCode, retryable: boolean, providerError: string): ProviderFailure {
  return { code, providerError: clip(providerError, 500), retryable, retryAfterMs: null };
}

/** "400 The request body has 2 error(s): messages[0].text must be specified". */
export function describeLineError(status: number, body: unknown): string {
  const parsed = LineErrorBody.safeParse(body);
  if (!parsed.success) return `${status} HTTP ${status}`;
  const details = (parsed.data.details ?? [])
    .map((d) => [d.property, d.message].filter((p) => p !== undefined).join(' '))
    .filter((d) => d !== '');
  return details.length > 0
    ? `${status} ${parsed.data.message}: ${details.join('; ')}`
    : `${status} ${parsed.data.message}`;
}

export function mapLineFailure(status: number, body: unknown): ProviderFailure {
  const providerError = describeLineError(status, body);
  if (status === 429) {
    // 429 is both the per-second rate limit (wait and retry) and the monthly message quota (retrying cannot help).
    if (/monthly limit/i.test(providerError)) return failure('PROVIDER_REJECTED', false, providerError);
    return failure('PROVIDER_RATE_LIMITED', true, providerError);
  }
  if (status === 401) return failure('PROVIDER_AUTH_FAILED', false, providerError);
  if (status === 413) return failure('ATTACHMENT_TOO_LARGE', false, providerError);
  if (status >= 500) return failure('PROVIDER_UNAVAILABLE', true, providerError);
  // 400 invalid request (bad user id, bad message), 403 no permission for this endpoint, 404 unknown user.
  return failure('PROVIDER_REJECTED', false, providerError);
}

/** LINE's reply API refuses a used or expired reply token this way; the message then goes by push. */
export function isInvalidReplyToken(status: number, body: unknown): boolean {
  const parsed = LineErrorBody.safeParse(body);
  return status === 400 && parsed.success && /invalid reply token/i.test(parsed.data.message);
}
