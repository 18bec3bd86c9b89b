/** Contacts: one per channel + sender (+ group thread); trash is a soft delete. */
import type { Contact } from '../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { scopeClause, scopeParams, type ChannelScope } from './scope.js';
import { once } from '../../node-shared/prepared.js';

export interface ContactRecord {
  readonly contact: Contact;
  /** Group id for group chats; '' for one-to-one chats. */
  readonly threadKey: string;
}

export interface ContactRepository {
  insert(record: ContactRecord): void;
  update(contact: Contact, at: number): void;
  findById(id: string): ContactRecord | null;
  findBySender(channelId: string, externalId: string, threadKey: string): ContactRecord | null;
  /** Snapshot paging by id. */
  listAfter(afterId: string, limit: number, scope: ChannelScope): Contact[];
  count(scope: ChannelScope): number;
}

interface ContactRow {
  id: string;
  channel_id: string;
  external_id: string;
  thread_key: string;
  name: string;
  phone: string | null;
  username: string | null;
  deleted_at: number | null;
  created_at: number;
}

/** The contact of a `contacts` row (the trash's listing reads the same columns). */
export function contactOfRow(row: Omit<ContactRow, 'thread_key'>): Contact {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    identity: { externalId: row.external_id, phone: row.phone, username: row.username },
    deletedAt: row.deleted_at,
    createdAt: row.created_at,
  };
}

function toRecord(row: ContactRow): ContactRecord {
  return {
    contact: contactOfRow(row),
    threadKey: row.thread_key,
  };
}

export class SqliteContactRepository implements ContactRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO contacts (id, channel_id, external_id, thread_key, name, phone, username, deleted_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(
      `UPDATE contacts SET name = ?, phone = ?, username = ?, deleted_at = ?, updated_at = ? WHERE id = ?`,
    ),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], ContactRow>(`SELECT * FROM contacts WHERE id = ?`),
  );
  private readonly findBySenderStatement = once(() =>
    this.db.prepare<[string, string, string], ContactRow>(
      `SELECT * FROM contacts WHERE channel_id = ? AND external_id = ? AND thread_key = ?`,
    ),
  );
  private readonly listAfterStatement = once(() =>
    this.db.prepare<[string, string | null, string | null, number], ContactRow>(
      `SELECT * FROM contacts WHERE id > ? AND ${scopeClause('channel_id')} ORDER BY id LIMIT ?`,
    ),
  );
  private readonly countStatement = once(() =>
    this.db.prepare<[string | null, string | null], { n: number }>(
      `SELECT count(*) AS n FROM contacts WHERE ${scopeClause('channel_id')}`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  insert({ contact: c, threadKey }: ContactRecord): void {
    this.insertStatement().run(
      c.id,
      c.channelId,
      c.identity.externalId,
      threadKey,
      c.name,
      c.identity.phone,
      c.identity.username,
      c.deletedAt,
      c.createdAt,
      c.createdAt,
    );
  }

  update(c: Contact, at: number): void {
    this.updateStatement().run(c.name, c.identity.phone, c.identity.username, c.deletedAt, at, c.id);
  }

  findById(id: string): ContactRecord | null {
    const row = this.findByIdStatement().get(id);
    return row ? toRecord(row) : null;
  }

  findBySender(channelId: string, externalId: string, threadKey: string): ContactRecord | null {
    const row = this.findBySenderStatement().get(channelId, externalId, threadKey);
    return row ? toRecord(row) : null;
  }

  listAfter(afterId: string, limit: number, scope: ChannelScope): Contact[] {
    return this.listAfterStatement()
      .all(afterId, ...scopeParams(scope), limit)
      .map((row) => toRecord(row).contact);
  }

  count(scope: ChannelScope): number {
    return this.countStatement().get(...scopeParams(scope))?.n ?? 0;
  }
}
