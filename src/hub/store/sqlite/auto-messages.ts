/** Which automatic messages (auto-reply, greeting) a conversation has had: once each (hub migration 0017). */
import { once } from '../../../node-shared/prepared.js';
import type { SqliteDb } from './db.js';
import type { AutoMessageRepository, AutoMessageKind } from '../ports/auto-messages.js';

export class SqliteAutoMessageRepository implements AutoMessageRepository {
  private readonly claimStatement = once(() =>
    this.db.prepare<[string, string, string, number]>(
      `INSERT INTO auto_messages (conversation_id, kind, message_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation_id, kind) DO NOTHING`,
    ),
  );
  private readonly findStatement = once(() =>
    this.db.prepare<[string, string], { message_id: string }>(
      `SELECT message_id FROM auto_messages WHERE conversation_id = ? AND kind = ?`,
    ),
  );

  private readonly othersStatement = once(() =>
    this.db.prepare<[string, string], { n: number }>(
      `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND id != ?
         AND NOT (direction = 'in' AND kind IN ('event', 'reaction'))) AS n`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async claim(conversationId: string, kind: AutoMessageKind, messageId: string, at: number): Promise<boolean> {
    return this.claimStatement().run(conversationId, kind, messageId, at).changes === 1;
  }

  async messageIdOf(conversationId: string, kind: AutoMessageKind): Promise<string | null> {
    return this.findStatement().get(conversationId, kind)?.message_id ?? null;
  }

  async opensConversation(conversationId: string, messageId: string): Promise<boolean> {
    return (this.othersStatement().get(conversationId, messageId)?.n ?? 0) === 0;
  }
}
