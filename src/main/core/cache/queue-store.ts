/**
 * The channel queues the hub sent this agent (cache migration 0015): one row
 * per channel, the hub's last figure (`queue.upsert`, a snapshot, or
 * `GET /api/queues`), kept by the apply path and read by the inbox's queue
 * summary, offline too. An older figure never replaces a newer one (a fetched
 * answer may arrive after a live event), and the same figure again changes
 * nothing (so it pushes nothing).
 */
import { ChannelQueue } from '../../../shared/domain.js';
import type { CacheDb } from './cache-db.js';

interface JsonRow {
  json: string;
}

export class QueueStore {
  private readonly stmt;

  constructor(db: CacheDb) {
    this.stmt = {
      upsert: db.prepare(`INSERT INTO queues (channel_id, updated_at, json) VALUES (?, ?, ?)
        ON CONFLICT (channel_id) DO UPDATE SET updated_at = excluded.updated_at, json = excluded.json
          WHERE excluded.updated_at > queues.updated_at
            OR (excluded.updated_at = queues.updated_at AND excluded.json <> queues.json)`),
      all: db.prepare<[], JsonRow>(
        'SELECT q.json FROM queues q JOIN channels c ON c.id = q.channel_id ORDER BY c.name, q.channel_id',
      ),
      clear: db.prepare('DELETE FROM queues'),
    };
  }

  /** Writes the hub's figure; returns whether it changed what the cache held. */
  upsert(queue: ChannelQueue): boolean {
    return this.stmt.upsert.run(queue.channelId, queue.updatedAt, JSON.stringify(queue)).changes > 0;
  }

  /** Every cached queue of a channel the cache knows (a queue goes with its channel), by channel name. */
  all(): ChannelQueue[] {
    return this.stmt.all.all().flatMap((row) => {
      const parsed = ChannelQueue.safeParse(JSON.parse(row.json));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** A snapshot rebuild starts over. */
  clear(): void {
    this.stmt.clear.run();
  }
}
