/**
 * Contact search and persons (issue 14 §4). `search_text` is what searchContacts matches: the contact's
 * name, phone, username, email and external id, NFKC-folded and lower-cased (contact-search.ts writes
 * it). Whenever the apply path rewrites a contact's JSON the trigger clears it, and the next search
 * fills in the cleared ones, so the apply path needs to know nothing of it. Contacts of one merged
 * person are found by the personId in their JSON (a small partial index: most contacts are not merged).
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 17;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN search_text TEXT;
    CREATE TRIGGER contacts_search_text_stale AFTER UPDATE OF json ON contacts WHEN new.search_text IS NOT NULL BEGIN
      UPDATE contacts SET search_text = NULL WHERE rid = new.rid;
    END;
    CREATE INDEX contacts_search_stale ON contacts(rid) WHERE search_text IS NULL;
    CREATE INDEX contacts_by_person ON contacts(json_extract(json, '$.personId'))
      WHERE json_extract(json, '$.personId') IS NOT NULL;
  `);
}
