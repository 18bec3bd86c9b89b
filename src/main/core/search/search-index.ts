/**
 * Full-text search of the offline cache: message text, contact names and
 * phone numbers, Japanese included (see search-terms.ts). It owns the
 * message_search and contact_search tables and is fed by the apply path in
 * the same transaction as the rows it indexes; it never reads the network.
 */
import { z } from 'zod';
import type { SearchHit } from '../../../shared/api.js';
import { ChannelKind, Message } from '../../../shared/domain.js';
import type { CacheDb } from '../cache/cache-db.js';
import { indexColumns, matchExpression, phoneDigits, queryTerms, type QueryTerms } from './search-terms.js';
import { makeSnippet } from './snippet.js';

const MessageHitRow = z.object({
  json: z.string(),
  contact_name: z.string(),
  kind: ChannelKind,
});
const ContactHitRow = z.object({
  conversation_id: z.string(),
  name: z.string(),
  phone_digits: z.string().nullable(),
  kind: ChannelKind,
  last_message_at: z.number(),
});

export class SearchIndex {
  private readonly insertMessageRow;
  private readonly deleteMessageRow;
  private readonly insertContactRow;
  private readonly deleteContactRow;
  private readonly findMessages;
  private readonly findContactsByName;
  private readonly findContactsByPhone;

  constructor(private readonly db: CacheDb) {
    this.insertMessageRow = db.prepare('INSERT INTO message_search (rowid, words, uni, bi) VALUES (?, ?, ?, ?)');
    this.deleteMessageRow = db.prepare('DELETE FROM message_search WHERE rowid = ?');
    this.insertContactRow = db.prepare('INSERT INTO contact_search (rowid, words, uni, bi) VALUES (?, ?, ?, ?)');
    this.deleteContactRow = db.prepare('DELETE FROM contact_search WHERE rowid = ?');
    // Newest first: message rids grow in sync order, and FTS5 walks rowids backwards cheaply.
    this.findMessages = db.prepare(`
      SELECT m.json, ct.name AS contact_name, ch.kind
      FROM message_search s
      JOIN messages m ON m.rid = s.rowid
      JOIN conversations c ON c.id = m.conversation_id
      JOIN contacts ct ON ct.id = c.contact_id
      JOIN channels ch ON ch.id = c.channel_id
      WHERE message_search MATCH ? AND ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL
      ORDER BY s.rowid DESC LIMIT ?`);
    const contactHit = `
      SELECT c.id AS conversation_id, ct.name, ct.phone_digits, ch.kind, c.last_message_at
      FROM contacts ct
      JOIN conversations c ON c.id = (
        SELECT id FROM conversations WHERE contact_id = ct.id ORDER BY last_message_at DESC LIMIT 1)
      JOIN channels ch ON ch.id = c.channel_id
      WHERE ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL AND`;
    this.findContactsByName = db.prepare(
      `${contactHit} ct.rid IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?) LIMIT ?`,
    );
    this.findContactsByPhone = db.prepare(`${contactHit} ct.phone_digits LIKE ? ESCAPE '\\' LIMIT ?`);
  }

  /** Indexes (or re-indexes) one message's text under the message's rid. */
  /** `isNew`: the rid was just created, so there is no earlier row to remove (saves a lookup per message). */
  indexMessage(rid: number, text: string | null, isNew = false): void {
    if (!isNew) this.deleteMessageRow.run(rid);
    if (text === null || text.trim() === '') return;
    const columns = indexColumns(text);
    this.insertMessageRow.run(rid, columns.words, columns.uni, columns.bi);
  }

  removeMessage(rid: number): void {
    this.deleteMessageRow.run(rid);
  }

  indexContact(rid: number, name: string, phone: string | null): void {
    this.deleteContactRow.run(rid);
    const columns = indexColumns(`${name} ${phone ?? ''}`);
    this.insertContactRow.run(rid, columns.words, columns.uni, columns.bi);
  }

  removeContact(rid: number): void {
    this.deleteContactRow.run(rid);
  }

  /**
   * Merges each index into one segment. A contentless FTS5 table only marks a deleted row, keeping its
   * terms in older segments until they merge: after a purge this makes them really go.
   */
  optimize(): void {
    this.db.exec("INSERT INTO message_search (message_search) VALUES ('optimize')");
    this.db.exec("INSERT INTO contact_search (contact_search) VALUES ('optimize')");
  }

  /** Empties both indexes (snapshot rebuild). */
  clear(): void {
    this.db.exec("INSERT INTO message_search (message_search) VALUES ('delete-all')");
    this.db.exec("INSERT INTO contact_search (contact_search) VALUES ('delete-all')");
  }

  /** Contacts (name or phone) first, then messages, newest first. */
  search(query: string, limit: number): SearchHit[] {
    const terms = queryTerms(query);
    const match = matchExpression(terms);
    const hits = [...this.searchContacts(query, terms, match, limit)];
    if (match !== null && hits.length < limit) hits.push(...this.searchMessages(terms, match, limit - hits.length));
    return hits;
  }

  private searchContacts(query: string, terms: QueryTerms, match: string | null, limit: number): SearchHit[] {
    const rows = new Map<string, z.infer<typeof ContactHitRow>>();
    const digits = phoneDigits(query);
    if (digits !== null) {
      for (const raw of this.findContactsByPhone.all(`%${digits}%`, limit)) {
        const row = ContactHitRow.parse(raw);
        rows.set(row.conversation_id, row);
      }
    }
    if (match !== null) {
      for (const raw of this.findContactsByName.all(match, limit)) {
        const row = ContactHitRow.parse(raw);
        rows.set(row.conversation_id, row);
      }
    }
    return [...rows.values()].slice(0, limit).map((row) => {
      const phone = row.phone_digits ? ` +${row.phone_digits}` : '';
      // Digits match anywhere in the number (the agent often types only the last few).
      const phoneTerms = digits === null ? terms : { words: terms.words, cjkRuns: [...terms.cjkRuns, digits] };
      return {
        messageId: null,
        conversationId: row.conversation_id,
        contactName: row.name,
        channelKind: row.kind,
        snippet: makeSnippet(`${row.name}${phone}`, phoneTerms),
        at: row.last_message_at,
      };
    });
  }

  private searchMessages(terms: QueryTerms, match: string, limit: number): SearchHit[] {
    return this.findMessages.all(match, limit).map((raw) => {
      const row = MessageHitRow.parse(raw);
      const message = Message.parse(JSON.parse(row.json));
      return {
        messageId: message.id,
        conversationId: message.conversationId,
        contactName: row.contact_name,
        channelKind: row.kind,
        snippet: makeSnippet(message.text ?? '', terms),
        at: message.createdAt,
      };
    });
  }
}
