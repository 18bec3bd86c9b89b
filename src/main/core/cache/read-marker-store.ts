/**
 * The agent's read markers as the cache keeps them: when each conversation
 * was last read, and which markers were set while the hub could not hear
 * them (pending, sent on the next connection). The apply path writes them
 * (entity-store.ts); this reads them.
 */
import { once } from '../../../node-shared/prepared.js';
import type { CacheDb } from './cache-db.js';

export interface PendingReadMarker {
  readonly conversationId: string;
  readonly readAt: number;
}

export class ReadMarkerStore {
  private readonly readAtStatement = once(() =>
    this.db.prepare<[string], { read_at: number }>('SELECT read_at FROM read_markers WHERE conversation_id = ?'),
  );
  private readonly pendingStatement = once(() =>
    this.db.prepare<[], { conversation_id: string; read_at: number }>(
      'SELECT conversation_id, read_at FROM read_markers WHERE pending = 1 ORDER BY conversation_id',
    ),
  );

  constructor(private readonly db: CacheDb) {}

  /** When the agent last read the conversation; null: never (on any device the hub told us about). */
  readAt(conversationId: string): number | null {
    return this.readAtStatement().get(conversationId)?.read_at ?? null;
  }

  /** Markers the hub has not heard yet. */
  pending(): PendingReadMarker[] {
    return this.pendingStatement()
      .all()
      .map((row) => ({ conversationId: row.conversation_id, readAt: row.read_at }));
  }
}
