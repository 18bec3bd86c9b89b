/**
 * A conversation's preview says which kind of message it stands for (issue 13 §1): when the last
 * message has no words, the preview is the hub's label of its kind ("[Image]") and the client shows
 * that kind in the agent's language. Rows written before keep their English label and no kind.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 11;

export function up(db: MigrationDb): void {
  db.exec(`
    -- JSON {kind, event?} when last_message_preview is the hub's label of that kind; NULL for words or older rows
    ALTER TABLE conversations ADD COLUMN last_message_label TEXT;
  `);
}
