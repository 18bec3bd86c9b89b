/**
 * The round-robin position per channel (hub migration 0020). A channel's first stamp continues after the
 * latest assignment anywhere, as the router's in-memory stamp did before it was stored.
 */
import { once } from '../../../node-shared/prepared.js';
import type { SqliteDb } from './db.js';
import type { AssignmentTurnRepository } from '../ports/assignment-turns.js';

export class SqliteAssignmentTurnRepository implements AssignmentTurnRepository {
  private readonly advanceStatement = once(() =>
    this.db.prepare<[number, string], { stamp: number }>(
      `UPDATE assignment_turns SET stamp = max(stamp + 1, ?) WHERE channel_id = ? RETURNING stamp`,
    ),
  );
  private readonly firstStatement = once(() =>
    this.db.prepare<[string, number], { stamp: number }>(
      `INSERT INTO assignment_turns (channel_id, stamp)
         VALUES (?, max(?, (SELECT coalesce(max(assigned_at), 0) + 1 FROM conversation_routing)))
         ON CONFLICT (channel_id) DO UPDATE SET stamp = max(assignment_turns.stamp + 1, excluded.stamp)
         RETURNING stamp`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async next(channelId: string, now: number): Promise<number> {
    const advanced = this.advanceStatement().get(now, channelId);
    if (advanced) return advanced.stamp;
    const first = this.firstStatement().get(channelId, now);
    if (!first) throw new Error(`assignment_turns: no stamp for channel ${channelId}`);
    return first.stamp;
  }

  /** One writer at a time already: nothing to lock. */
  async lock(): Promise<void> {}
}
