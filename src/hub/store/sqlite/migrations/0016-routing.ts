/**
 * Routing (issue 14 §2, services/routing/): per-agent capacity, presence kept
 * with the time it began (so "away for 10 minutes" counts across a hub
 * restart), and each conversation's routing state — when it joined its
 * channel's queue, when it was last assigned, since when the customer waits
 * for an answer, and who it already passed from unanswered.
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 16;

export function up(db: MigrationDb): void {
  db.exec(`
    -- open conversations routing gives the agent at most; NULL = the channel's limit
    ALTER TABLE agents ADD COLUMN capacity INTEGER;

    CREATE TABLE agent_presence (
      agent_id TEXT PRIMARY KEY,
      presence TEXT NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
      -- hub clock: since when the agent has had this presence
      since INTEGER NOT NULL,
      -- hub clock: since when the agent has not been online (away, then offline, counts on); NULL while online
      unavailable_since INTEGER
    ) STRICT;

    -- no foreign keys: purging a contact deletes its conversations; routing rows of missing ones are ignored
    CREATE TABLE conversation_routing (
      conversation_id TEXT PRIMARY KEY,
      channel_id TEXT NOT NULL,
      -- set while the conversation waits in its channel's queue
      queued_at INTEGER,
      -- when the current assignee got it
      assigned_at INTEGER,
      -- hub clock: the customer's first message no agent has answered yet; NULL when answered
      awaiting_since INTEGER,
      -- passes from an assignee who did not answer in time, since the customer was last answered
      pass_count INTEGER NOT NULL DEFAULT 0,
      -- JSON array of the agents it passed from (never given back to them by the queue)
      passed_agent_ids TEXT NOT NULL DEFAULT '[]'
    ) STRICT;
    CREATE INDEX conversation_routing_queue ON conversation_routing(channel_id, queued_at, conversation_id)
      WHERE queued_at IS NOT NULL;
    CREATE INDEX conversation_routing_awaiting ON conversation_routing(awaiting_since)
      WHERE awaiting_since IS NOT NULL;

    -- when each channel's queue last changed (ChannelQueue.updatedAt)
    CREATE TABLE channel_queues (
      channel_id TEXT PRIMARY KEY,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
}
