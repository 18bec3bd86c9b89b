/**
 * Canned replies on Postgres (sqlite/canned-replies.ts): team replies (owner NULL) and personal ones, per
 * channel or for all. Listed by title in code point order (the columns are COLLATE "C", as SQLite's BINARY),
 * whatever the database's locale, so both stores list them alike.
 */
import { readBack } from '../../../shared/conform.js';
import { CannedReply } from '../../../shared/domain.js';
import type { CannedReplyRepository, CannedReplyViewer } from '../ports/canned-replies.js';
import { reportCorruptRow } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeParam } from './scope.js';

interface CannedReplyRow {
  id: string;
  owner_id: string | null;
  channel_id: string | null;
  title: string;
  shortcut: string | null;
  text: string;
  created_at: number;
  updated_at: number;
}

/** A row as the API gives it; one an older hub stored out of bounds is repaired or skipped, and reported. */
function toCannedReply(row: CannedReplyRow): CannedReply | null {
  const read = readBack(CannedReply, {
    id: row.id,
    ownerId: row.owner_id,
    channelId: row.channel_id,
    title: row.title,
    shortcut: row.shortcut,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  if (read.ok && !read.repaired) return read.value;
  reportCorruptRow({
    column: 'canned_replies',
    id: row.id,
    issues: read.ok ? 'out of bounds' : read.issues,
    action: read.ok ? 'repaired' : 'skipped',
  });
  return read.ok ? read.value : null;
}

export class PostgresCannedReplyRepository implements CannedReplyRepository {
  constructor(private readonly db: PgDb) {}

  async insert(r: CannedReply): Promise<void> {
    await this.db.run(
      `INSERT INTO canned_replies (id, owner_id, channel_id, title, shortcut, text, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.ownerId, r.channelId, r.title, r.shortcut, r.text, r.createdAt, r.updatedAt],
    );
  }

  async update(r: CannedReply): Promise<void> {
    await this.db.run(
      `UPDATE canned_replies SET channel_id = $1, title = $2, shortcut = $3, text = $4, updated_at = $5 WHERE id = $6`,
      [r.channelId, r.title, r.shortcut, r.text, r.updatedAt, r.id],
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.run(`DELETE FROM canned_replies WHERE id = $1`, [id]);
  }

  async findById(id: string): Promise<CannedReply | null> {
    const row = await this.db.one<CannedReplyRow>(`SELECT * FROM canned_replies WHERE id = $1`, [id]);
    return row ? toCannedReply(row) : null;
  }

  async listVisible(viewer: CannedReplyViewer): Promise<CannedReply[]> {
    const rows = await this.db.query<CannedReplyRow>(
      `SELECT r.* FROM canned_replies r LEFT JOIN channels c ON c.id = r.channel_id
        WHERE (r.owner_id IS NULL OR r.owner_id = $1)
          AND (r.channel_id IS NULL OR (c.deleted_at IS NULL AND ${pgScope('r.channel_id', 2)}))
        ORDER BY r.title, r.id`,
      [viewer.agentId, pgScopeParam(viewer.scope)],
    );
    return rows.flatMap((row) => toCannedReply(row) ?? []);
  }
}
