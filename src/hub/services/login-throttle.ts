/**
 * Slows repeated failed sign-ins per email + client address: a few free
 * attempts, then a wait that doubles with each further failure. An attempt
 * counts when it starts, before the password hash (asynchronous, tens of
 * milliseconds): counting when it ends let 200 parallel guesses all pass the
 * check before the first failure was recorded. A success clears the count.
 * Kept in the store (store/ports/login-throttle.ts), so every hub node counts
 * the same attempts (docs/scaling.md); housekeeping forgets keys a day after
 * their last attempt, as a restart used to.
 */
import { AppError } from '../../shared/errors.js';
import type { LoginThrottle } from '../config.js';
import type { Store } from '../store/store.js';

/** Keys untouched this long (and no longer blocked) are forgotten by housekeeping. */
export const THROTTLE_MEMORY_MS = 24 * 60 * 60 * 1000;

export class LoginThrottler {
  constructor(
    private readonly store: Store,
    private readonly rules: LoginThrottle,
    private readonly now: () => number,
  ) {}

  private key(email: string, address: string): string {
    return `${email.toLowerCase()}|${address}`;
  }

  /**
   * Reserves an attempt, counted as failed until `recordSuccess` says otherwise.
   * Throws TOO_MANY_ATTEMPTS (with `retryAfterMs`) while the caller must wait.
   * One atomic statement: no other attempt, on this node or another, can slip
   * in between the check and the count.
   */
  async begin(email: string, address: string): Promise<void> {
    const now = this.now();
    const check = await this.store.loginThrottle.begin(this.key(email, address), now, this.rules);
    if (!check.allowed) {
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterMs: Math.max(1, check.blockedUntil - now) });
    }
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.store.loginThrottle.clear(this.key(email, address));
  }

  /** Housekeeping: forgets keys last attempted a day ago; how many. */
  async purge(): Promise<number> {
    const now = this.now();
    return await this.store.loginThrottle.purge(now - THROTTLE_MEMORY_MS, now);
  }
}
