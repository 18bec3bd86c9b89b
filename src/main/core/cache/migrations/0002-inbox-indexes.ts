/**
 * Indexes for the inbox over 100,000 conversations (docs/benchmarks.md,
 * "inbox query"): the list's total is counted on every filter, and without
 * these each count read every matching conversation row (≈600 bytes of JSON
 * each). With them a count touches index entries only, and the list's order
 * (last activity, then id) comes straight from an index.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 2;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    -- The inbox's order (last activity, then id) within each filter, so a page reads 50 rows
    -- and stops; contact_id last makes the same index cover the filter's count.
    CREATE INDEX conversations_inbox_order ON conversations(last_message_at DESC, id);
    CREATE INDEX conversations_by_assignee_status ON conversations(assignee_id, status, last_message_at DESC, id, contact_id);
    CREATE INDEX conversations_by_status ON conversations(status, last_message_at DESC, id, contact_id);
    CREATE INDEX conversations_by_channel_status ON conversations(channel_id, status, last_message_at DESC, id, contact_id);
    -- the few trashed contacts, read once per count instead of one lookup per conversation
    CREATE INDEX contacts_trashed ON contacts(id) WHERE deleted_at IS NOT NULL;
  `);
}
