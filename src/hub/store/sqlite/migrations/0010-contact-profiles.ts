/**
 * Contact profiles (issue 13 §3). The hub asks LINE and WeChat for a new
 * sender's profile after answering the webhook: `profile_checked_at` is when it
 * last got an answer it keeps (a name, or "no profile"), `profile_attempts`
 * counts failed tries since. `name_set_by_agent` keeps a name an agent chose
 * from being overwritten by a refresh; `notes` are the agents' notes.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 10;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN profile_checked_at INTEGER;
    ALTER TABLE contacts ADD COLUMN profile_attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE contacts ADD COLUMN name_set_by_agent INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE contacts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
  `);
}
