/**
 * The conversation activity the hub sent this agent (cache migration 0013):
 * kept by the apply path, read by the thread with the names of the agents
 * it mentions from the cache's agent directory (an agent the cache does not
 * know has no name: the thread says "someone").
 */
import { Activity, type ActivityView } from '../../../shared/activity.js';
import type { CacheDb } from './cache-db.js';

interface JsonRow {
  json: string;
}

export class ActivityStore {
  private readonly stmt;

  constructor(db: CacheDb) {
    this.stmt = {
      upsert: db.prepare(`INSERT INTO activity (id, conversation_id, at, json) VALUES (?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET conversation_id = excluded.conversation_id, at = excluded.at,
          json = excluded.json`),
      clear: db.prepare('DELETE FROM activity'),
      ofConversation: db.prepare<[string], JsonRow>(
        'SELECT json FROM activity WHERE conversation_id = ? ORDER BY at, id',
      ),
      agentName: db.prepare<[string], { name: string }>('SELECT name FROM agents WHERE id = ?'),
    };
  }

  upsert(activity: Activity): void {
    this.stmt.upsert.run(activity.id, activity.conversationId, activity.at, JSON.stringify(activity));
  }

  /** A snapshot rebuild starts over. */
  clear(): void {
    this.stmt.clear.run();
  }

  /** One conversation's activity, oldest first, with the names of the agents it mentions. */
  forConversation(conversationId: string): ActivityView[] {
    const names = new Map<string, string | null>();
    const nameOf = (id: string): string | null => {
      if (!names.has(id)) names.set(id, this.stmt.agentName.get(id)?.name ?? null);
      return names.get(id) ?? null;
    };
    return this.stmt.ofConversation.all(conversationId).flatMap((row) => {
      const parsed = Activity.safeParse(JSON.parse(row.json));
      if (!parsed.success) return [];
      const activity = parsed.data;
      const ids = [
        activity.actor.kind === 'agent' ? activity.actor.agentId : null,
        activity.change.kind === 'assignee' ? activity.change.from : null,
        activity.change.kind === 'assignee' ? activity.change.to : null,
        activity.change.kind === 'routing' ? activity.change.from : null,
        activity.change.kind === 'routing' ? activity.change.to : null,
      ].filter((id): id is string => id !== null);
      const agentNames: Record<string, string> = {};
      for (const id of ids) {
        const name = nameOf(id);
        if (name !== null) agentNames[id] = name;
      }
      return [{ ...activity, agentNames }];
    });
  }
}
