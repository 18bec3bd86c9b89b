/**
 * Mark as unread (issue 13 §4): an agent may move their own read marker back
 * so the conversation's latest customer message counts unread again, on each
 * of their devices. Read markers otherwise only move forward (a late marker
 * from an offline device never undoes a newer one), so a marker that was moved
 * back says so: the snapshot tells a rebuilding client to take it as is.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 12;

export function up(db: MigrationDb): void {
  db.exec(`
    -- 1 while the marker stands where the agent moved it back to (mark as unread); a later read clears it
    ALTER TABLE conversation_reads ADD COLUMN marked_unread INTEGER NOT NULL DEFAULT 0;
  `);
}
