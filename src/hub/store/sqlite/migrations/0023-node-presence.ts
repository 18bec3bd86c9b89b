/**
 * Presence and viewers per hub node (store/ports/node-presence.ts, docs/scaling.md "Shared state"): each
 * node keeps its own agents' presence and its sockets' open conversations here and beats its heartbeat; the
 * others count a node's rows only while its heartbeat is recent. On SQLite (one node) the rows are never
 * read; the tables are the same on Postgres (postgres/migrations/0006).
 */
import type { MigrationDb } from '../../../../node-shared/sqlite.js';

export const version = 23;

export function up(db: MigrationDb): void {
  db.exec(`
    CREATE TABLE node_heartbeats (
      -- cluster/node-id.ts: random per process
      node_id TEXT PRIMARY KEY,
      -- the node's clock: its last heartbeat
      beat_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE node_presence (
      node_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      -- this node's sockets of the agent, together (offline: none left)
      presence TEXT NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
      -- the node's clock, increasing per node: a later row replaces an older one in the others' caches
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (node_id, agent_id)
    ) STRICT;

    -- a socket of the node and the conversation it shows (a socket showing none has no row)
    CREATE TABLE node_viewers (
      node_id TEXT NOT NULL,
      socket_id TEXT NOT NULL,
      agent_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      channel_id TEXT NOT NULL,
      PRIMARY KEY (node_id, socket_id)
    ) STRICT;
  `);
}
