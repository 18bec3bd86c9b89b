/** Each agent's private read marker per conversation. */
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { ReadMarker, ReadMarkerRepository } from '../ports/reads.js';

export class SqliteReadMarkerRepository implements ReadMarkerRepository {
  private readonly upsertStatement = once(() =>
    this.db.prepare(`INSERT INTO conversation_reads (conversation_id, agent_id, read_at) VALUES (?, ?, ?)
         ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_at = max(read_at, excluded.read_at),
           marked_unread = CASE WHEN excluded.read_at > read_at THEN 0 ELSE marked_unread END`),
  );
  private readonly setBackStatement = once(() =>
    this.db
      .prepare(`INSERT INTO conversation_reads (conversation_id, agent_id, read_at, marked_unread) VALUES (?, ?, ?, 1)
         ON CONFLICT (conversation_id, agent_id) DO UPDATE SET read_at = excluded.read_at, marked_unread = 1`),
  );
  private readonly readAtStatement = once(() =>
    this.db.prepare<[string, string], { read_at: number }>(
      `SELECT read_at FROM conversation_reads WHERE conversation_id = ? AND agent_id = ?`,
    ),
  );
  private readonly listOfAgentStatement = once(() =>
    this.db.prepare<[string], { conversation_id: string; read_at: number; marked_unread: number }>(
      `SELECT conversation_id, read_at, marked_unread FROM conversation_reads WHERE agent_id = ? ORDER BY conversation_id`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async upsert(m: ReadMarker): Promise<ReadMarker> {
    this.upsertStatement().run(m.conversationId, m.agentId, m.readAt);
    const row = this.readAtStatement().get(m.conversationId, m.agentId);
    return { ...m, readAt: row?.read_at ?? m.readAt };
  }

  async setBack(m: ReadMarker): Promise<ReadMarker> {
    this.setBackStatement().run(m.conversationId, m.agentId, m.readAt);
    return { ...m, markedUnread: true };
  }

  async listOfAgent(agentId: string): Promise<ReadMarker[]> {
    return this.listOfAgentStatement()
      .all(agentId)
      .map((r) => ({
        conversationId: r.conversation_id,
        agentId,
        readAt: r.read_at,
        ...(r.marked_unread === 1 ? { markedUnread: true } : {}),
      }));
  }
}
