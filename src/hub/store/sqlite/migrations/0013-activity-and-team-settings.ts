/**
 * Activity lines and team settings (issue 13 §4). `conversation_activity`
 * keeps who changed a conversation's assignment, status, snooze, labels or
 * ticket, so a client rebuilding from a snapshot after the log was compacted
 * still gets the thread's history. `team_settings` holds hub-wide choices an
 * admin makes for the whole team (key → JSON value), e.g. whether replying to
 * an unassigned conversation assigns it to the replier.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 13;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE conversation_activity (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      -- the Activity as clients get it (src/shared/activity.ts)
      body TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX conversation_activity_by_conversation ON conversation_activity(conversation_id, at, id);
    CREATE INDEX conversation_activity_by_channel ON conversation_activity(channel_id, id);

    CREATE TABLE team_settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
  `);
}
