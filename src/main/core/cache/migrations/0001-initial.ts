/**
 * The client cache's first schema: the slice of the hub the agent may see,
 * plus what only this client knows (sync position, outbox, drafts, read
 * markers, attachment files). STRICT tables; timestamps are integer
 * milliseconds UTC. Never edit a landed migration: add the next file.
 */
import type { MigrationDb as CacheMigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 1;

export function up(db: CacheMigrationDb): void {
  db.exec(`
    -- Entities are stored whole as the hub sent them (json, parsed with the
    -- shared schemas on read); the other columns exist for queries and indexes.
    CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      active INTEGER NOT NULL,
      -- live presence pushes update this without a new agent event
      presence TEXT NOT NULL,
      json TEXT NOT NULL
    ) STRICT;

    CREATE TABLE channels (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      -- includes linkedAgentIds, credits and settings
      json TEXT NOT NULL
    ) STRICT;

    CREATE TABLE contacts (
      -- stable integer key: the contact search index refers to it
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      channel_id TEXT NOT NULL,
      name TEXT NOT NULL,
      -- the phone number's digits only, for phone search whatever the formatting
      phone_digits TEXT,
      deleted_at INTEGER,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX contacts_by_channel ON contacts(channel_id);

    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      contact_id TEXT NOT NULL,
      status TEXT NOT NULL,
      assignee_id TEXT,
      last_message_at INTEGER NOT NULL,
      last_inbound_at INTEGER,
      updated_at INTEGER NOT NULL,
      json TEXT NOT NULL,
      -- inbound messages newer than this agent's read marker, kept current by the apply path
      unread INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX conversations_by_recency ON conversations(last_message_at DESC);
    CREATE INDEX conversations_by_assignee ON conversations(assignee_id, last_message_at DESC);
    CREATE INDEX conversations_by_contact ON conversations(contact_id);
    CREATE INDEX conversations_by_channel ON conversations(channel_id);

    CREATE TABLE messages (
      -- stable integer key: the message search index refers to it; grows in sync order
      rid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      conversation_id TEXT NOT NULL,
      direction TEXT NOT NULL,
      kind TEXT NOT NULL,
      sender_agent_id TEXT,
      client_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      -- the hub sequence number at which this client first learned of the message
      synced_seq INTEGER NOT NULL,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX messages_by_conversation_time ON messages(conversation_id, created_at, rid);
    CREATE INDEX messages_by_client_id ON messages(client_id) WHERE client_id IS NOT NULL;

    CREATE TABLE message_attachments (
      attachment_id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX message_attachments_by_message ON message_attachments(message_id);
    CREATE INDEX message_attachments_by_conversation ON message_attachments(conversation_id, created_at DESC);

    CREATE TABLE templates (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      json TEXT NOT NULL
    ) STRICT;
    CREATE INDEX templates_by_channel ON templates(channel_id);

    CREATE TABLE sync_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      -- the last hub event sequence number applied; sync asks for what follows
      last_seq INTEGER NOT NULL,
      last_synced_at INTEGER
    ) STRICT;
    INSERT INTO sync_state (id, last_seq, last_synced_at) VALUES (1, 0, NULL);

    CREATE TABLE outbox (
      client_id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      text TEXT,
      template_json TEXT,
      reply_to_message_id TEXT,
      -- JSON [{fileName, mimeType, size, path}] of files staged on disk for upload
      files_json TEXT NOT NULL,
      -- JSON [mediaId] once uploaded, so a retry never uploads twice
      media_ids_json TEXT,
      state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'held', 'failed')),
      reason_code TEXT,
      reason TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      -- what this client knew when the reply was written, to notice what changed since
      base_seq INTEGER NOT NULL,
      base_message_at INTEGER NOT NULL,
      base_assignee_id TEXT,
      -- the agent chose 'send anyway' for a held reply
      hold_overridden INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX outbox_by_conversation ON outbox(conversation_id, created_at);

    -- This agent's read markers; kept apart so a snapshot rebuild does not lose them.
    CREATE TABLE read_markers (
      conversation_id TEXT PRIMARY KEY,
      -- hub clock: messages created up to here are read
      read_at INTEGER NOT NULL,
      -- marked read here but the hub has not acknowledged it yet (offline)
      pending INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE drafts (
      conversation_id TEXT PRIMARY KEY,
      text TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE attachment_files (
      attachment_id TEXT PRIMARY KEY,
      -- file name inside the account's attachments folder
      file_name TEXT NOT NULL,
      mime_type TEXT NOT NULL,
      size INTEGER NOT NULL,
      last_used_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX attachment_files_by_use ON attachment_files(last_used_at);

    -- Search (see search/search-terms.ts): Latin words as words, CJK runs as
    -- single characters and as bigrams, so one- and two-character Japanese
    -- queries match. Contentless: the text lives in messages.json.
    CREATE VIRTUAL TABLE message_search USING fts5(
      words, uni, bi,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
    CREATE VIRTUAL TABLE contact_search USING fts5(
      words, uni, bi,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    );
  `);
}
