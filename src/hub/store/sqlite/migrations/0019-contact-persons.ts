/**
 * Contact fields and persons (issue 14 §4). `email` and `attributes` (a JSON object, key → short text)
 * are what agents keep on a contact besides its name and notes. `person_id` joins contacts of different
 * channels that are one customer (POST /api/contacts/:id/merge); NULL when the contact is not merged.
 * Every merge is a row of `contact_merges` with the person ids it replaced (`before`, JSON
 * `[{contactId, personId}]`), so POST /api/contacts/:id/unmerge puts them back exactly. No foreign keys:
 * purging a contact (the trash) must not be held up by its merge history.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 19;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN email TEXT;
    ALTER TABLE contacts ADD COLUMN attributes TEXT;
    ALTER TABLE contacts ADD COLUMN person_id TEXT;
    CREATE INDEX contacts_by_person ON contacts(person_id) WHERE person_id IS NOT NULL;

    CREATE TABLE contact_merges (
      id TEXT PRIMARY KEY,
      -- the contact merged, and the one whose person it joined
      contact_id TEXT NOT NULL,
      into_contact_id TEXT NOT NULL,
      person_id TEXT NOT NULL,
      before TEXT NOT NULL,
      merged_by TEXT NOT NULL,
      merged_at INTEGER NOT NULL,
      undone_by TEXT,
      undone_at INTEGER
    ) STRICT;
    CREATE INDEX contact_merges_by_contact ON contact_merges(contact_id, merged_at);
    CREATE INDEX contact_merges_by_into ON contact_merges(into_contact_id, merged_at);
  `);
}
