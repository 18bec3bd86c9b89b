/** The node_presence and node_viewers rows as both stores read them, and the records they become (ports/node-presence.ts). */
import type { Presence } from '../../shared/domain.js';
import type { NodePresenceRow, NodeViewerRow } from './ports/node-presence.js';

export interface PresenceRow {
  node_id: string;
  agent_id: string;
  presence: Presence;
  /** Postgres' bigint arrives as text. */
  updated_at: string | number;
}

export interface ViewerRow {
  node_id: string;
  socket_id: string;
  agent_id: string;
  conversation_id: string;
  channel_id: string;
}

export const presenceOfRow = (r: PresenceRow): NodePresenceRow => ({
  nodeId: r.node_id,
  agentId: r.agent_id,
  presence: r.presence,
  updatedAt: Number(r.updated_at),
});

export const viewerOfRow = (r: ViewerRow): NodeViewerRow => ({
  nodeId: r.node_id,
  socketId: r.socket_id,
  agentId: r.agent_id,
  conversationId: r.conversation_id,
  channelId: r.channel_id,
});
