/**
 * The bare way to fill the client cache: prepared better-sqlite3 INSERTs of
 * finished rows into the real schema (tables, indexes and search tables as
 * the migrations create them), one transaction per batch. It is the baseline
 * of cache ingest and initial sync, and seeds the large cache the query,
 * search, memory and paint figures read. Rows are prepared first
 * (`prepareMessageRow`), so a timed baseline measures SQLite alone.
 */
import type { Agent, Channel, Contact, Conversation, Message } from '../../src/shared/domain.js';
import type { CacheDb } from '../../src/main/core/cache/cache-db.js';
import { indexColumns, type IndexColumns } from '../../src/main/core/search/search-terms.js';

/** A message as the rows it becomes: the messages row, its search row and attachment rows. */
export interface MessageRows {
  readonly row: readonly [string, string, string, string, string | null, string | null, number, number, number, string];
  readonly search: IndexColumns | null;
  readonly attachments: readonly (readonly [string, string, string, number, string])[];
}

export function prepareMessageRow(message: Message, seq: number): MessageRows {
  const text = message.text;
  return {
    row: [
      message.id,
      message.conversationId,
      message.direction,
      message.kind,
      message.senderAgentId,
      message.clientId,
      message.createdAt,
      message.updatedAt,
      seq,
      JSON.stringify(message),
    ],
    search: text === null || text.trim() === '' ? null : indexColumns(text),
    attachments: message.attachments.map(
      (a) => [a.id, message.id, message.conversationId, message.createdAt, JSON.stringify(a)] as const,
    ),
  };
}

const digitsOnly = (phone: string | null): string | null => {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits === '' ? null : digits;
};

export class RawCacheWriter {
  private readonly stmt;

  constructor(private readonly db: CacheDb) {
    this.stmt = {
      agent: db.prepare('INSERT OR REPLACE INTO agents (id, name, active, presence, json) VALUES (?, ?, ?, ?, ?)'),
      channel: db.prepare('INSERT OR REPLACE INTO channels (id, kind, name, json) VALUES (?, ?, ?, ?)'),
      contact: db.prepare(`INSERT INTO contacts (id, channel_id, name, phone_digits, deleted_at, json)
        VALUES (?, ?, ?, ?, ?, ?)`),
      contactSearch: db.prepare('INSERT INTO contact_search (rowid, words, uni, bi) VALUES (?, ?, ?, ?)'),
      conversation: db.prepare(`INSERT INTO conversations (id, channel_id, contact_id, status, assignee_id,
        last_message_at, last_inbound_at, updated_at, json, unread) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      message: db.prepare(`INSERT INTO messages (id, conversation_id, direction, kind, sender_agent_id,
        client_id, created_at, updated_at, synced_seq, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      messageSearch: db.prepare('INSERT INTO message_search (rowid, words, uni, bi) VALUES (?, ?, ?, ?)'),
      attachment: db.prepare(`INSERT INTO message_attachments (attachment_id, message_id, conversation_id,
        created_at, json) VALUES (?, ?, ?, ?, ?)`),
      lastSeq: db.prepare('UPDATE sync_state SET last_seq = ?, last_synced_at = ? WHERE id = 1'),
    };
  }

  transaction(work: () => void): void {
    this.db.transaction(work)();
  }

  agents(agents: readonly Agent[]): void {
    for (const a of agents) this.stmt.agent.run(a.id, a.name, a.active ? 1 : 0, a.presence, JSON.stringify(a));
  }

  channels(channels: readonly Channel[]): void {
    for (const c of channels) this.stmt.channel.run(c.id, c.kind, c.name, JSON.stringify(c));
  }

  contact(contact: Contact, search: IndexColumns): void {
    const { lastInsertRowid } = this.stmt.contact.run(
      contact.id,
      contact.channelId,
      contact.name,
      digitsOnly(contact.identity.phone),
      contact.deletedAt,
      JSON.stringify(contact),
    );
    this.stmt.contactSearch.run(lastInsertRowid, search.words, search.uni, search.bi);
  }

  conversation(c: Conversation, unread: number): void {
    this.stmt.conversation.run(
      c.id,
      c.channelId,
      c.contactId,
      c.status,
      c.assigneeId,
      c.lastMessageAt,
      c.lastInboundAt,
      c.updatedAt,
      JSON.stringify(c),
      unread,
    );
  }

  messages(batch: readonly MessageRows[]): void {
    for (const m of batch) {
      const { lastInsertRowid } = this.stmt.message.run(...m.row);
      if (m.search) this.stmt.messageSearch.run(lastInsertRowid, m.search.words, m.search.uni, m.search.bi);
      for (const a of m.attachments) this.stmt.attachment.run(...a);
    }
  }

  setSynced(lastSeq: number, at: number): void {
    this.stmt.lastSeq.run(lastSeq, at);
  }
}

/** What a contact's search row holds (the same text EntityStore indexes). */
export function contactSearchColumns(contact: Contact): IndexColumns {
  return indexColumns(`${contact.name} ${contact.identity.phone ?? ''}`);
}
