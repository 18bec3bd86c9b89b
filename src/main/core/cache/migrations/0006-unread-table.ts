/**
 * Unread counts in a narrow table of their own (docs/benchmarks.md, "cache
 * ingest", "initial sync"): every new inbound message adds one to its
 * conversation's count, and as a column of the conversation row (≈700 bytes
 * of JSON beside it) each such update rewrote the whole row: measured 2.3×
 * slower than here, and about a third of the apply path's time. The badge's
 * columns (assignee, channel, contact) are copied beside the count, so its
 * total stays index-only as with migration 0004; triggers copy them, and a
 * count written with a new conversation row, whoever inserts it.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 6;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE conversation_unread (
      conversation_id TEXT PRIMARY KEY,
      assignee_id TEXT,
      channel_id TEXT NOT NULL,
      contact_id TEXT NOT NULL,
      -- inbound messages newer than this agent's read marker, kept current by the apply path
      unread INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    INSERT INTO conversation_unread (conversation_id, assignee_id, channel_id, contact_id, unread)
      SELECT id, assignee_id, channel_id, contact_id, unread FROM conversations;
    -- The badge's sum (ConversationReader.unreadCount) reads this index only.
    CREATE INDEX conversation_unread_total ON conversation_unread(assignee_id, channel_id, contact_id, unread)
      WHERE unread > 0;
    -- conversations.unread is no longer kept; 0004's index on it would only cost writes.
    DROP INDEX conversations_unread;

    CREATE TRIGGER conversations_unread_in AFTER INSERT ON conversations BEGIN
      INSERT INTO conversation_unread (conversation_id, assignee_id, channel_id, contact_id, unread)
        VALUES (new.id, new.assignee_id, new.channel_id, new.contact_id, new.unread)
        ON CONFLICT (conversation_id) DO UPDATE SET assignee_id = excluded.assignee_id,
          channel_id = excluded.channel_id, contact_id = excluded.contact_id, unread = excluded.unread;
    END;
    CREATE TRIGGER conversations_unread_out AFTER DELETE ON conversations BEGIN
      DELETE FROM conversation_unread WHERE conversation_id = old.id;
    END;
    CREATE TRIGGER conversations_unread_moved AFTER UPDATE OF assignee_id, channel_id, contact_id ON conversations
    WHEN old.assignee_id IS NOT new.assignee_id OR old.channel_id IS NOT new.channel_id
      OR old.contact_id IS NOT new.contact_id
    BEGIN
      UPDATE conversation_unread SET assignee_id = new.assignee_id, channel_id = new.channel_id,
        contact_id = new.contact_id WHERE conversation_id = new.id;
    END;
  `);
}
