/**
 * Slows repeated failed sign-ins per email + client address: a few free
 * attempts, then a wait that doubles with each further failure. An attempt
 * counts when it starts, before the password hash (asynchronous, tens of
 * milliseconds): counting when it ends let 200 parallel guesses all pass the
 * check before the first failure was recorded. A success clears the count.
 * Kept in memory: a restart forgets it, which only helps a legitimate user.
 */
import { AppError } from '../../shared/errors.js';
import type { LoginThrottle } from '../config.js';

interface Entry {
  /** Attempts started since the last success, finished or not. */
  attempts: number;
  blockedUntil: number;
}

const MAX_ENTRIES = 10_000;

export class LoginThrottler {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rules: LoginThrottle,
    private readonly now: () => number,
  ) {}

  private key(email: string, address: string): string {
    return `${email.toLowerCase()}|${address}`;
  }

  /**
   * Reserves an attempt, counted as failed until `recordSuccess` says otherwise.
   * Throws TOO_MANY_ATTEMPTS (with `retryAfterMs`) while the caller must wait.
   * Synchronous: no other attempt can slip in between the check and the count.
   */
  begin(email: string, address: string): void {
    const key = this.key(email, address);
    const now = this.now();
    const entry = this.entries.get(key) ?? { attempts: 0, blockedUntil: 0 };
    if (entry.blockedUntil > now) {
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterMs: entry.blockedUntil - now });
    }
    entry.attempts += 1;
    const over = entry.attempts - this.rules.freeAttempts;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.rules.maxDelayMs, this.rules.baseDelayMs * 2 ** over);
    this.remember(key, entry);
  }

  recordSuccess(email: string, address: string): void {
    this.entries.delete(this.key(email, address));
  }

  /** Most recently used last, so the oldest entry is the one forgotten when the map is full. */
  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
