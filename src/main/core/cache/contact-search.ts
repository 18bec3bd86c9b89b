/**
 * Contacts found in the offline cache (issue 14 §4, docs/lifecycle.md "Contacts and people"): by name,
 * phone, username, email or the provider's external id, for the side panel's "Link to another
 * contact…" and the "New conversation" dialog. Everything is read from the cache, so it works offline.
 *
 * Each contact's searchable text is kept in `contacts.search_text` (cache migration 0017), folded the
 * way message search folds (NFKC, lower case: full-width letters, half-width kana and case do not
 * matter). A contact whose JSON changed has it cleared by a trigger; a search fills the cleared ones
 * first. Each query word must occur in it as a substring, so one kanji, a part of an email or the last
 * digits of a number find the contact, in Japanese as in English.
 */
import { z } from 'zod';
import { ContactSearchRequest, type ContactHit } from '../../../shared/api.js';
import { ChannelKind, Contact } from '../../../shared/domain.js';
import { perKey } from '../../../node-shared/prepared.js';
import { normalizeForSearch, phoneDigits } from '../search/search-terms.js';
import type { CacheDb } from './cache-db.js';

/** Query words used (the rest are ignored): a search box query has a few. */
const TERMS_MAX = 6;
/** Contacts whose search text is filled per statement run (a first search after an upgrade does them all). */
const FILL_BATCH = 2000;

const HitRow = z.object({
  json: z.string(),
  channel_id: z.string(),
  kind: ChannelKind,
  channel_name: z.string(),
  last_message_at: z.number().nullable(),
});
const StaleRow = z.object({ rid: z.number(), json: z.string() });

/** What a query is matched against: every identifying field, folded. */
export function contactSearchText(contact: Contact): string {
  const { identity } = contact;
  const digits = identity.phone?.replace(/\D/g, '') ?? '';
  const parts = [contact.name, identity.phone, digits, identity.username, contact.email, identity.externalId];
  return normalizeForSearch(parts.filter((part) => part).join('\n'));
}

/** The query's words, folded; a leading @ of a username is dropped. */
export function contactQueryTerms(query: string): string[] {
  return (normalizeForSearch(query).match(/\S+/g) ?? []).map((term) => term.replace(/^@(?=.)/, '')).slice(0, TERMS_MAX);
}

const SELECT_HIT = `
  SELECT ct.json, ct.channel_id, ch.kind, ch.name AS channel_name,
    (SELECT max(v.last_message_at) FROM conversations v WHERE v.contact_id = ct.id) AS last_message_at
  FROM contacts ct JOIN channels ch ON ch.id = ct.channel_id
  WHERE ct.deleted_at IS NULL AND json_extract(ch.json, '$.trashedAt') IS NULL`;
const ORDER = 'ORDER BY last_message_at IS NULL, last_message_at DESC, ct.name, ct.id';

export class ContactSearch {
  private readonly statement = perKey((sql: string) => this.db.prepare(sql));

  constructor(private readonly db: CacheDb) {}

  /** Best first: the contacts talked to most recently, then those without a conversation in the cache. */
  search(input: ContactSearchRequest): ContactHit[] {
    const req = ContactSearchRequest.parse(input);
    this.fillStale();
    const terms = contactQueryTerms(req.query);
    const digits = phoneDigits(req.query);
    const params: Record<string, string | number | null> = { channelId: req.channelId ?? null, limit: req.limit };
    const all = terms.map((term, i) => {
      params[`t${i}`] = term;
      return `instr(ct.search_text, @t${i}) > 0`;
    });
    const clauses: string[] = [];
    if (all.length > 0) clauses.push(`(${all.join(' AND ')})`);
    if (digits !== null) {
      params['digits'] = digits;
      clauses.push('instr(ct.search_text, @digits) > 0');
    }
    const match = clauses.length > 0 ? `AND (${clauses.join(' OR ')})` : '';
    return this.statement(
      `${SELECT_HIT} AND (@channelId IS NULL OR ct.channel_id = @channelId) ${match} ${ORDER} LIMIT @limit`,
    )
      .all(params)
      .map(toHit);
  }

  /** The other contacts with the same person as `contactId` (none when it is not merged). */
  personContacts(contactId: string): ContactHit[] {
    return this.statement(
      `${SELECT_HIT} AND json_extract(ct.json, '$.personId') = (
         SELECT json_extract(json, '$.personId') FROM contacts WHERE id = @id) AND ct.id <> @id ${ORDER} LIMIT 50`,
    )
      .all({ id: contactId })
      .map(toHit);
  }

  /** Contacts (new or changed since) without search text get it. */
  private fillStale(): void {
    const stale = this.statement(`SELECT rid, json FROM contacts WHERE search_text IS NULL LIMIT ${FILL_BATCH}`);
    const write = this.statement('UPDATE contacts SET search_text = ? WHERE rid = ?');
    this.db.transaction(() => {
      for (;;) {
        const rows = stale.all().map((raw) => StaleRow.parse(raw));
        for (const row of rows) {
          const parsed = Contact.safeParse(JSON.parse(row.json));
          write.run(parsed.success ? contactSearchText(parsed.data) : '', row.rid);
        }
        if (rows.length < FILL_BATCH) return;
      }
    })();
  }
}

function toHit(raw: unknown): ContactHit {
  const row = HitRow.parse(raw);
  return {
    contact: Contact.parse(JSON.parse(row.json)),
    channelId: row.channel_id,
    channelKind: row.kind,
    channelName: row.channel_name,
    lastMessageAt: row.last_message_at,
  };
}
