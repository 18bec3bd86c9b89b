/**
 * Conversation activity (migration 0013): who changed a conversation's
 * assignment, status, snooze, labels or ticket. Written with the change, read
 * back for snapshots (a client rebuilding after compaction keeps the thread's
 * history) and removed with a purged contact's conversations.
 */
import { Activity } from '../../../shared/activity.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import { scopeClause, scopeParams } from './scope.js';
import type { ActivityRepository } from '../ports/activity.js';
import type { ChannelScope } from '../ports/scope.js';

interface ActivityRow {
  id: string;
  body: string;
}

export class SqliteActivityRepository implements ActivityRepository {
  private readonly insertStatement = once(() =>
    this.db.prepare(
      `INSERT INTO conversation_activity (id, conversation_id, channel_id, body, at) VALUES (?, ?, ?, ?, ?)`,
    ),
  );
  private readonly listAfterStatement = once(() =>
    this.db.prepare<[string, string | null, string | null, number], ActivityRow>(
      `SELECT id, body FROM conversation_activity WHERE id > ? AND ${scopeClause('channel_id')} ORDER BY id LIMIT ?`,
    ),
  );
  private readonly ofConversationStatement = once(() =>
    this.db.prepare<[string], ActivityRow>(
      `SELECT id, body FROM conversation_activity WHERE conversation_id = ? ORDER BY at, id`,
    ),
  );
  private readonly countStatement = once(() =>
    this.db.prepare<[string | null, string | null], { n: number }>(
      `SELECT count(*) AS n FROM conversation_activity WHERE ${scopeClause('channel_id')}`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(activity: Activity): Promise<void> {
    this.insertStatement().run(
      activity.id,
      activity.conversationId,
      activity.channelId,
      JSON.stringify(activity),
      activity.at,
    );
  }

  async listAfter(after: string, limit: number, scope: ChannelScope): Promise<Activity[]> {
    return this.read(this.listAfterStatement().all(after, ...scopeParams(scope), limit));
  }

  async listOfConversation(conversationId: string): Promise<Activity[]> {
    return this.read(this.ofConversationStatement().all(conversationId));
  }

  async count(scope: ChannelScope): Promise<number> {
    return this.countStatement().get(...scopeParams(scope))?.n ?? 0;
  }

  private read(rows: readonly ActivityRow[]): Activity[] {
    return rows.flatMap((row) => {
      const activity = readJson(Activity, row.body, { column: 'conversation_activity.body', id: row.id }, null);
      return activity ? [activity] : [];
    });
  }
}
