/** Unsent composer text per conversation; survives restarts and snapshot rebuilds. */
import type { CacheDb } from './cache-db.js';

export class DraftStore {
  private readonly read;
  private readonly write;
  private readonly remove;

  constructor(db: CacheDb) {
    this.read = db.prepare<[string], { text: string }>('SELECT text FROM drafts WHERE conversation_id = ?');
    this.write = db.prepare(`INSERT INTO drafts (conversation_id, text, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at`);
    this.remove = db.prepare('DELETE FROM drafts WHERE conversation_id = ?');
  }

  get(conversationId: string): string {
    return this.read.get(conversationId)?.text ?? '';
  }

  /** An empty draft is removed rather than stored. */
  save(conversationId: string, text: string, now: number): void {
    if (text === '') this.remove.run(conversationId);
    else this.write.run(conversationId, text, now);
  }
}
