/**
 * Retry delays, written once for everything that tries again after a failure:
 * the client's hub connection, the hub's outbound dispatcher, the media
 * fetcher and the Telegram poller.
 *
 * The wait grows exponentially from `baseMs` (by `factor`, 2 unless told) and
 * never exceeds `maxMs`. Jitter spreads many callers that failed together (a
 * hub restart met by every client, a provider outage met by every queued
 * message) so they do not come back at the same instant: 'full' waits anywhere
 * in [0, delay], 'equal' in [delay / 2, delay], 'none' exactly the delay.
 *
 * A provider's own advice wins: a Retry-After (HTTP 429/503, RFC 9110 §10.2.3,
 * or Telegram's `parameters.retry_after`) is waited out even when it is longer
 * than the computed delay, but never longer than `maxMs`, so one bad header
 * cannot park a queue for hours.
 *
 * Only the arithmetic lives here, no retry loop: each user counts its own
 * attempts where it keeps them (the media fetcher's pending rows in the
 * database, the dispatcher's per-message count, the connection's and the
 * poller's failures in memory), asks `retryDelay(policy, attemptsMade)` (null:
 * give up) or `delayFor(policy, attemptsMade)`, and schedules the next try itself.
 */

export type BackoffJitter = 'full' | 'equal' | 'none';

export interface BackoffPolicy {
  /** The wait after the first failed attempt (before jitter). */
  readonly baseMs: number;
  /** No wait is ever longer, Retry-After included. */
  readonly maxMs: number;
  /** Growth per failed attempt; 2 when absent. */
  readonly factor?: number;
  readonly jitter: BackoffJitter;
  /** Attempts in all, the first one included; absent = keep trying. */
  readonly maxAttempts?: number;
}

export interface DelayOptions {
  /** The provider's advised wait, in ms (null or absent when it gave none). */
  readonly retryAfterMs?: number | null;
  /** Jitter source in [0, 1); Math.random when absent (tests pin it). */
  readonly random?: () => number;
}

const DEFAULT_FACTOR = 2;

/**
 * The wait before the next attempt, after `attempt` attempts have failed
 * (1 = the first try failed, so the wait is about `baseMs`).
 */
export function delayFor(policy: BackoffPolicy, attempt: number, options: DelayOptions = {}): number {
  const failed = Math.max(1, Math.floor(attempt));
  const factor = policy.factor ?? DEFAULT_FACTOR;
  // factor ** n overflows to Infinity long before it matters; Math.min takes care of it.
  const ceiling = Math.min(policy.maxMs, policy.baseMs * factor ** (failed - 1));
  const jittered = withJitter(ceiling, policy.jitter, options.random ?? Math.random);
  const advised = options.retryAfterMs ?? 0;
  return Math.min(Math.max(jittered, advised), policy.maxMs);
}

/** True while another attempt is allowed after `attemptsMade` attempts. */
export function mayRetry(policy: BackoffPolicy, attemptsMade: number): boolean {
  return policy.maxAttempts === undefined || attemptsMade < policy.maxAttempts;
}

/**
 * The wait before the next attempt after `attemptsMade` failed ones, or null
 * when the policy allows no more attempts (the caller gives up).
 */
export function retryDelay(policy: BackoffPolicy, attemptsMade: number, options: DelayOptions = {}): number | null {
  return mayRetry(policy, attemptsMade) ? delayFor(policy, attemptsMade, options) : null;
}

function withJitter(ceiling: number, jitter: BackoffJitter, random: () => number): number {
  switch (jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return Math.round(ceiling * random());
    case 'equal':
      return Math.round(ceiling / 2 + (ceiling / 2) * random());
  }
}

/** Retry settings as the hub's options name them (the dispatcher's and the media fetcher's policies). */
export interface RetryDelays {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
}

/** Those settings as a policy without jitter: each message's retries keep their order in its lane. */
export function backoffOf(delays: RetryDelays): BackoffPolicy {
  return { baseMs: delays.baseDelayMs, maxMs: delays.maxDelayMs, maxAttempts: delays.maxAttempts, jitter: 'none' };
}
