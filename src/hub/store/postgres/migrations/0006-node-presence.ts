/**
 * Presence and viewers per hub node (store/ports/node-presence.ts), as SQLite's migration 0023
 * (sqlite/migrations/0023-node-presence.ts). Times are epoch ms of the writing node's clock.
 */
const T = 'text COLLATE "C"';

export const version = 6;
export const name = 'node-presence';
export const sql = `
CREATE TABLE node_heartbeats (
  node_id ${T} PRIMARY KEY,
  beat_at bigint NOT NULL
);

CREATE TABLE node_presence (
  node_id ${T} NOT NULL,
  agent_id ${T} NOT NULL,
  presence ${T} NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
  updated_at bigint NOT NULL,
  PRIMARY KEY (node_id, agent_id)
);

CREATE TABLE node_viewers (
  node_id ${T} NOT NULL,
  socket_id ${T} NOT NULL,
  agent_id ${T} NOT NULL,
  conversation_id ${T} NOT NULL,
  channel_id ${T} NOT NULL,
  PRIMARY KEY (node_id, socket_id)
);
`;
