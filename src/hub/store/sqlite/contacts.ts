/**
 * Contacts: one per channel + sender (+ group thread); trash is a soft delete. Contacts of one customer on
 * several channels share a person id; each merge is kept in contact_merges so it can be undone.
 */
import { z } from 'zod';
import { ContactAttributes, ContactAvatar, type Contact } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { scopeClause, scopeParams } from './scope.js';
import { once } from '../../../node-shared/prepared.js';
import type { ContactRecord, ContactRepository, ContactMerge, ProfileDue } from '../ports/contacts.js';
import type { ChannelScope } from '../ports/scope.js';

interface MergeRow {
  id: string;
  contact_id: string;
  into_contact_id: string;
  person_id: string;
  before: string;
  merged_by: string;
  merged_at: number;
}

const MergeBefore = z.array(z.object({ contactId: z.string(), personId: z.string().nullable() }));

function mergeOfRow(row: MergeRow): ContactMerge {
  return {
    id: row.id,
    contactId: row.contact_id,
    intoContactId: row.into_contact_id,
    personId: row.person_id,
    before: MergeBefore.parse(JSON.parse(row.before)),
    mergedBy: row.merged_by,
    mergedAt: row.merged_at,
  };
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
  name_set_by_agent?: number;
  notes?: string;
  avatar?: string | null;
  email?: string | null;
  attributes?: string | null;
  person_id?: string | null;
  language?: string | null;
}

/** The avatar column's JSON; anything unreadable is no avatar. */
function avatarOf(column: string | null | undefined): ContactAvatar | null {
  if (!column) return null;
  try {
    const parsed = ContactAvatar.safeParse(JSON.parse(column));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The attributes column's JSON; anything unreadable (or empty) is none. */
function attributesOf(column: string | null | undefined): ContactAttributes | null {
  if (!column) return null;
  try {
    const parsed = ContactAttributes.safeParse(JSON.parse(column));
    return parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : null;
  } catch {
    return null;
  }
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
    ...(row.name_set_by_agent ? { nameSetByAgent: true } : {}),
    ...(row.notes ? { notes: row.notes } : {}),
    ...(avatarOf(row.avatar) ? { avatar: avatarOf(row.avatar) } : {}),
    ...(row.email ? { email: row.email } : {}),
    ...(attributesOf(row.attributes) ? { attributes: attributesOf(row.attributes) ?? {} } : {}),
    ...(row.person_id ? { personId: row.person_id } : {}),
    ...(row.language ? { language: row.language } : {}),
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
      `UPDATE contacts SET name = ?, phone = ?, username = ?, deleted_at = ?, name_set_by_agent = ?, notes = ?,
         email = ?, attributes = ?, person_id = ?, updated_at = ? WHERE id = ?`,
    ),
  );
  private readonly profileDueStatement = once(() =>
    this.db.prepare<[string, number, number, number], ContactRow & { kind: string }>(
      `SELECT c.*, ch.kind AS kind FROM contacts c JOIN channels ch ON ch.id = c.channel_id
         WHERE ch.kind IN (SELECT value FROM json_each(?)) AND c.thread_key = '' AND c.deleted_at IS NULL
           AND c.profile_attempts < ?
           AND (c.profile_checked_at IS NULL OR (c.profile_checked_at < ? AND EXISTS (
             SELECT 1 FROM conversations v WHERE v.contact_id = c.id AND v.last_inbound_at > c.profile_checked_at)))
         ORDER BY c.created_at, c.id LIMIT ?`,
    ),
  );
  private readonly profileCheckedStatement = once(() =>
    this.db.prepare<[number, string]>(`UPDATE contacts SET profile_checked_at = ?, profile_attempts = 0 WHERE id = ?`),
  );
  private readonly profileFailedStatement = once(() =>
    this.db.prepare<[number, number, number, string]>(
      `UPDATE contacts SET
         profile_checked_at = CASE WHEN profile_attempts + 1 >= ? THEN ? ELSE profile_checked_at END,
         profile_attempts = CASE WHEN profile_attempts + 1 >= ? THEN 0 ELSE profile_attempts + 1 END
       WHERE id = ?`,
    ),
  );
  private readonly avatarSourceStatement = once(() =>
    this.db.prepare<[string], { avatar_source: string | null }>(`SELECT avatar_source FROM contacts WHERE id = ?`),
  );
  private readonly setAvatarStatement = once(() =>
    this.db.prepare<[string | null, string | null, string]>(
      `UPDATE contacts SET avatar = ?, avatar_source = ? WHERE id = ?`,
    ),
  );
  private readonly ofPersonStatement = once(() =>
    this.db.prepare<[string], ContactRow>(`SELECT * FROM contacts WHERE person_id = ? ORDER BY created_at, id`),
  );
  private readonly insertMergeStatement = once(() =>
    this.db.prepare<[string, string, string, string, string, string, number]>(
      `INSERT INTO contact_merges (id, contact_id, into_contact_id, person_id, before, merged_by, merged_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  );
  private readonly activeMergesStatement = once(() =>
    this.db.prepare<{ id: string }, MergeRow>(
      `SELECT * FROM contact_merges WHERE undone_at IS NULL AND (contact_id = @id OR into_contact_id = @id)
         ORDER BY merged_at DESC, id DESC`,
    ),
  );
  private readonly mergeUndoneStatement = once(() =>
    this.db.prepare<[string, number, string]>(`UPDATE contact_merges SET undone_by = ?, undone_at = ? WHERE id = ?`),
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

  private readonly setLanguageStatement = once(() =>
    this.db.prepare<[string, string]>(`UPDATE contacts SET language = ? WHERE id = ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async setLanguage(id: string, language: string): Promise<void> {
    this.setLanguageStatement().run(language, id);
  }

  async insert({ contact: c, threadKey }: ContactRecord): Promise<void> {
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

  async update(c: Contact, at: number): Promise<void> {
    this.updateStatement().run(
      c.name,
      c.identity.phone,
      c.identity.username,
      c.deletedAt,
      c.nameSetByAgent ? 1 : 0,
      c.notes ?? '',
      c.email ?? null,
      c.attributes && Object.keys(c.attributes).length > 0 ? JSON.stringify(c.attributes) : null,
      c.personId ?? null,
      at,
      c.id,
    );
  }

  async findById(id: string): Promise<ContactRecord | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toRecord(row) : null;
  }

  async findBySender(channelId: string, externalId: string, threadKey: string): Promise<ContactRecord | null> {
    const row = this.findBySenderStatement().get(channelId, externalId, threadKey);
    return row ? toRecord(row) : null;
  }

  /** One writer at a time already: nothing to lock. */
  async lockSender(): Promise<boolean> {
    return true;
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Contact[]> {
    return this.listAfterStatement()
      .all(afterId, ...scopeParams(scope), limit)
      .map((row) => toRecord(row).contact);
  }

  async count(scope: ChannelScope): Promise<number> {
    return this.countStatement().get(...scopeParams(scope))?.n ?? 0;
  }

  async listProfileDue(
    kinds: readonly string[],
    staleBefore: number,
    maxAttempts: number,
    limit: number,
  ): Promise<ProfileDue[]> {
    return this.profileDueStatement()
      .all(JSON.stringify(kinds), maxAttempts, staleBefore, limit)
      .map((row) => ({ contact: toRecord(row).contact, kind: row.kind }));
  }

  async markProfileChecked(id: string, at: number): Promise<void> {
    this.profileCheckedStatement().run(at, id);
  }

  async markProfileFailed(id: string, at: number, maxAttempts: number): Promise<void> {
    this.profileFailedStatement().run(maxAttempts, at, maxAttempts, id);
  }

  async avatarSourceOf(id: string): Promise<string | null> {
    return this.avatarSourceStatement().get(id)?.avatar_source ?? null;
  }

  async setAvatar(id: string, avatar: ContactAvatar | null, source: string | null): Promise<void> {
    this.setAvatarStatement().run(avatar ? JSON.stringify(avatar) : null, source, id);
  }

  async insertMerge(m: ContactMerge): Promise<void> {
    this.insertMergeStatement().run(
      m.id,
      m.contactId,
      m.intoContactId,
      m.personId,
      JSON.stringify(m.before),
      m.mergedBy,
      m.mergedAt,
    );
  }

  async activeMergesOf(contactId: string): Promise<ContactMerge[]> {
    return this.activeMergesStatement().all({ id: contactId }).map(mergeOfRow);
  }

  async markMergeUndone(id: string, by: string, at: number): Promise<void> {
    this.mergeUndoneStatement().run(by, at, id);
  }

  async listOfPerson(personId: string): Promise<Contact[]> {
    return this.ofPersonStatement()
      .all(personId)
      .map((row) => toRecord(row).contact);
  }
}
