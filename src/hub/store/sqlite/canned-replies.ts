/** Canned replies (migration 0007): team replies (owner NULL) and personal ones, per channel or for all. */
import { readBack } from '../../../shared/conform.js';
import { CannedReply } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { reportCorruptRow } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import { scopeClause, scopeParams } from './scope.js';
import type { CannedReplyViewer, CannedReplyRepository } from '../ports/canned-replies.js';

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

export class SqliteCannedReplyRepository implements CannedReplyRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO canned_replies (id, owner_id, channel_id, title, shortcut, text, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(
      `UPDATE canned_replies SET channel_id = ?, title = ?, shortcut = ?, text = ?, updated_at = ? WHERE id = ?`,
    ),
  );
  private readonly deleteStatement = once(() => this.db.prepare(`DELETE FROM canned_replies WHERE id = ?`));
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], CannedReplyRow>(`SELECT * FROM canned_replies WHERE id = ?`),
  );
  private readonly listVisibleStatement = once(() =>
    this.db.prepare<[string, string | null, string | null], CannedReplyRow>(
      `SELECT r.* FROM canned_replies r LEFT JOIN channels c ON c.id = r.channel_id
        WHERE (r.owner_id IS NULL OR r.owner_id = ?)
          AND (r.channel_id IS NULL OR (c.deleted_at IS NULL AND ${scopeClause('r.channel_id')}))
        ORDER BY r.title, r.id`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(r: CannedReply): Promise<void> {
    this.insertStatement().run(r.id, r.ownerId, r.channelId, r.title, r.shortcut, r.text, r.createdAt, r.updatedAt);
  }

  async update(r: CannedReply): Promise<void> {
    this.updateStatement().run(r.channelId, r.title, r.shortcut, r.text, r.updatedAt, r.id);
  }

  async delete(id: string): Promise<void> {
    this.deleteStatement().run(id);
  }

  async findById(id: string): Promise<CannedReply | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toCannedReply(row) : null;
  }

  async listVisible(viewer: CannedReplyViewer): Promise<CannedReply[]> {
    return this.listVisibleStatement()
      .all(viewer.agentId, ...scopeParams(viewer.scope))
      .flatMap((row) => toCannedReply(row) ?? []);
  }
}
