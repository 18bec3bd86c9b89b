/**
 * Leases (store/ports/leases.ts): work done by one node at a time, and the small value it keeps (a Telegram
 * getUpdates offset, a sealed WeChat token). `holder` is NULL once released; `expires_at` is epoch ms.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 22;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE leases (
      name TEXT PRIMARY KEY,
      holder TEXT,
      expires_at INTEGER NOT NULL,
      value TEXT
    ) STRICT;
  `);
}
