/**
 * The agent's decisions about failed replies the hub stored (cache migration 0010): sent again as a
 * new reply, or discarded. The thread shows a retried one once, marked, and leaves a discarded one out.
 */
import type { CacheDb } from '../cache/cache-db.js';

export type DismissalReason = 'retried' | 'discarded';

export class Dismissals {
  private readonly stmt;

  constructor(db: CacheDb) {
    this.stmt = {
      mark: db.prepare<[string, string, DismissalReason, number]>(
        `INSERT INTO message_dismissals (message_id, conversation_id, reason, at) VALUES (?, ?, ?, ?)
           ON CONFLICT (message_id) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
      ),
      ofConversation: db.prepare<[string], { message_id: string; reason: DismissalReason }>(
        'SELECT message_id, reason FROM message_dismissals WHERE conversation_id = ?',
      ),
    };
  }

  mark(messageId: string, conversationId: string, reason: DismissalReason, at: number): void {
    this.stmt.mark.run(messageId, conversationId, reason, at);
  }

  ofConversation(conversationId: string): ReadonlyMap<string, DismissalReason> {
    return new Map(this.stmt.ofConversation.all(conversationId).map((r) => [r.message_id, r.reason]));
  }
}
