/**
 * Shared by the adapters that map numeric provider error codes (WhatsApp
 * Graph codes, Twilio codes, WeChat errcodes): a code table, the HTTP-status
 * fallback for codes not in it, the delivery state named by a provider's
 * receipt status, and the failures every adapter and the dispatcher report
 * the same way (a refusal, a partly sent multi-part message).
 */
import type { ErrorCode } from '../../shared/errors.js';
import type { InboundEvent, ProviderFailure, SendResult } from './types.js';

export interface CodeMapping {
  readonly code: ErrorCode;
  readonly retryable: boolean;
}

export type CodeTable = ReadonlyMap<number, CodeMapping>;

export const transient = (code: ErrorCode): CodeMapping => ({ code, retryable: true });
export const permanent = (code: ErrorCode): CodeMapping => ({ code, retryable: false });

/** A provider code from `table`; for codes it does not list, the HTTP status decides (`statusFailure`). */
export function mapProviderCode(
  table: CodeTable,
  code: number | null,
  providerError: string,
  httpStatus: number | null,
  retryAfterMs: number | null,
): ProviderFailure {
  const known = code === null ? undefined : table.get(code);
  if (known)
    return {
      code: known.code,
      providerError,
      retryable: known.retryable,
      retryAfterMs: known.retryable ? retryAfterMs : null,
    };
  return statusFailure(httpStatus, providerError, retryAfterMs);
}

/**
 * What an HTTP status alone says (no provider code we know): 429 throttled
 * and 5xx down are retried, 401/403 are credentials, anything else (or no
 * status) is a refusal.
 */
export function statusFailure(
  httpStatus: number | null,
  providerError: string,
  retryAfterMs: number | null,
): ProviderFailure {
  if (httpStatus === 429) return { code: 'PROVIDER_RATE_LIMITED', providerError, retryable: true, retryAfterMs };
  if (httpStatus !== null && httpStatus >= 500)
    return { code: 'PROVIDER_UNAVAILABLE', providerError, retryable: true, retryAfterMs };
  if (httpStatus === 401 || httpStatus === 403) return refusal('PROVIDER_AUTH_FAILED', providerError);
  return refusal('PROVIDER_REJECTED', providerError);
}

export type ReceiptState = Extract<InboundEvent, { type: 'status' }>['state'];

/** Our delivery state for a receipt status; `failedAliases` also mean failed; others (queued …) change nothing. */
export function receiptStateOf(status: string, failedAliases: readonly string[] = []): ReceiptState | null {
  switch (status) {
    case 'sent':
    case 'delivered':
    case 'read':
    case 'failed':
      return status;
    default:
      return failedAliases.includes(status) ? 'failed' : null;
  }
}

/** A failure that retrying cannot mend, so none is advised. */
export function refusal(code: ErrorCode, providerError: string): ProviderFailure {
  return { code, providerError, retryable: false, retryAfterMs: null };
}

/** A send that cannot succeed by retrying (nothing to send, bad stored credentials …). */
export function refusedSend(code: ErrorCode, providerError: string): SendResult {
  return { ok: false, error: refusal(code, providerError) };
}

/**
 * A multi-part send (several attachments) that failed after `sentCount` parts
 * went out: retrying would send those twice, so the rest fails for the agent
 * to resend instead.
 */
export function partialFailure(error: ProviderFailure, sentCount: number, total: number): SendResult {
  if (sentCount === 0) return { ok: false, error };
  const providerError = `${sentCount} of ${total} parts sent; ${error.providerError}`.slice(0, 500);
  return { ok: false, error: refusal(error.code, providerError) };
}
