/**
 * The contacts trash: paging through trashed contacts (searched), and the
 * permanent purge of one — its conversations, messages, attachment rows,
 * receipts and read markers, and every logged event that carried any of it,
 * so neither a later sync nor the database file gives them back.
 *
 * What stays, holding nothing of the customer: the conversations' ticket
 * rows with their numbers (numbers are never reused; the subject is
 * blanked) and the credit ledger's amounts (the balance must still add up;
 * their conversation and message references are cleared).
 */
import type { ChannelKind, Contact } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import type { SqliteTransactions } from './transactions.js';
import { contactOfRow } from './contacts.js';
import { once } from '../../../node-shared/prepared.js';
import type {
  TrashedContactRow,
  TrashPageQuery,
  PurgedContact,
  ContactTrashRepository,
} from '../ports/contact-trash.js';

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

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The digits of a query that looks like a phone number ("+81 90-1234"), else null. */
function phoneDigitsOf(text: string): string | null {
  if (!/^[\d\s+\-().]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length >= 3 ? digits : null;
}

const PHONE_DIGITS = `replace(replace(replace(replace(replace(coalesce(ct.phone, ''), '+', ''), '-', ''), ' ', ''), '(', ''), ')', '')`;

export class SqliteContactTrashRepository implements ContactTrashRepository {
  private readonly listStatement = once(() =>
    this.db.prepare<
      { pattern: string | null; digits: string | null; afterAt: number | null; afterId: string | null; limit: number },
      TrashRow
    >(
      `SELECT ct.id, ct.channel_id, ct.external_id, ct.name, ct.phone, ct.username, ct.deleted_at, ct.created_at,
              ch.name AS channel_name, ch.kind AS channel_kind,
              (SELECT count(*) FROM conversations c WHERE c.contact_id = ct.id) AS conversation_count
         FROM contacts ct LEFT JOIN channels ch ON ch.id = ct.channel_id
        WHERE ct.deleted_at IS NOT NULL
          AND (@pattern IS NULL OR ct.name LIKE @pattern ESCAPE '\\' OR ct.phone LIKE @pattern ESCAPE '\\'
               OR ct.username LIKE @pattern ESCAPE '\\' OR ct.external_id LIKE @pattern ESCAPE '\\'
               OR (@digits IS NOT NULL AND ${PHONE_DIGITS} LIKE @digits))
          AND (@afterAt IS NULL OR ct.deleted_at < @afterAt OR (ct.deleted_at = @afterAt AND ct.id < @afterId))
        ORDER BY ct.deleted_at DESC, ct.id DESC LIMIT @limit`,
    ),
  );
  private readonly conversationIdsStatement = once(() =>
    this.db.prepare<[string], { id: string }>(`SELECT id FROM conversations WHERE contact_id = ?`),
  );
  private readonly blobsOfStatement = once(() =>
    this.db.prepare<[string], { sha256: string }>(
      `SELECT DISTINCT a.sha256 FROM attachments a JOIN messages m ON m.id = a.message_id
        WHERE m.conversation_id IN (SELECT value FROM json_each(?)) AND a.sha256 IS NOT NULL`,
    ),
  );
  private readonly stillUsedStatement = once(() =>
    this.db.prepare<[string], { used: number }>(`SELECT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?) AS used`),
  );
  private readonly forgetUploadsStatement = once(() => this.db.prepare(`DELETE FROM media_uploads WHERE sha256 = ?`));
  /** Each step takes the JSON array of the contact's conversation ids; order matters (foreign keys). */
  private readonly purgeSteps = once(() =>
    [
      `DELETE FROM early_receipts WHERE EXISTS (SELECT 1 FROM message_provider_ids p JOIN messages m ON m.id = p.message_id
          WHERE m.conversation_id IN (SELECT value FROM json_each(@ids))
            AND p.channel_id = early_receipts.channel_id AND p.provider_message_id = early_receipts.provider_message_id)`,
      `DELETE FROM message_provider_ids WHERE message_id IN
          (SELECT id FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@ids)))`,
      `DELETE FROM attachments WHERE message_id IN
          (SELECT id FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@ids)))`,
      `UPDATE credit_ledger SET conversation_id = NULL, message_id = NULL
          WHERE conversation_id IN (SELECT value FROM json_each(@ids))`,
      `DELETE FROM conversation_reads WHERE conversation_id IN (SELECT value FROM json_each(@ids))`,
      `DELETE FROM conversation_activity WHERE conversation_id IN (SELECT value FROM json_each(@ids))`,
      `UPDATE tickets SET subject = '' WHERE id IN
          (SELECT ticket_id FROM conversations WHERE id IN (SELECT value FROM json_each(@ids)))`,
    ].map((sql) => this.db.prepare<{ ids: string }>(sql)),
  );
  private readonly countAttachmentsStatement = once(() =>
    this.db.prepare<{ ids: string }, { n: number }>(
      `SELECT count(*) AS n FROM attachments WHERE message_id IN
         (SELECT id FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@ids)))`,
    ),
  );
  private readonly deleteMessagesStatement = once(() =>
    this.db.prepare<{ ids: string }>(
      `DELETE FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@ids))`,
    ),
  );
  private readonly deleteConversationsStatement = once(() =>
    this.db.prepare<{ ids: string }>(`DELETE FROM conversations WHERE id IN (SELECT value FROM json_each(@ids))`),
  );
  private readonly deleteContactStatement = once(() => this.db.prepare<[string]>(`DELETE FROM contacts WHERE id = ?`));
  // Every event about the contact was logged on its channel (onChannel), so the channel index narrows the scan.
  private readonly deleteEventsStatement = once(() =>
    this.db.prepare<{ channel: string; contact: string; ids: string }>(
      `DELETE FROM events WHERE channel_id = @channel AND (
          (type = 'contact.upsert' AND json_extract(body, '$.contact.id') = @contact)
       OR (type = 'conversation.upsert' AND json_extract(body, '$.conversation.contactId') = @contact)
       OR (type = 'message.upsert'
           AND json_extract(body, '$.message.conversationId') IN (SELECT value FROM json_each(@ids)))
       OR (type = 'conversation.read' AND json_extract(body, '$.conversationId') IN (SELECT value FROM json_each(@ids)))
       OR (type = 'activity.upsert'
           AND json_extract(body, '$.activity.conversationId') IN (SELECT value FROM json_each(@ids))))`,
    ),
  );

  constructor(
    private readonly db: SqliteDb,
    /** The connection's holder: scrubbing switches its settings between other requests' transactions. */
    private readonly tx: SqliteTransactions,
  ) {}

  async listTrashed(q: TrashPageQuery): Promise<TrashedContactRow[]> {
    const search = q.search === null || q.search === '' ? null : q.search;
    const digits = search === null ? null : phoneDigitsOf(search);
    const rows = this.listStatement().all({
      pattern: search === null ? null : containing(search),
      digits: digits === null ? null : containing(digits),
      afterAt: q.after?.deletedAt ?? null,
      afterId: q.after?.id ?? null,
      limit: q.limit,
    });
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
    const conversationIds = this.conversationIdsStatement()
      .all(contact.id)
      .map((r) => r.id);
    const ids = JSON.stringify(conversationIds);
    const blobs = this.blobsOfStatement()
      .all(ids)
      .map((r) => r.sha256);
    const attachments = this.countAttachmentsStatement().get({ ids })?.n ?? 0;
    for (const step of this.purgeSteps()) step.run({ ids });
    const messages = this.deleteMessagesStatement().run({ ids }).changes;
    this.deleteConversationsStatement().run({ ids });
    this.deleteContactStatement().run(contact.id);
    this.deleteEventsStatement().run({ channel: contact.channelId, contact: contact.id, ids });
    // A file another message still shows stays; one only unused uploads point at goes with them.
    const unreferencedBlobs = blobs.filter((sha256) => this.stillUsedStatement().get(sha256)?.used !== 1);
    for (const sha256 of unreferencedBlobs) this.forgetUploadsStatement().run(sha256);
    return { conversationIds, messages, attachments, unreferencedBlobs };
  }

  /** Purges under way (scrubbing), and the secure_delete setting the first of them found. */
  private scrubbers = 0;
  private secureDeleteBefore = 0;

  /**
   * Not guarded (store.ts): `work` runs its own transaction, which waits for the connection. secure_delete is
   * ON for the connection until the last concurrent `work` has settled (another request's transaction that
   * runs meanwhile overwrites what it deletes too: harmless), then restored, and the WAL emptied.
   */
  async scrubbing<T>(work: () => T): Promise<T> {
    await this.tx.exclusive(async () => {
      if (this.scrubbers++ === 0) this.secureDeleteBefore = Number(this.db.pragma('secure_delete', { simple: true }));
      this.db.pragma('secure_delete = ON');
    });
    try {
      return await work();
    } finally {
      await this.tx.exclusive(async () => {
        if (--this.scrubbers === 0) {
          const before = this.secureDeleteBefore;
          this.db.pragma(`secure_delete = ${before === 1 ? 'ON' : before === 2 ? 'FAST' : 'OFF'}`);
        }
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      });
    }
  }
}
