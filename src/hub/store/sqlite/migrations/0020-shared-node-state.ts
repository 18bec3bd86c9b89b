/**
 * State every hub node must share (docs/scaling.md, "Shared state"), kept in the database instead of one
 * process's memory: the sign-in throttle's counts per email + address (services/login-throttle.ts) and the
 * round-robin position of automatic assignment per channel (services/routing/router.ts). On SQLite (one
 * node) the behaviour is today's; the tables are the same on Postgres (postgres/migrations/0003).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 20;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE login_attempts (
      -- lower-cased email, '|', client address
      key TEXT PRIMARY KEY,
      -- attempts started since the last success, finished or not
      attempts INTEGER NOT NULL,
      -- hub clock: no attempt is counted (TOO_MANY_ATTEMPTS) before this; 0 = not blocked
      blocked_until INTEGER NOT NULL,
      -- hub clock: the last attempt counted (housekeeping forgets old keys)
      last_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX login_attempts_last_at ON login_attempts(last_at);

    -- the last assigned_at stamp given on each channel; the next one is greater
    CREATE TABLE assignment_turns (
      channel_id TEXT PRIMARY KEY,
      stamp INTEGER NOT NULL
    ) STRICT;
  `);
}
