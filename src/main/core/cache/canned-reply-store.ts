/**
 * The canned replies the hub sent this agent (cache migration 0008): kept by
 * the apply path, read by the composer offline. The hub sends only the team's
 * replies of the agent's channels and the agent's own; reads keep to those
 * anyway, so a row this agent should not have is never offered.
 */
import { CannedReply } from '../../../shared/domain.js';
import type { CacheDb } from './cache-db.js';

interface JsonRow {
  json: string;
}

export class CannedReplyStore {
  private readonly stmt;

  constructor(
    db: CacheDb,
    private readonly me: string,
  ) {
    this.stmt = {
      upsert: db.prepare(`INSERT INTO canned_replies (id, channel_id, owner_id, title, json) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET channel_id = excluded.channel_id, owner_id = excluded.owner_id,
          title = excluded.title, json = excluded.json`),
      remove: db.prepare('DELETE FROM canned_replies WHERE id = ?'),
      removeOfChannel: db.prepare('DELETE FROM canned_replies WHERE channel_id = ?'),
      clear: db.prepare('DELETE FROM canned_replies'),
      forChannel: db.prepare<[string, string], JsonRow>(`SELECT json FROM canned_replies
        WHERE (channel_id = ? OR channel_id IS NULL) AND (owner_id IS NULL OR owner_id = ?)
        ORDER BY title, id`),
    };
  }

  upsert(reply: CannedReply): void {
    this.stmt.upsert.run(reply.id, reply.channelId, reply.ownerId, reply.title, JSON.stringify(reply));
  }

  remove(id: string): void {
    this.stmt.remove.run(id);
  }

  /** The agent lost sight of the channel. */
  removeOfChannel(channelId: string): void {
    this.stmt.removeOfChannel.run(channelId);
  }

  /** A snapshot rebuild starts over. */
  clear(): void {
    this.stmt.clear.run();
  }

  /** What the composer offers in a conversation of this channel: its replies and the all-channel ones, by title. */
  forChannel(channelId: string): CannedReply[] {
    return this.stmt.forChannel.all(channelId, this.me).flatMap((row) => {
      const parsed = CannedReply.safeParse(JSON.parse(row.json));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
