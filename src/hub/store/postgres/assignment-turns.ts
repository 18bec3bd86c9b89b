/**
 * The round-robin position per channel on Postgres (as sqlite/assignment-turns.ts). UPDATE … RETURNING
 * locks the channel's row until the assigning transaction ends: a second node assigning on that channel
 * meanwhile waits for it and takes the next stamp, never the same one. `lock` takes the same row lock earlier,
 * before the router reads the agents' load, so picks on one channel go one at a time across nodes.
 */
import type { AssignmentTurnRepository } from '../ports/assignment-turns.js';
import type { PgDb } from './db.js';

export class PostgresAssignmentTurnRepository implements AssignmentTurnRepository {
  constructor(private readonly db: PgDb) {}

  async next(channelId: string, now: number): Promise<number> {
    const advanced = await this.db.one<{ stamp: number }>(
      `UPDATE assignment_turns SET stamp = GREATEST(stamp + 1, $2::bigint) WHERE channel_id = $1 RETURNING stamp`,
      [channelId, now],
    );
    if (advanced) return advanced.stamp;
    // The channel's first: two nodes inserting at once meet in ON CONFLICT, the second takes the next stamp.
    const first = await this.db.one<{ stamp: number }>(
      `INSERT INTO assignment_turns AS t (channel_id, stamp)
         VALUES ($1, GREATEST($2::bigint, (SELECT coalesce(max(assigned_at), 0) + 1 FROM conversation_routing)))
         ON CONFLICT (channel_id) DO UPDATE SET stamp = GREATEST(t.stamp + 1, excluded.stamp)
         RETURNING stamp`,
      [channelId, now],
    );
    if (!first) throw new Error(`assignment_turns: no stamp for channel ${channelId}`);
    return first.stamp;
  }

  async lock(channelId: string): Promise<void> {
    const held = await this.db.one<{ stamp: number }>(
      `SELECT stamp FROM assignment_turns WHERE channel_id = $1 FOR UPDATE`,
      [channelId],
    );
    if (held) return;
    // The channel's first pick: the row is made with the stamp `next` would continue after, and locked.
    await this.db.run(
      `INSERT INTO assignment_turns AS t (channel_id, stamp)
         VALUES ($1, (SELECT coalesce(max(assigned_at), 0) FROM conversation_routing))
         ON CONFLICT (channel_id) DO UPDATE SET stamp = t.stamp`,
      [channelId],
    );
  }
}
