/**
 * Contact avatars (issue 13 §3). When a LINE or WeChat profile names a picture, the hub downloads it
 * into the blob store: `avatar` is its reference as clients get it (`{sha256, mimeType, size}` JSON, or
 * NULL), `avatar_source` the picture URL it came from, so a refresh naming the same URL downloads nothing.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 14;

export function up(db: MigrationDb): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN avatar TEXT;
    ALTER TABLE contacts ADD COLUMN avatar_source TEXT;
  `);
}
