/**
 * Channels (issue 12): what the provider said about the credentials when they were saved, and the
 * channel trash. A trashed channel keeps its identity (no second channel may take it), its links,
 * conversations, credentials and credits, so a restore brings all of it back; `deleted_at` stays for
 * channels deleted before the trash existed, which are gone for good.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 3;

export function up(db: MigrationDb): void {
  db.exec(`
    -- ChannelVerification as JSON: {status, checkedAt, reason, code, identity}; channels saved before
    -- the hub verified credentials read as unverified, never checked
    ALTER TABLE channels ADD COLUMN verification TEXT NOT NULL
      DEFAULT '{"status":"unverified","checkedAt":null,"reason":null,"code":null,"identity":null}';
    -- set while the channel is in the trash; NULL otherwise
    ALTER TABLE channels ADD COLUMN trashed_at INTEGER;
    -- GET /api/channels/trash
    CREATE INDEX channels_in_trash ON channels(trashed_at) WHERE trashed_at IS NOT NULL AND deleted_at IS NULL;
  `);
}
