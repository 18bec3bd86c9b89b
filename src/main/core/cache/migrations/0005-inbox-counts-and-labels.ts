/**
 * The inbox's total right after a change (docs/benchmarks.md, "inbox query"):
 * counting it visited every matching index entry (100,000 for the whole
 * inbox, ≈5–15 ms) and, for a label, read the labels out of each row's JSON
 * (≈80–100 ms). Here the totals are kept instead of counted: per assignee,
 * channel and status, and per label too, moved by triggers in the same
 * transaction as the conversation row, whoever writes it (the apply path, a
 * snapshot rebuild, a channel removal). Labels also get a row each, so a
 * label filter is an index lookup. Conversations of trashed contacts and
 * snoozed ones are few; the reader subtracts them (ConversationReader.count).
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 5;

/** Adds `delta` to the totals of one conversation row (`row`: new or old) and of each of its labels. */
function moveCounts(row: 'new' | 'old', delta: 1 | -1): string {
  // '' stands for unassigned: NULLs never conflict in a key, so the upsert could not find them.
  return `
    INSERT INTO conversation_counts (assignee, channel_id, status, n)
      VALUES (coalesce(${row}.assignee_id, ''), ${row}.channel_id, ${row}.status, ${delta})
      ON CONFLICT (assignee, channel_id, status) DO UPDATE SET n = n + excluded.n;
    INSERT INTO label_counts (label, assignee, channel_id, status, n)
      SELECT DISTINCT l.value, coalesce(${row}.assignee_id, ''), ${row}.channel_id, ${row}.status, ${delta}
      FROM json_each(${row}.json, '$.labels') l WHERE true
      ON CONFLICT (label, assignee, channel_id, status) DO UPDATE SET n = n + excluded.n;`;
}

const ADD_LABELS = `
    INSERT INTO conversation_labels (label, conversation_id)
      SELECT DISTINCT l.value, new.id FROM json_each(new.json, '$.labels') l;`;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE conversation_labels (
      label TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      PRIMARY KEY (label, conversation_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX conversation_labels_by_conversation ON conversation_labels(conversation_id);

    CREATE TABLE conversation_counts (
      assignee TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      status TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (assignee, channel_id, status)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE label_counts (
      label TEXT NOT NULL,
      assignee TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      status TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (label, assignee, channel_id, status)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO conversation_labels (label, conversation_id)
      SELECT DISTINCT l.value, c.id FROM conversations c, json_each(c.json, '$.labels') l;
    INSERT INTO conversation_counts (assignee, channel_id, status, n)
      SELECT coalesce(assignee_id, ''), channel_id, status, count(*) FROM conversations GROUP BY 1, 2, 3;
    INSERT INTO label_counts (label, assignee, channel_id, status, n)
      SELECT cl.label, coalesce(c.assignee_id, ''), c.channel_id, c.status, count(*)
      FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id GROUP BY 1, 2, 3, 4;

    CREATE TRIGGER conversations_counted_in AFTER INSERT ON conversations BEGIN
      ${moveCounts('new', 1)}
      ${ADD_LABELS}
    END;
    CREATE TRIGGER conversations_counted_out AFTER DELETE ON conversations BEGIN
      ${moveCounts('old', -1)}
      DELETE FROM conversation_labels WHERE conversation_id = old.id;
    END;
    -- Only when what is counted changes: the unread count and last activity move far more often.
    CREATE TRIGGER conversations_counted_again AFTER UPDATE OF id, channel_id, status, assignee_id, json
    ON conversations
    WHEN old.id IS NOT new.id OR old.channel_id IS NOT new.channel_id OR old.status IS NOT new.status
      OR old.assignee_id IS NOT new.assignee_id
      OR json_extract(old.json, '$.labels') IS NOT json_extract(new.json, '$.labels')
    BEGIN
      ${moveCounts('old', -1)}
      ${moveCounts('new', 1)}
      DELETE FROM conversation_labels WHERE conversation_id = old.id;
      ${ADD_LABELS}
    END;
  `);
}
