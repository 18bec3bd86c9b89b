/**
 * Snoozed conversations and the agent's preferences. The inbox hides a
 * conversation while its snoozedUntil is in the future and the 'snoozed' view
 * lists only those; both read the time from a generated column so the apply
 * path keeps writing the hub's JSON as it is.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 3;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    -- null when not snoozed; a past time means the snooze has run out (the hub clears it on wake-up)
    ALTER TABLE conversations ADD COLUMN snoozed_until INTEGER
      GENERATED ALWAYS AS (json_extract(json, '$.snoozedUntil')) VIRTUAL;
    -- the few snoozed conversations, read once per inbox query
    CREATE INDEX conversations_snoozed ON conversations(snoozed_until) WHERE snoozed_until IS NOT NULL;

    -- One row: what this agent chose on this machine (notification sound, …), as JSON
    -- parsed with the shared Preferences schema.
    CREATE TABLE preferences (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      json TEXT NOT NULL
    ) STRICT;
  `);
}
