/**
 * What the agent did about a failed reply of theirs that the hub stored (issue 13 §1): sent it again
 * (a new reply with a new client id; the old one stays, marked, so it is not shown twice as failed)
 * or discarded it (no longer shown in the thread, and no longer a failed send on the inbox row).
 * The hub's copy is not changed: this is the agent's own view, kept in their cache.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 10;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE message_dismissals (
      message_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      -- 'retried': sent again as a new reply; 'discarded': the agent dropped it
      reason TEXT NOT NULL CHECK (reason IN ('retried', 'discarded')),
      at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX message_dismissals_by_conversation ON message_dismissals(conversation_id);
  `);
}
