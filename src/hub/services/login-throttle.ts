/**
 * Slows repeated failed sign-ins per email + client address: a few free
 * attempts, then a wait that doubles with each further failure. Kept in
 * memory: a restart forgets it, which only helps a legitimate user.
 */
import { AppError } from '../../shared/errors.js';
import type { LoginThrottle } from '../config.js';

interface Entry {
  failures: number;
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

  /** Throws TOO_MANY_ATTEMPTS while the caller must wait. */
  check(email: string, address: string): void {
    const entry = this.entries.get(this.key(email, address));
    const now = this.now();
    if (entry && entry.blockedUntil > now) {
      const retryAfterMs = entry.blockedUntil - now;
      throw new AppError('TOO_MANY_ATTEMPTS', undefined, { retryAfterMs });
    }
  }

  recordFailure(email: string, address: string): void {
    const key = this.key(email, address);
    const entry = this.entries.get(key) ?? { failures: 0, blockedUntil: 0 };
    entry.failures += 1;
    const over = entry.failures - this.rules.freeAttempts;
    if (over >= 0) {
      const delay = Math.min(this.rules.maxDelayMs, this.rules.baseDelayMs * 2 ** over);
      entry.blockedUntil = this.now() + delay;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  recordSuccess(email: string, address: string): void {
    this.entries.delete(this.key(email, address));
  }
}
