/**
 * Channel queues in the cache (issue 14 §2): per channel, how many
 * conversations wait for an agent and since when the oldest waits, as the
 * hub last said (`queue.upsert`), so the inbox shows the figure offline too,
 * with the time it was true. A queue goes with its channel (removed, out of
 * sight, a rebuild empties the channels table).
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 15;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    CREATE TABLE queues (
      channel_id TEXT PRIMARY KEY,
      -- hub clock: when the hub last changed this queue
      updated_at INTEGER NOT NULL,
      json TEXT NOT NULL
    ) STRICT;

    CREATE TRIGGER queues_go_with_channel AFTER DELETE ON channels BEGIN
      DELETE FROM queues WHERE channel_id = old.id;
    END;
  `);
}
