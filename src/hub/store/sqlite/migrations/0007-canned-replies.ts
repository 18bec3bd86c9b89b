/**
 * Canned replies get a table of their own: team replies (admins) and personal
 * ones (one agent), each for one channel or for all. The per-channel entries
 * that lived in `channels.settings.cannedReplies` ({title, text}) become team
 * replies of their channel, in their order, and leave the settings; each one
 * is also logged as a `cannedReply.upsert` event on its channel, so clients
 * that synced before the upgrade receive them like any later change.
 *
 * Only SQL runs here (MigrationDb), so the ids are UUIDv7 built in SQL: the
 * migration's time in the first 48 bits, version 7, the RFC 9562 variant, random
 * bits from randomblob. Rows whose settings are not JSON, entries that are not
 * objects and entries without a text are left out; an empty title becomes the
 * start of the text.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 7;

// The migration's own time (event times drive the log's age-based compaction, so they must be now); one
// millisecond more per entry keeps each channel's order.
const NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;

// Old entries were bounded by ChannelSettings (title ≤ 100, text ≤ 4,096); the cuts only guard odd rows.
const LEGACY_ENTRIES = `
  SELECT c.id AS channel_id,
         ${NOW_MS} + e.key AS at,
         trim(replace(replace(replace(coalesce(json_extract(e.value, '$.title'), ''),
           char(10), ' '), char(13), ' '), char(9), ' ')) AS title,
         json_extract(e.value, '$.text') AS text
    FROM channels c,
         json_each(CASE WHEN json_valid(c.settings) THEN c.settings ELSE '{}' END, '$.cannedReplies') e
   WHERE json_type(CASE WHEN json_valid(c.settings) THEN c.settings ELSE '{}' END, '$.cannedReplies') = 'array'
     AND e.type = 'object'
     AND json_type(e.value, '$.text') = 'text'
     AND trim(json_extract(e.value, '$.text')) <> ''`;

const UUIDV7_OF_AT = `
  substr(printf('%012x', at), 1, 8) || '-' || substr(printf('%012x', at), 9, 4) || '-7' ||
  substr(lower(hex(randomblob(2))), 1, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||
  substr(lower(hex(randomblob(2))), 1, 3) || '-' || lower(hex(randomblob(6)))`;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE canned_replies (
      id TEXT PRIMARY KEY,
      -- NULL: a team reply (admins manage it); else the agent whose personal reply it is
      owner_id TEXT REFERENCES agents(id),
      -- NULL: for every channel
      channel_id TEXT REFERENCES channels(id),
      title TEXT NOT NULL,
      -- typed after / in the composer; NULL when the reply has none
      shortcut TEXT,
      text TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX canned_replies_by_owner ON canned_replies(owner_id, channel_id);

    INSERT INTO canned_replies (id, owner_id, channel_id, title, shortcut, text, created_at, updated_at)
      SELECT ${UUIDV7_OF_AT}, NULL, channel_id,
             substr(CASE WHEN title <> '' THEN title
                         ELSE trim(replace(replace(replace(text, char(10), ' '), char(13), ' '), char(9), ' ')) END,
                    1, 100),
             NULL, substr(text, 1, 4096), at, at
        FROM (${LEGACY_ENTRIES});

    INSERT INTO events (at, type, channel_id, agent_id, body)
      SELECT created_at, 'cannedReply.upsert', channel_id, NULL,
             json_object('type', 'cannedReply.upsert', 'cannedReply', json_object(
               'id', id, 'ownerId', NULL, 'channelId', channel_id, 'title', title, 'shortcut', NULL,
               'text', text, 'createdAt', created_at, 'updatedAt', updated_at))
        FROM canned_replies ORDER BY created_at, id;

    UPDATE channels SET settings = json_remove(settings, '$.cannedReplies')
     WHERE json_valid(settings) AND json_type(settings, '$.cannedReplies') IS NOT NULL;
  `);
}
