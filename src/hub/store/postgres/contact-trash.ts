/**
 * The contacts trash on Postgres (sqlite/contact-trash.ts): paging through trashed contacts (searched), and
 * the permanent purge of one — its conversations, messages, attachment rows, receipts and read markers, and
 * every logged event that carried any of it, so a later sync does not give them back. What stays is the
 * same as on SQLite: ticket rows with their numbers (subject blanked) and the credit ledger's amounts.
 */
import type { ChannelKind, Contact } from '../../../shared/domain.js';
import type {
  ContactTrashRepository,
  PurgedContact,
  TrashedContactRow,
  TrashPageQuery,
} from '../ports/contact-trash.js';
import { contactOfRow } from '../sqlite/contacts.js';
import type { PgDb } from './db.js';

interface TrashRow {
  id: string;
  channel_id: string;
  external_id: string;
  name: string;
  phone: string | null;
  username: string | null;
  deleted_at: number;
  created_at: number;
  channel_name: string | null;
  channel_kind: ChannelKind | null;
  conversation_count: number;
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally (the same as SQLite's). */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The digits of a query that looks like a phone number ("+81 90-1234"), else null. */
function phoneDigitsOf(text: string): string | null {
  if (!/^[\d\s+\-().]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}

/**
 * SQLite's LIKE ignores the case of ASCII letters only (no Unicode folding, no normalization). ILIKE under
 * COLLATE "C" folds exactly those, whatever the database's locale, so a search finds the same contacts on
 * both stores ('TANAKA' finds "Tanaka"; 'É' does not find "é"; full-width letters stay distinct).
 */
const like = (column: string, param: string): string => `${column} COLLATE "C" ILIKE ${param} ESCAPE '\\'`;

const PHONE_DIGITS = `replace(replace(replace(replace(replace(coalesce(ct.phone, ''), '+', ''), '-', ''), ' ', ''), '(', ''), ')', '')`;

export class PostgresContactTrashRepository implements ContactTrashRepository {
  constructor(private readonly db: PgDb) {}

  async listTrashed(q: TrashPageQuery): Promise<TrashedContactRow[]> {
    const search = q.search === null || q.search === '' ? null : q.search;
    const digits = search === null ? null : phoneDigitsOf(search);
    const rows = await this.db.query<TrashRow>(
      `SELECT ct.id, ct.channel_id, ct.external_id, ct.name, ct.phone, ct.username, ct.deleted_at, ct.created_at,
              ch.name AS channel_name, ch.kind AS channel_kind,
              (SELECT count(*) FROM conversations c WHERE c.contact_id = ct.id) AS conversation_count
         FROM contacts ct LEFT JOIN channels ch ON ch.id = ct.channel_id
        WHERE ct.deleted_at IS NOT NULL
          AND ($1::text IS NULL OR ${like('ct.name', '$1')} OR ${like('ct.phone', '$1')}
               OR ${like('ct.username', '$1')} OR ${like('ct.external_id', '$1')}
               OR ($2::text IS NOT NULL AND ${PHONE_DIGITS} LIKE $2))
          AND ($3::bigint IS NULL OR ct.deleted_at < $3 OR (ct.deleted_at = $3 AND ct.id < $4::text))
        ORDER BY ct.deleted_at DESC, ct.id DESC LIMIT $5`,
      [
        search === null ? null : containing(search),
        digits === null ? null : containing(digits),
        q.after?.deletedAt ?? null,
        q.after?.id ?? null,
        q.limit,
      ],
    );
    return rows.map((row) => ({
      contact: contactOfRow(row),
      channel:
        row.channel_name === null || row.channel_kind === null
          ? null
          : { id: row.channel_id, name: row.channel_name, kind: row.channel_kind },
      conversationCount: row.conversation_count,
    }));
  }

  async purge(contact: Contact): Promise<PurgedContact> {
    const conversationIds = (
      await this.db.query<{ id: string }>(`SELECT id FROM conversations WHERE contact_id = $1`, [contact.id])
    ).map((r) => r.id);
    const ids = [conversationIds];
    const blobs = (
      await this.db.query<{ sha256: string }>(
        `SELECT DISTINCT a.sha256 FROM attachments a JOIN messages m ON m.id = a.message_id
          WHERE m.conversation_id = ANY($1::text[]) AND a.sha256 IS NOT NULL`,
        ids,
      )
    ).map((r) => r.sha256);
    const attachments =
      (
        await this.db.one<{ n: number }>(
          `SELECT count(*) AS n FROM attachments WHERE message_id IN
             (SELECT id FROM messages WHERE conversation_id = ANY($1::text[]))`,
          ids,
        )
      )?.n ?? 0;
    // Order matters (foreign keys).
    for (const sql of PURGE_STEPS) await this.db.run(sql, ids);
    const messages = await this.db.run(`DELETE FROM messages WHERE conversation_id = ANY($1::text[])`, ids);
    await this.db.run(`DELETE FROM conversations WHERE id = ANY($1::text[])`, ids);
    await this.db.run(`DELETE FROM contacts WHERE id = $1`, [contact.id]);
    // Every event about the contact was logged on its channel (onChannel), so the channel index narrows the scan.
    await this.db.run(
      `DELETE FROM events WHERE channel_id = $1 AND (
          (type = 'contact.upsert' AND body::jsonb #>> '{contact,id}' = $2)
       OR (type = 'conversation.upsert' AND body::jsonb #>> '{conversation,contactId}' = $2)
       OR (type = 'message.upsert' AND body::jsonb #>> '{message,conversationId}' = ANY($3::text[]))
       OR (type = 'conversation.read' AND body::jsonb #>> '{conversationId}' = ANY($3::text[]))
       OR (type = 'activity.upsert' AND body::jsonb #>> '{activity,conversationId}' = ANY($3::text[])))`,
      [contact.channelId, contact.id, conversationIds],
    );
    // A file another message still shows stays; one only unused uploads point at goes with them.
    const unreferencedBlobs = (
      await this.db.query<{ sha256: string }>(
        `SELECT b.sha256 FROM unnest($1::text[]) WITH ORDINALITY AS b(sha256, n)
          WHERE NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256) ORDER BY b.n`,
        [blobs],
      )
    ).map((r) => r.sha256);
    if (unreferencedBlobs.length > 0) {
      await this.db.run(`DELETE FROM media_uploads WHERE sha256 = ANY($1::text[])`, [unreferencedBlobs]);
    }
    return { conversationIds, messages, attachments, unreferencedBlobs };
  }

  /**
   * SQLite overwrites the deleted rows' bytes and empties its WAL here. Postgres has no such switch; what it
   * guarantees instead: once the purge commits, the deleted rows are not readable through the database by
   * anyone (no snapshot taken after the commit sees them), and VACUUM (autovacuum, or an admin's VACUUM of
   * contacts, conversations, messages, attachments and events) reclaims their space so later rows overwrite
   * them. Old WAL segments and base backups keep copies until they are recycled or expire, as SQLite's backups
   * do. VACUUM is left to autovacuum rather than run here: it cannot run inside a transaction block (a caller
   * may be in one), and it only marks the space free — it overwrites nothing — so running it on the message and
   * event tables at every purge would cost much and add no guarantee.
   */
  async scrubbing<T>(work: () => T): Promise<T> {
    return work();
  }
}

/** Each step takes the array of the contact's conversation ids as $1. */
const PURGE_STEPS: readonly string[] = [
  `DELETE FROM early_receipts e WHERE EXISTS (SELECT 1 FROM message_provider_ids p JOIN messages m ON m.id = p.message_id
      WHERE m.conversation_id = ANY($1::text[])
        AND p.channel_id = e.channel_id AND p.provider_message_id = e.provider_message_id)`,
  `DELETE FROM message_provider_ids WHERE message_id IN
      (SELECT id FROM messages WHERE conversation_id = ANY($1::text[]))`,
  `DELETE FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ANY($1::text[]))`,
  `UPDATE credit_ledger SET conversation_id = NULL, message_id = NULL WHERE conversation_id = ANY($1::text[])`,
  `DELETE FROM conversation_reads WHERE conversation_id = ANY($1::text[])`,
  `DELETE FROM conversation_activity WHERE conversation_id = ANY($1::text[])`,
  `UPDATE tickets SET subject = '' WHERE id IN (SELECT ticket_id FROM conversations WHERE id = ANY($1::text[]))`,
];
