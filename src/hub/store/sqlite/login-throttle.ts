/** The sign-in throttle's counts (hub migration 0020): one statement counts an attempt unless blocked. */
import { once } from '../../../node-shared/prepared.js';
import type { LoginThrottle } from '../../config.js';
import type { SqliteDb } from './db.js';
import type { LoginThrottleRepository, ThrottleCheck } from '../ports/login-throttle.js';
import { firstBlock, MAX_DOUBLINGS } from '../ports/login-throttle.js';

interface BeginParams {
  key: string;
  now: number;
  free: number;
  base: number;
  max: number;
  first: number;
}

export class SqliteLoginThrottleRepository implements LoginThrottleRepository {
  // No row back: the key is blocked (the update's WHERE kept the row as it was).
  private readonly beginStatement = once(() =>
    this.db.prepare<[BeginParams], { attempts: number }>(
      `INSERT INTO login_attempts (key, attempts, blocked_until, last_at) VALUES (@key, 1, @first, @now)
         ON CONFLICT (key) DO UPDATE SET
           attempts = attempts + 1,
           blocked_until = CASE WHEN attempts + 1 - @free >= 0
             THEN @now + min(@max, @base << min(attempts + 1 - @free, ${MAX_DOUBLINGS})) ELSE blocked_until END,
           last_at = @now
         WHERE blocked_until <= @now
         RETURNING attempts`,
    ),
  );
  private readonly blockedStatement = once(() =>
    this.db.prepare<[string], { blocked_until: number }>(`SELECT blocked_until FROM login_attempts WHERE key = ?`),
  );
  private readonly clearStatement = once(() => this.db.prepare<[string]>(`DELETE FROM login_attempts WHERE key = ?`));
  private readonly purgeStatement = once(() =>
    this.db.prepare<[number, number]>(`DELETE FROM login_attempts WHERE last_at < ? AND blocked_until <= ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async begin(key: string, now: number, rules: LoginThrottle): Promise<ThrottleCheck> {
    const params = {
      key,
      now,
      free: rules.freeAttempts,
      base: rules.baseDelayMs,
      max: rules.maxDelayMs,
      first: firstBlock(now, rules),
    };
    if (this.beginStatement().get(params)) return { allowed: true };
    // One connection: nothing changed the row since the statement above.
    const blockedUntil = this.blockedStatement().get(key)?.blocked_until ?? now;
    return { allowed: false, blockedUntil };
  }

  async clear(key: string): Promise<void> {
    this.clearStatement().run(key);
  }

  async purge(lastBefore: number, now: number): Promise<number> {
    return this.purgeStatement().run(lastBefore, now).changes;
  }
}
