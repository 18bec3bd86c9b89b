/**
 * Whether a customer can be written to first, on Postgres (sqlite/reachability.ts): the latest of the
 * contact's LINE follow and unfollow event messages. The meta column is JSON text as on SQLite; it is read
 * as jsonb here only for the one field.
 */
import type { FollowState, ReachabilityRepository } from '../ports/reachability.js';
import type { PgDb } from './db.js';

export class PostgresReachabilityRepository implements ReachabilityRepository {
  constructor(private readonly db: PgDb) {}

  async lastFollowEvent(contactId: string): Promise<FollowState | null> {
    const row = await this.db.one<{ name: string | null }>(
      `SELECT m.meta::jsonb #>> '{event,name}' AS name
         FROM conversations v JOIN messages m ON m.conversation_id = v.id
        WHERE v.contact_id = $1 AND m.direction = 'in' AND m.kind = 'event'
          AND m.meta::jsonb #>> '{event,name}' IN ('follow', 'unfollow')
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1`,
      [contactId],
    );
    const name = row?.name;
    return name === 'follow' || name === 'unfollow' ? name : null;
  }
}
