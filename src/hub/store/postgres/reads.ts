/** Each agent's private read marker per conversation, on Postgres (as store/sqlite/reads.ts). */
import type { ReadMarker, ReadMarkerRepository } from '../ports/reads.js';
import type { PgDb } from './db.js';

export class PostgresReadMarkerRepository implements ReadMarkerRepository {
  constructor(private readonly db: PgDb) {}

  async upsert(m: ReadMarker): Promise<ReadMarker> {
    // One round trip: the later time wins, and a later read clears "marked unread".
    const row = await this.db.one<{ read_at: number }>(
      `INSERT INTO conversation_reads AS r (conversation_id, agent_id, read_at) VALUES ($1, $2, $3)
         ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_at = GREATEST(r.read_at, excluded.read_at),
           marked_unread = CASE WHEN excluded.read_at > r.read_at THEN 0 ELSE r.marked_unread END
         RETURNING read_at`,
      [m.conversationId, m.agentId, m.readAt],
    );
    return { ...m, readAt: row?.read_at ?? m.readAt };
  }

  async setBack(m: ReadMarker): Promise<ReadMarker> {
    await this.db.run(
      `INSERT INTO conversation_reads (conversation_id, agent_id, read_at, marked_unread) VALUES ($1, $2, $3, 1)
         ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_at = excluded.read_at, marked_unread = 1`,
      [m.conversationId, m.agentId, m.readAt],
    );
    return { ...m, markedUnread: true };
  }

  async listOfAgent(agentId: string): Promise<ReadMarker[]> {
    const rows = await this.db.query<{ conversation_id: string; read_at: number; marked_unread: number }>(
      `SELECT conversation_id, read_at, marked_unread FROM conversation_reads WHERE agent_id = $1
         ORDER BY conversation_id`,
      [agentId],
    );
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      agentId,
      readAt: r.read_at,
      ...(r.marked_unread === 1 ? { markedUnread: true } : {}),
    }));
  }
}
