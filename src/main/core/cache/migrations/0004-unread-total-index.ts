/**
 * The tray badge's unread total (ConversationReader.unreadCount) is read on
 * every applied page and at start-up; summed from the conversation rows it
 * took ≈0.5 s over 100,000 conversations (docs/benchmarks.md, "first paint")
 * and blocked the main process meanwhile. This partial index holds only
 * conversations with something unread and every column the sum filters on,
 * so the sum never reads a row.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 4;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE INDEX conversations_unread ON conversations(assignee_id, channel_id, contact_id, unread) WHERE unread > 0;
  `);
}
