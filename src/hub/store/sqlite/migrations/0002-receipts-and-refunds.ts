/**
 * Receipts that cannot be lost: every provider id of an outbound message
 * (Twilio answers one SID per attachment), receipts that arrived before the
 * send result named their message, and which message a credit entry was for
 * (so a failed template's charge can be refunded once).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 2;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE message_provider_ids (
      channel_id TEXT NOT NULL,
      provider_message_id TEXT NOT NULL,
      message_id TEXT NOT NULL REFERENCES messages(id),
      -- the delivery state of this part; the message follows its least advanced part
      state TEXT NOT NULL,
      failure_code TEXT,
      failure_reason TEXT,
      PRIMARY KEY (channel_id, provider_message_id)
    ) STRICT;
    CREATE INDEX message_provider_ids_of_message ON message_provider_ids(message_id);

    -- status receipts for a provider id no message has yet; applied when the send result stores it
    CREATE TABLE early_receipts (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      channel_id TEXT NOT NULL,
      provider_message_id TEXT NOT NULL,
      state TEXT NOT NULL,
      failure_code TEXT,
      failure_reason TEXT,
      received_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX early_receipts_by_provider_id ON early_receipts(channel_id, provider_message_id);

    ALTER TABLE credit_ledger ADD COLUMN message_id TEXT;
    CREATE INDEX credit_ledger_by_conversation ON credit_ledger(conversation_id, created_at);
  `);
}
