/**
 * The claim columns of Postgres migration 0005 (store/postgres/claims.ts), so both schemas are the same.
 * An SQLite hub is one node and never fills them (store/sqlite/claims.ts).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 21;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE messages ADD COLUMN claimed_by TEXT;
    ALTER TABLE messages ADD COLUMN lease_until INTEGER;
    ALTER TABLE attachments ADD COLUMN claimed_by TEXT;
    ALTER TABLE attachments ADD COLUMN lease_until INTEGER;
  `);
}
