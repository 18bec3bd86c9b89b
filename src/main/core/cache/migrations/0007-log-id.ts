/**
 * Which hub log the cache's sequence number belongs to. A hub restored from a
 * backup starts a new log identity and issues seqs again from the backup's;
 * a cache that remembers the identity it synced against is told to rebuild
 * (`sync` answers reset) instead of skipping the re-issued seqs as applied.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 7;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    -- null until the first sync or snapshot from a hub that names its log
    ALTER TABLE sync_state ADD COLUMN log_id TEXT;
  `);
}
