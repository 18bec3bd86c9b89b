/**
 * The hub's first schema. STRICT tables; timestamps are integer milliseconds
 * UTC; ids are text (UUIDv7 for hub-made rows). Never edit a landed
 * migration: add the next numbered file instead.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 1;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE hub_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE agents (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL COLLATE NOCASE UNIQUE,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
      -- JSON {view, create, update, delete}: the IM permission set (SPEC §6)
      permissions TEXT NOT NULL,
      -- 'scrypt$N$r$p$salt$hash' (base64 salt and hash)
      password_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sessions (
      -- sha256 (hex) of the opaque bearer token; the token itself is never stored
      token_hash TEXT PRIMARY KEY,
      agent_id TEXT NOT NULL REFERENCES agents(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) STRICT;
    CREATE INDEX sessions_by_agent ON sessions(agent_id);

    CREATE TABLE channels (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      -- provider identity from the adapter (phone number id, bot id …); fixed for life (FAQ 33, 36)
      identity TEXT NOT NULL,
      settings TEXT NOT NULL,
      -- AES-256-GCM sealed JSON credentials: never returned by any API
      credentials BLOB NOT NULL,
      -- WhatsApp credits (SPEC §7); NULL for kinds that are not charged
      credits_balance INTEGER,
      credits_cancellation_scheduled INTEGER NOT NULL DEFAULT 0,
      credits_updated_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      -- soft delete keeps conversations and messages intact
      deleted_at INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX channels_unique_identity ON channels(kind, identity) WHERE deleted_at IS NULL;

    CREATE TABLE channel_agents (
      channel_id TEXT NOT NULL REFERENCES channels(id),
      agent_id TEXT NOT NULL REFERENCES agents(id),
      linked_at INTEGER NOT NULL,
      PRIMARY KEY (channel_id, agent_id)
    ) STRICT;
    CREATE INDEX channel_agents_by_agent ON channel_agents(agent_id);

    CREATE TABLE contacts (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL REFERENCES channels(id),
      external_id TEXT NOT NULL,
      -- group id for group chats (Telegram/LINE groups); '' for one-to-one chats
      thread_key TEXT NOT NULL DEFAULT '',
      name TEXT NOT NULL,
      phone TEXT,
      username TEXT,
      -- trash (SPEC §2, FAQ 55): set while deleted, NULL otherwise
      deleted_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX contacts_by_sender ON contacts(channel_id, external_id, thread_key);

    CREATE TABLE tickets (
      id TEXT PRIMARY KEY,
      number INTEGER NOT NULL UNIQUE,
      subject TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL REFERENCES channels(id),
      contact_id TEXT NOT NULL REFERENCES contacts(id),
      status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
      assignee_id TEXT REFERENCES agents(id),
      ticket_id TEXT REFERENCES tickets(id),
      -- the customer's last inbound message: the session window counts from it
      last_inbound_at INTEGER,
      last_message_at INTEGER NOT NULL,
      last_message_preview TEXT NOT NULL,
      snoozed_until INTEGER,
      labels TEXT NOT NULL DEFAULT '[]',
      -- LINE reply token of the last inbound message and when it stops being accepted
      reply_token TEXT,
      reply_token_expires_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX conversations_latest_of_contact ON conversations(contact_id, created_at);
    CREATE INDEX conversations_list_by_activity ON conversations(last_message_at, id);
    CREATE INDEX conversations_open_by_assignee ON conversations(assignee_id, status);

    CREATE TABLE messages (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id),
      -- denormalised from the conversation for provider-id dedup
      channel_id TEXT NOT NULL REFERENCES channels(id),
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
      kind TEXT NOT NULL,
      text TEXT,
      meta TEXT NOT NULL DEFAULT '{}',
      provider_message_id TEXT,
      -- UUIDv7 chosen by the sending client: one message per client id
      client_id TEXT UNIQUE,
      sender_agent_id TEXT REFERENCES agents(id),
      state TEXT NOT NULL,
      failure_code TEXT,
      failure_reason TEXT,
      -- the message this one quotes (outbound replies)
      reply_to_message_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX messages_dedup_by_provider_id ON messages(channel_id, provider_message_id)
      WHERE provider_message_id IS NOT NULL;
    CREATE INDEX messages_page_by_conversation ON messages(conversation_id, created_at, id);
    CREATE INDEX messages_queued_outbound ON messages(created_at, id) WHERE state = 'queued';

    CREATE TABLE media_uploads (
      id TEXT PRIMARY KEY,
      agent_id TEXT NOT NULL REFERENCES agents(id),
      sha256 TEXT NOT NULL,
      mime_type TEXT NOT NULL,
      file_name TEXT NOT NULL,
      size INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE attachments (
      id TEXT PRIMARY KEY,
      message_id TEXT NOT NULL REFERENCES messages(id),
      position INTEGER NOT NULL,
      mime_type TEXT NOT NULL,
      file_name TEXT,
      size INTEGER,
      -- content address of the blob in <dataDir>/blobs once stored
      sha256 TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
      error TEXT,
      -- JSON MediaRef from the provider, kept until the download worker fetched it
      provider_ref TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX attachments_of_message ON attachments(message_id, position);
    CREATE INDEX attachments_pending ON attachments(status) WHERE status = 'pending';

    CREATE TABLE templates (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL REFERENCES channels(id),
      name TEXT NOT NULL,
      language TEXT NOT NULL,
      category TEXT NOT NULL,
      body TEXT NOT NULL,
      -- JSON array: placeholders[i] is the merge field of {{i+1}}
      placeholders TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX templates_unique_name ON templates(channel_id, name, language);

    CREATE TABLE credit_ledger (
      id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL REFERENCES channels(id),
      -- positive for a top-up, negative for a spend
      delta INTEGER NOT NULL,
      reason TEXT NOT NULL,
      conversation_id TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX credit_ledger_by_channel ON credit_ledger(channel_id, created_at);

    CREATE TABLE conversation_reads (
      conversation_id TEXT NOT NULL REFERENCES conversations(id),
      agent_id TEXT NOT NULL REFERENCES agents(id),
      read_at INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, agent_id)
    ) STRICT;

    -- The event log clients sync from. AUTOINCREMENT: a seq is never reused,
    -- even after compaction deleted the newest rows' predecessors.
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      type TEXT NOT NULL,
      -- visibility: NULL = every agent; else agents linked to the channel and admins
      channel_id TEXT,
      -- visibility: when set, only this agent
      agent_id TEXT,
      -- the HubEventBody as JSON (a full entity snapshot)
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_visible_by_channel ON events(channel_id, seq);
  `);
}
