/**
 * Contacts on Postgres (sqlite/contacts.ts): one per channel + sender (+ group thread); trash is a soft
 * delete; merges kept in contact_merges so they can be undone. Same columns and encodings as SQLite, so the
 * row mapping is SQLite's own (contactOfRow). Text columns are COLLATE "C" (migrations/0001-initial.ts):
 * ids compare in code point order as under SQLite's BINARY, so paging by id walks the same rows on both stores.
 */
import { z } from 'zod';
import type { Contact, ContactAvatar } from '../../../shared/domain.js';
import type { ChannelScope } from '../ports/scope.js';
import type { ContactMerge, ContactRecord, ContactRepository, ProfileDue } from '../ports/contacts.js';
import { contactOfRow } from '../sqlite/contacts.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeParam } from './scope.js';

type ContactRow = Parameters<typeof contactOfRow>[0] & { thread_key: string };

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

const toRecord = (row: ContactRow): ContactRecord => ({ contact: contactOfRow(row), threadKey: row.thread_key });

export class PostgresContactRepository implements ContactRepository {
  constructor(private readonly db: PgDb) {}

  async insert({ contact: c, threadKey }: ContactRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO contacts (id, channel_id, external_id, thread_key, name, phone, username, deleted_at, created_at,
           updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [
        c.id,
        c.channelId,
        c.identity.externalId,
        threadKey,
        c.name,
        c.identity.phone,
        c.identity.username,
        c.deletedAt,
        c.createdAt,
      ],
    );
  }

  async update(c: Contact, at: number): Promise<void> {
    await this.db.run(
      `UPDATE contacts SET name = $1, phone = $2, username = $3, deleted_at = $4, name_set_by_agent = $5, notes = $6,
         email = $7, attributes = $8, person_id = $9, updated_at = $10 WHERE id = $11`,
      [
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
      ],
    );
  }

  async findById(id: string): Promise<ContactRecord | null> {
    const row = await this.db.one<ContactRow>(`SELECT * FROM contacts WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async findBySender(channelId: string, externalId: string, threadKey: string): Promise<ContactRecord | null> {
    const row = await this.db.one<ContactRow>(
      `SELECT * FROM contacts WHERE channel_id = $1 AND external_id = $2 AND thread_key = $3`,
      [channelId, externalId, threadKey],
    );
    return row ? toRecord(row) : null;
  }

  /**
   * The two-key advisory lock space of inbound senders, keyed by a 32-bit hash of the sender: two senders
   * that share a hash only wait for each other's transaction, which is harmless.
   */
  async lockSender(channelId: string, externalId: string, threadKey: string, wait: boolean): Promise<boolean> {
    const key = JSON.stringify([channelId, externalId, threadKey]);
    const space = `hashtext('switchboard.inbound-sender')`;
    if (wait) {
      await this.db.query(`SELECT pg_advisory_xact_lock(${space}, hashtext($1))`, [key]);
      return true;
    }
    const row = await this.db.one<{ locked: boolean }>(
      `SELECT pg_try_advisory_xact_lock(${space}, hashtext($1)) AS locked`,
      [key],
    );
    return row?.locked === true;
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Contact[]> {
    const rows = await this.db.query<ContactRow>(
      `SELECT * FROM contacts WHERE id > $1 AND ${pgScope('channel_id', 2)} ORDER BY id LIMIT $3`,
      [afterId, pgScopeParam(scope), limit],
    );
    return rows.map((row) => toRecord(row).contact);
  }

  async count(scope: ChannelScope): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM contacts WHERE ${pgScope('channel_id', 1)}`,
      [pgScopeParam(scope)],
    );
    return row?.n ?? 0;
  }

  async listProfileDue(
    kinds: readonly string[],
    staleBefore: number,
    maxAttempts: number,
    limit: number,
  ): Promise<ProfileDue[]> {
    const rows = await this.db.query<ContactRow & { kind: string }>(
      `SELECT c.*, ch.kind AS kind FROM contacts c JOIN channels ch ON ch.id = c.channel_id
         WHERE ch.kind = ANY($1::text[]) AND c.thread_key = '' AND c.deleted_at IS NULL
           AND c.profile_attempts < $2
           AND (c.profile_checked_at IS NULL OR (c.profile_checked_at < $3 AND EXISTS (
             SELECT 1 FROM conversations v WHERE v.contact_id = c.id AND v.last_inbound_at > c.profile_checked_at)))
         ORDER BY c.created_at, c.id LIMIT $4`,
      [[...kinds], maxAttempts, staleBefore, limit],
    );
    return rows.map((row) => ({ contact: toRecord(row).contact, kind: row.kind }));
  }

  async markProfileChecked(id: string, at: number): Promise<void> {
    await this.db.run(`UPDATE contacts SET profile_checked_at = $1, profile_attempts = 0 WHERE id = $2`, [at, id]);
  }

  async markProfileFailed(id: string, at: number, maxAttempts: number): Promise<void> {
    await this.db.run(
      `UPDATE contacts SET
         profile_checked_at = CASE WHEN profile_attempts + 1 >= $1 THEN $2 ELSE profile_checked_at END,
         profile_attempts = CASE WHEN profile_attempts + 1 >= $1 THEN 0 ELSE profile_attempts + 1 END
       WHERE id = $3`,
      [maxAttempts, at, id],
    );
  }

  async avatarSourceOf(id: string): Promise<string | null> {
    const row = await this.db.one<{ avatar_source: string | null }>(
      `SELECT avatar_source FROM contacts WHERE id = $1`,
      [id],
    );
    return row?.avatar_source ?? null;
  }

  async setAvatar(id: string, avatar: ContactAvatar | null, source: string | null): Promise<void> {
    await this.db.run(`UPDATE contacts SET avatar = $1, avatar_source = $2 WHERE id = $3`, [
      avatar ? JSON.stringify(avatar) : null,
      source,
      id,
    ]);
  }

  async listOfPerson(personId: string): Promise<Contact[]> {
    const rows = await this.db.query<ContactRow>(
      `SELECT * FROM contacts WHERE person_id = $1 ORDER BY created_at, id`,
      [personId],
    );
    return rows.map((row) => toRecord(row).contact);
  }

  async insertMerge(m: ContactMerge): Promise<void> {
    await this.db.run(
      `INSERT INTO contact_merges (id, contact_id, into_contact_id, person_id, before, merged_by, merged_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [m.id, m.contactId, m.intoContactId, m.personId, JSON.stringify(m.before), m.mergedBy, m.mergedAt],
    );
  }

  async activeMergesOf(contactId: string): Promise<ContactMerge[]> {
    const rows = await this.db.query<MergeRow>(
      `SELECT * FROM contact_merges WHERE undone_at IS NULL AND (contact_id = $1 OR into_contact_id = $1)
         ORDER BY merged_at DESC, id DESC`,
      [contactId],
    );
    return rows.map(mergeOfRow);
  }

  async markMergeUndone(id: string, by: string, at: number): Promise<void> {
    await this.db.run(`UPDATE contact_merges SET undone_by = $1, undone_at = $2 WHERE id = $3`, [by, at, id]);
  }

  async setLanguage(id: string, language: string): Promise<void> {
    await this.db.run(`UPDATE contacts SET language = $1 WHERE id = $2`, [language, id]);
  }
}
