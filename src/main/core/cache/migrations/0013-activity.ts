/**
 * Activity lines in the cache (issue 13 §4): who changed a conversation's
 * assignment, status, snooze, labels or ticket, stored whole as the hub sent
 * them, so the thread shows them offline too. They go with their
 * conversation (a purged contact, a channel out of sight, a rebuild). A cache
 * that synced before this table existed skipped the hub's activity events it
 * could not read, so it rebuilds once from a snapshot (queued replies and
 * drafts stay), as 0008 did for canned replies.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 13;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE activity (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      -- hub clock
      at INTEGER NOT NULL,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX activity_by_conversation ON activity(conversation_id, at, id);

    CREATE TRIGGER activity_goes_with_conversation AFTER DELETE ON conversations BEGIN
      DELETE FROM activity WHERE conversation_id = old.id;
    END;

    UPDATE sync_state SET log_id = 'rebuild:activity' WHERE last_seq > 0;
  `);
}
