/**
 * What the hub knows about whether a customer can be written to first (services/outreach.ts), read from
 * what is stored already: LINE's follow and unfollow webhooks are kept as event messages of the
 * contact's conversations (channels/line/parse.ts), so the latest of them says whether the user follows
 * the account now, for every contact stored before this was asked too.
 */
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { ReachabilityRepository, FollowState } from '../ports/reachability.js';

export class SqliteReachabilityRepository implements ReachabilityRepository {
  private readonly lastFollowStatement = once(() =>
    this.db.prepare<[string], { name: string }>(
      `SELECT json_extract(m.meta, '$.event.name') AS name
         FROM conversations v JOIN messages m ON m.conversation_id = v.id
        WHERE v.contact_id = ? AND m.direction = 'in' AND m.kind = 'event'
          AND json_extract(m.meta, '$.event.name') IN ('follow', 'unfollow')
        ORDER BY m.created_at DESC, m.id DESC LIMIT 1`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async lastFollowEvent(contactId: string): Promise<FollowState | null> {
    const name = this.lastFollowStatement().get(contactId)?.name;
    return name === 'follow' || name === 'unfollow' ? name : null;
  }
}
