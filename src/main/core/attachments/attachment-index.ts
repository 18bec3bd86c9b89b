/** The attachment files kept on disk: which, how big, and when last used (for LRU eviction). */
import { z } from 'zod';
import { perKey } from '../../../node-shared/prepared.js';
import type { CacheDb } from '../cache/cache-db.js';

const FileRow = z.object({
  attachment_id: z.string(),
  file_name: z.string(),
  mime_type: z.string(),
  size: z.number().int().nonnegative(),
  last_used_at: z.number(),
});
export interface CachedFile {
  readonly attachmentId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly size: number;
  readonly lastUsedAt: number;
}

const toFile = (raw: unknown): CachedFile => {
  const row = FileRow.parse(raw);
  return {
    attachmentId: row.attachment_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    lastUsedAt: row.last_used_at,
  };
};

export class AttachmentIndex {
  private readonly stmt;
  /** Two shapes: every conversation assigned to me (`all`) or only the ones named. */
  private readonly notCachedStatement = perKey((scope: 'all' | 'named') => {
    const only = scope === 'all' ? '' : 'AND c.id IN (SELECT value FROM json_each(@ids))';
    return this.db.prepare<{ me: string; limit: number; ids: string }, { attachment_id: string }>(
      `SELECT a.attachment_id FROM message_attachments a JOIN conversations c ON c.id = a.conversation_id
       WHERE c.assignee_id = @me ${only} AND a.attachment_id NOT IN (SELECT attachment_id FROM attachment_files)
       ORDER BY a.created_at DESC LIMIT @limit`,
    );
  });

  constructor(private readonly db: CacheDb) {
    this.stmt = {
      get: db.prepare('SELECT * FROM attachment_files WHERE attachment_id = ?'),
      put: db.prepare(`INSERT OR REPLACE INTO attachment_files (attachment_id, file_name, mime_type, size, last_used_at)
        VALUES (?, ?, ?, ?, ?)`),
      touch: db.prepare('UPDATE attachment_files SET last_used_at = max(last_used_at, ?) WHERE attachment_id = ?'),
      total: db.prepare<[], { total: number | null }>('SELECT sum(size) AS total FROM attachment_files'),
      leastRecent: db.prepare('SELECT * FROM attachment_files ORDER BY last_used_at, attachment_id LIMIT ?'),
      remove: db.prepare('DELETE FROM attachment_files WHERE attachment_id = ?'),
    };
  }

  get(attachmentId: string): CachedFile | null {
    const raw = this.stmt.get.get(attachmentId);
    return raw === undefined ? null : toFile(raw);
  }

  put(file: CachedFile): void {
    this.stmt.put.run(file.attachmentId, file.fileName, file.mimeType, file.size, file.lastUsedAt);
  }

  touch(attachmentId: string, now: number): void {
    this.stmt.touch.run(now, attachmentId);
  }

  totalBytes(): number {
    return this.stmt.total.get()?.total ?? 0;
  }

  leastRecentlyUsed(count: number): CachedFile[] {
    return this.stmt.leastRecent.all(count).map(toFile);
  }

  remove(attachmentId: string): void {
    this.stmt.remove.run(attachmentId);
  }

  /**
   * The newest attachments without a file on disk in conversations assigned to `me` (prefetch's
   * candidates); `conversationIds` narrows them to those conversations.
   */
  notCachedOf(me: string, conversationIds: readonly string[] | null, limit: number): string[] {
    return this.notCachedStatement(conversationIds === null ? 'all' : 'named')
      .all({ me, limit, ids: JSON.stringify(conversationIds ?? []) })
      .map((row) => row.attachment_id);
  }
}
