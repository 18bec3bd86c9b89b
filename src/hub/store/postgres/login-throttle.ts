/**
 * The sign-in throttle's counts on Postgres (as sqlite/login-throttle.ts): one INSERT … ON CONFLICT counts
 * an attempt unless the key is blocked, atomically across nodes (the conflicting row is locked while it is
 * updated, so attempts arriving at once on two nodes are both counted).
 */
import type { LoginThrottle } from '../../config.js';
import type { LoginThrottleRepository, ThrottleCheck } from '../ports/login-throttle.js';
import { firstBlock, MAX_DOUBLINGS } from '../ports/login-throttle.js';
import type { PgDb } from './db.js';

// $1 key, $2 now, $3 free attempts, $4 base delay, $5 max delay, $6 blocked_until of a first attempt.
const BEGIN = `
  INSERT INTO login_attempts AS a (key, attempts, blocked_until, last_at) VALUES ($1, 1, $6, $2)
  ON CONFLICT (key) DO UPDATE SET
    attempts = a.attempts + 1,
    blocked_until = CASE WHEN a.attempts + 1 - $3::bigint >= 0
      THEN $2::bigint + LEAST($5::bigint, $4::bigint << LEAST(a.attempts + 1 - $3::bigint, ${MAX_DOUBLINGS})::int)
      ELSE a.blocked_until END,
    last_at = $2
  WHERE a.blocked_until <= $2::bigint
  RETURNING attempts`;

/** Tries before giving up on a key that a success cleared between the two statements (never in practice). */
const TRIES = 3;

export class PostgresLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly db: PgDb) {}

  async begin(key: string, now: number, rules: LoginThrottle): Promise<ThrottleCheck> {
    const params = [key, now, rules.freeAttempts, rules.baseDelayMs, rules.maxDelayMs, firstBlock(now, rules)];
    for (let attempt = 1; ; attempt += 1) {
      if (await this.db.one(BEGIN, params)) return { allowed: true };
      const row = await this.db.one<{ blocked_until: number }>(
        `SELECT blocked_until FROM login_attempts WHERE key = $1`,
        [key],
      );
      // Still blocked; or (another node's success cleared it meanwhile) count again.
      if ((row && row.blocked_until > now) || attempt === TRIES)
        return { allowed: false, blockedUntil: row?.blocked_until ?? now };
    }
  }

  async clear(key: string): Promise<void> {
    await this.db.run(`DELETE FROM login_attempts WHERE key = $1`, [key]);
  }

  async purge(lastBefore: number, now: number): Promise<number> {
    return await this.db.run(`DELETE FROM login_attempts WHERE last_at < $1 AND blocked_until <= $2`, [
      lastBefore,
      now,
    ]);
  }
}
