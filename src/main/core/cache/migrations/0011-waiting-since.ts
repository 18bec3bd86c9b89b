/**
 * Longest waiting (issue 13 §4): the inbox sorts by the customer's oldest
 * message not answered yet. Kept on the conversation row, moved by triggers
 * on the messages written (whoever writes them: the apply path, a snapshot
 * rebuild), so the sort reads one index on 10,000+ conversations instead of
 * looking at each conversation's messages. Each trigger does O(1) work per
 * message: a customer message compares with the last reply, a reply looks
 * only at the customer messages after it (usually none).
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 11;

/** The customer's first message after `after` in conversation `id` (SQL expressions), or NULL. */
const firstInboundAfter = (id: string, after: string): string =>
  `(SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = ${id} AND m.direction = 'in'
     AND m.created_at > coalesce(${after}, -1))`;
/** The last reply (outbound, not a private note) of conversation `id`, or NULL. */
const lastReply = (id: string): string =>
  `(SELECT max(o.created_at) FROM messages o WHERE o.conversation_id = ${id} AND o.direction = 'out' AND o.kind <> 'note')`;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    -- hub clock: the last reply to the customer (an outbound message that is not a private note); NULL for none
    ALTER TABLE conversations ADD COLUMN last_reply_at INTEGER;
    -- hub clock: the customer's oldest message after the last reply; NULL when nothing waits for an answer
    ALTER TABLE conversations ADD COLUMN waiting_since INTEGER;
    UPDATE conversations SET last_reply_at = ${lastReply('conversations.id')};
    UPDATE conversations SET waiting_since = ${firstInboundAfter('conversations.id', 'conversations.last_reply_at')};
    -- Longest waiting first, then the answered ones by last activity (ConversationReader, sort 'waiting').
    CREATE INDEX conversations_by_waiting ON conversations(waiting_since IS NULL, waiting_since, last_message_at DESC);

    CREATE TRIGGER messages_waiting_in AFTER INSERT ON messages WHEN new.direction = 'in' BEGIN
      UPDATE conversations SET waiting_since = new.created_at
        WHERE id = new.conversation_id AND new.created_at > coalesce(last_reply_at, -1)
          AND (waiting_since IS NULL OR new.created_at < waiting_since);
    END;
    CREATE TRIGGER messages_waiting_answered AFTER INSERT ON messages
    WHEN new.direction = 'out' AND new.kind <> 'note' BEGIN
      UPDATE conversations SET last_reply_at = new.created_at,
          waiting_since = ${firstInboundAfter('new.conversation_id', 'new.created_at')}
        WHERE id = new.conversation_id AND new.created_at > coalesce(last_reply_at, -1);
    END;
    -- A conversation written after its messages (a rebuild's order may vary): counted from them once.
    CREATE TRIGGER conversations_waiting_new AFTER INSERT ON conversations BEGIN
      UPDATE conversations SET last_reply_at = ${lastReply('new.id')} WHERE id = new.id;
      UPDATE conversations SET waiting_since = ${firstInboundAfter('new.id', 'last_reply_at')} WHERE id = new.id;
    END;
  `);
}
