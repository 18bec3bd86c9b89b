/**
 * Full-text search of the offline cache: message text, contact names and
 * phone numbers, Japanese included (see search-terms.ts), plus conversation
 * labels and attachment file names (short strings matched by substring on
 * the normalized text, so Japanese needs no n-grams there). Every kind of hit
 * honours the filters: channel, assigned agent and a date range. It owns the
 * message_search and contact_search tables and is fed by the apply path in
 * the same transaction as the rows it indexes; it never reads the network.
 */
import { z } from 'zod';
import type { SearchFilters, SearchHit } from '../../../shared/api.js';
import { ChannelKind, Message } from '../../../shared/domain.js';
import type { CacheDb } from '../cache/cache-db.js';
import {
  indexColumns,
  matchExpression,
  normalizeForSearch,
  phoneDigits,
  queryTerms,
  type QueryTerms,
} from './search-terms.js';
import { makeSnippet } from './snippet.js';

const MessageHitRow = z.object({
  json: z.string(),
  contact_name: z.string(),
  kind: ChannelKind,
});
const LabelRow = z.object({
  conversation_id: z.string(),
  label: z.string(),
  name: z.string(),
  kind: ChannelKind,
  last_message_at: z.number(),
});
const FileRow = z.object({
  conversation_id: z.string(),
  message_id: z.string(),
  file_name: z.string(),
  name: z.string(),
  kind: ChannelKind,
  created_at: z.number(),
});
const ContactHitRow = z.object({
  conversation_id: z.string(),
  name: z.string(),
  phone_digits: z.string().nullable(),
  kind: ChannelKind,
  last_message_at: z.number(),
});

interface FilterParams {
  readonly channelId: string | null;
  readonly assigneeId: string | null;
  readonly from: number | null;
  readonly to: number | null;
}

/** Every term of the query inside the text (normalized as the index normalizes). */
function containsAll(text: string, terms: QueryTerms): boolean {
  const needles = [...terms.words, ...terms.cjkRuns];
  if (needles.length === 0) return false;
  const normalized = normalizeForSearch(text);
  return needles.every((needle) => normalized.includes(needle));
}

/** Highlights the terms anywhere in a label or file name ("invoice" inside "2026-invoice.pdf"). */
function substringTerms(terms: QueryTerms): QueryTerms {
  return { words: [], cjkRuns: [...terms.cjkRuns, ...terms.words] };
}

export class SearchIndex {
  private readonly insertMessageRow;
  private readonly deleteMessageRow;
  private readonly insertContactRow;
  private readonly deleteContactRow;
  private readonly findMessages;
  private readonly findContactsByName;
  private readonly findContactsByPhone;
  private readonly distinctLabels;
  private readonly labelRows;
  private readonly fileRows;

  constructor(private readonly db: CacheDb) {
    // The filters, each off when its parameter is null; `at` is the time the hit is dated by.
    const filtered = (at: string) => `
      (@channelId IS NULL OR c.channel_id = @channelId) AND (@assigneeId IS NULL OR c.assignee_id = @assigneeId)
      AND (@from IS NULL OR ${at} >= @from) AND (@to IS NULL OR ${at} < @to)`;
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
      WHERE message_search MATCH @match AND ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL
        AND ${filtered('m.created_at')}
      ORDER BY s.rowid DESC LIMIT @limit`);
    const contactHit = `
      SELECT c.id AS conversation_id, ct.name, ct.phone_digits, ch.kind, c.last_message_at
      FROM contacts ct
      JOIN conversations c ON c.id = (
        SELECT id FROM conversations WHERE contact_id = ct.id ORDER BY last_message_at DESC LIMIT 1)
      JOIN channels ch ON ch.id = c.channel_id
      WHERE ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL
        AND ${filtered('c.last_message_at')} AND`;
    this.findContactsByName = db.prepare(
      `${contactHit} ct.rid IN (SELECT rowid FROM contact_search WHERE contact_search MATCH @match) LIMIT @limit`,
    );
    this.findContactsByPhone = db.prepare(`${contactHit} ct.phone_digits LIKE @digits ESCAPE '\\' LIMIT @limit`);
    const visible = `
      JOIN contacts ct ON ct.id = c.contact_id
      JOIN channels ch ON ch.id = c.channel_id
      WHERE ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL`;
    // Labels and file names are short: matched here by substring on the normalized text. The labels are
    // few (their distinct values are matched, then their conversations read); the file names are read
    // only where the query's longest term is in them (LIKE ignores ASCII case, as NFKC lower case does; the
    // raw JSON is tried first, so the JSON is parsed only for rows that may match).
    this.distinctLabels = db.prepare('SELECT DISTINCT label FROM conversation_labels');
    this.labelRows = db.prepare(`
      SELECT c.id AS conversation_id, cl.label, ct.name, ch.kind, c.last_message_at
      FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id ${visible}
        AND cl.label = @label AND ${filtered('c.last_message_at')}
      ORDER BY c.last_message_at DESC LIMIT @limit`);
    this.fileRows = db.prepare(`
      SELECT a.conversation_id, a.message_id, json_extract(a.json, '$.fileName') AS file_name, ct.name, ch.kind,
        a.created_at
      FROM message_attachments a JOIN conversations c ON c.id = a.conversation_id ${visible}
        AND a.json LIKE @pattern ESCAPE '\\' AND json_extract(a.json, '$.fileName') LIKE @pattern ESCAPE '\\'
        AND ${filtered('a.created_at')}
      ORDER BY a.created_at DESC LIMIT @scan`);
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

  /** Contacts (name or phone) first, then labels, file names and messages, each newest first. */
  search(query: string, limit: number, filters: SearchFilters = {}): SearchHit[] {
    const terms = queryTerms(query);
    const match = matchExpression(terms);
    const params = {
      channelId: filters.channelId ?? null,
      assigneeId: filters.assigneeId ?? null,
      from: filters.from ?? null,
      to: filters.to ?? null,
    };
    const hits = [...this.searchContacts(query, terms, match, limit, params)];
    if (hits.length < limit) hits.push(...this.searchLabels(terms, limit - hits.length, params));
    if (hits.length < limit) hits.push(...this.searchFiles(terms, limit - hits.length, params));
    if (match !== null && hits.length < limit) {
      hits.push(...this.searchMessages(terms, match, limit - hits.length, params));
    }
    return hits;
  }

  private searchLabels(terms: QueryTerms, limit: number, params: FilterParams): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const raw of this.distinctLabels.all()) {
      const { label } = z.object({ label: z.string() }).parse(raw);
      if (!containsAll(label, terms)) continue;
      for (const rowRaw of this.labelRows.all({ ...params, label, limit: limit - hits.length })) {
        const row = LabelRow.parse(rowRaw);
        hits.push({
          messageId: null,
          conversationId: row.conversation_id,
          contactName: row.name,
          channelKind: row.kind,
          snippet: makeSnippet(`🏷 ${row.label}`, substringTerms(terms)),
          at: row.last_message_at,
        });
      }
      if (hits.length >= limit) break;
    }
    return hits.sort((a, b) => b.at - a.at);
  }

  private searchFiles(terms: QueryTerms, limit: number, params: FilterParams): SearchHit[] {
    const needle = [...terms.words, ...terms.cjkRuns].sort((x, y) => y.length - x.length)[0];
    if (needle === undefined) return [];
    const hits: SearchHit[] = [];
    // The SQL needle is one term; the others are checked here, so read a few more rows than needed.
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    for (const raw of this.fileRows.all({ ...params, pattern, scan: limit * 4 })) {
      const row = FileRow.parse(raw);
      if (!containsAll(row.file_name, terms)) continue;
      hits.push({
        messageId: row.message_id,
        conversationId: row.conversation_id,
        contactName: row.name,
        channelKind: row.kind,
        snippet: makeSnippet(`📎 ${row.file_name}`, substringTerms(terms)),
        at: row.created_at,
      });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  private searchContacts(
    query: string,
    terms: QueryTerms,
    match: string | null,
    limit: number,
    params: FilterParams,
  ): SearchHit[] {
    const rows = new Map<string, z.infer<typeof ContactHitRow>>();
    const digits = phoneDigits(query);
    if (digits !== null) {
      for (const raw of this.findContactsByPhone.all({ ...params, digits: `%${digits}%`, limit })) {
        const row = ContactHitRow.parse(raw);
        rows.set(row.conversation_id, row);
      }
    }
    if (match !== null) {
      for (const raw of this.findContactsByName.all({ ...params, match, limit })) {
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

  private searchMessages(terms: QueryTerms, match: string, limit: number, params: FilterParams): SearchHit[] {
    return this.findMessages.all({ ...params, match, limit }).map((raw) => {
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
