/** Conversation activity on Postgres (as store/sqlite/activity.ts): who changed what on a conversation. */
import { Activity } from '../../../shared/activity.js';
import type { ActivityRepository } from '../ports/activity.js';
import type { ChannelScope } from '../ports/scope.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeValue } from './scope.js';

interface ActivityRow {
  id: string;
  body: string;
}

export class PostgresActivityRepository implements ActivityRepository {
  constructor(private readonly db: PgDb) {}

  async insert(activity: Activity): Promise<void> {
    await this.db.run(
      `INSERT INTO conversation_activity (id, conversation_id, channel_id, body, at) VALUES ($1, $2, $3, $4, $5)`,
      [activity.id, activity.conversationId, activity.channelId, JSON.stringify(activity), activity.at],
    );
  }

  async listAfter(after: string, limit: number, scope: ChannelScope): Promise<Activity[]> {
    return this.read(
      await this.db.query<ActivityRow>(
        `SELECT id, body FROM conversation_activity WHERE id > $1 AND ${pgScope('channel_id', 2)} ORDER BY id LIMIT $3`,
        [after, pgScopeValue(scope), limit],
      ),
    );
  }

  async listOfConversation(conversationId: string): Promise<Activity[]> {
    return this.read(
      await this.db.query<ActivityRow>(
        `SELECT id, body FROM conversation_activity WHERE conversation_id = $1 ORDER BY at, id`,
        [conversationId],
      ),
    );
  }

  async count(scope: ChannelScope): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM conversation_activity WHERE ${pgScope('channel_id', 1)}`,
      [pgScopeValue(scope)],
    );
    return row?.n ?? 0;
  }

  private read(rows: readonly ActivityRow[]): Activity[] {
    return rows.flatMap((row) => {
      const activity = readJson(Activity, row.body, { column: 'conversation_activity.body', id: row.id }, null);
      return activity ? [activity] : [];
    });
  }
}
