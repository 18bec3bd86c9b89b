/**
 * Business hours, auto-reply and greeting (issue 14 §2, services/auto-messages.ts). `auto_messages` keeps
 * which automatic message a conversation has had, one row per (conversation, kind): the row and the queued
 * message commit together, so a webhook redelivered or a hub restarted never sends one twice. `contacts.language`
 * is the customer's language as the provider gave it (Telegram language_code, LINE profile language).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 17;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN language TEXT;

    -- no foreign keys: purging a contact deletes its conversations; rows of missing ones are never read
    CREATE TABLE auto_messages (
      conversation_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('autoReply', 'greeting')),
      message_id TEXT NOT NULL,
      -- hub clock
      created_at INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, kind)
    ) STRICT, WITHOUT ROWID;
  `);
}
