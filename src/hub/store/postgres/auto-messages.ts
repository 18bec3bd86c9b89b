/** Which automatic messages a conversation has had, on Postgres (as sqlite/auto-messages.ts): once each. */
import type { AutoMessageKind, AutoMessageRepository } from '../ports/auto-messages.js';
import type { PgDb } from './db.js';

export class PostgresAutoMessageRepository implements AutoMessageRepository {
  constructor(private readonly db: PgDb) {}

  async claim(conversationId: string, kind: AutoMessageKind, messageId: string, at: number): Promise<boolean> {
    const inserted = await this.db.run(
      `INSERT INTO auto_messages (conversation_id, kind, message_id, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (conversation_id, kind) DO NOTHING`,
      [conversationId, kind, messageId, at],
    );
    return inserted === 1;
  }

  async messageIdOf(conversationId: string, kind: AutoMessageKind): Promise<string | null> {
    const row = await this.db.one<{ message_id: string }>(
      `SELECT message_id FROM auto_messages WHERE conversation_id = $1 AND kind = $2`,
      [conversationId, kind],
    );
    return row?.message_id ?? null;
  }

  async opensConversation(conversationId: string, messageId: string): Promise<boolean> {
    const row = await this.db.one<{ others: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 AND id != $2
         AND NOT (direction = 'in' AND kind IN ('event', 'reaction'))) AS others`,
      [conversationId, messageId],
    );
    return row?.others !== true;
  }
}
