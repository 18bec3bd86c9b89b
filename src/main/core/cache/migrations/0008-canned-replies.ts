/**
 * Canned replies in the cache (the composer offers them offline): the team's
 * replies of the agent's channels and its own, stored whole as the hub sent
 * them. A cache that synced before this table existed may have skipped the
 * hub's first canned-reply events (an older client could not read them), so
 * it rebuilds once from a snapshot: its log identity is set to one no hub
 * has, which `sync` answers with `reset` (queued replies and drafts stay).
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 8;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE canned_replies (
      id TEXT PRIMARY KEY,
      -- NULL: for every channel
      channel_id TEXT,
      -- NULL: a team reply; else this agent (the hub sends no one else's)
      owner_id TEXT,
      title TEXT NOT NULL,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX canned_replies_by_channel ON canned_replies(channel_id, title);

    UPDATE sync_state SET log_id = 'rebuild:canned-replies' WHERE last_seq > 0;
  `);
}
