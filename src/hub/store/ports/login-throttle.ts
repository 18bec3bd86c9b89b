/**
 * The sign-in throttle's counts (services/login-throttle.ts; docs/hub.md, "Sessions and rate limits"), kept
 * in the store so every hub node counts the same attempts: a guesser spread over several nodes behind a
 * load balancer waits as long as one talking to a single node.
 */
import type { LoginThrottle } from '../../config.js';

/** What `begin` decided: the attempt is counted, or the caller must wait until `blockedUntil`. */
export type ThrottleCheck = { readonly allowed: true } | { readonly allowed: false; readonly blockedUntil: number };

export interface LoginThrottleRepository {
  /**
   * Counts an attempt for `key` (email + address) unless it is blocked at `now`; with the count over
   * `rules.freeAttempts` the key is blocked for a wait that doubles with each further attempt, up to
   * `rules.maxDelayMs`. Atomic: attempts that arrive at once on any nodes are each counted, none lost.
   */
  begin(key: string, now: number, rules: LoginThrottle): Promise<ThrottleCheck>;
  /** A success: the key's count starts over. */
  clear(key: string): Promise<void>;
  /** Forgets keys last attempted before `lastBefore` and no longer blocked at `now` (housekeeping); how many. */
  purge(lastBefore: number, now: number): Promise<number>;
}

/** The wait stops doubling long before this many doublings (2 s × 2^9 > 15 min); keeps the shift in range. */
export const MAX_DOUBLINGS = 40;

/** The wait after the attempt numbered `attempts` (1 = the first since a success), or null when it is free. */
export function waitAfter(attempts: number, rules: LoginThrottle): number | null {
  const over = attempts - rules.freeAttempts;
  if (over < 0) return null;
  return Math.min(rules.maxDelayMs, rules.baseDelayMs * 2 ** Math.min(over, MAX_DOUBLINGS));
}

/** `blocked_until` of a key's first attempt: blocked at once only when no attempt is free. */
export function firstBlock(now: number, rules: LoginThrottle): number {
  const wait = waitAfter(1, rules);
  return wait === null ? 0 : now + wait;
}
