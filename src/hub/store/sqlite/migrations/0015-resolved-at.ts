/**
 * Conversations end when resolved (issue 14 §1, docs/lifecycle.md "Conversations and tickets"):
 * `resolved_at` is when a conversation was last resolved (hub clock), NULL while it is not. The customer's
 * next message reopens it within the channel's reopen window counted from this, else opens a new one.
 * Conversations resolved before this migration count as resolved when they were last changed.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 15;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE conversations ADD COLUMN resolved_at INTEGER;
    UPDATE conversations SET resolved_at = updated_at WHERE status = 'resolved';
  `);
}
