/**
 * Presence and viewers per hub node on Postgres (migration 0006). Each node writes only its own rows, so no
 * two nodes update one row; `removeStale` deletes a dead node's rows in one statement per table (two nodes
 * doing it at once delete the same rows, harmlessly).
 */
import type { PgDb } from './db.js';
import type { LiveNodes, NodePresenceRepository, NodePresenceRow, NodeViewerRow } from '../ports/node-presence.js';
import { presenceOfRow, viewerOfRow, type PresenceRow, type ViewerRow } from '../node-presence-rows.js';

export class PostgresNodePresenceRepository implements NodePresenceRepository {
  constructor(private readonly db: PgDb) {}

  async beat(nodeId: string, at: number): Promise<boolean> {
    // xmax is 0 on a row this statement inserted, and the updating transaction's id on one it updated.
    const row = await this.db.one<{ existed: boolean }>(
      `INSERT INTO node_heartbeats (node_id, beat_at) VALUES ($1, $2)
       ON CONFLICT (node_id) DO UPDATE SET beat_at = excluded.beat_at
       RETURNING (xmax <> 0) AS existed`,
      [nodeId, at],
    );
    return row?.existed ?? false;
  }

  async setPresence(row: NodePresenceRow): Promise<void> {
    await this.db.run(
      `INSERT INTO node_presence (node_id, agent_id, presence, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (node_id, agent_id) DO UPDATE SET presence = excluded.presence, updated_at = excluded.updated_at`,
      [row.nodeId, row.agentId, row.presence, row.updatedAt],
    );
  }

  async setViewing(
    nodeId: string,
    socketId: string,
    viewing: Omit<NodeViewerRow, 'nodeId' | 'socketId'> | null,
  ): Promise<void> {
    if (!viewing) {
      await this.db.run(`DELETE FROM node_viewers WHERE node_id = $1 AND socket_id = $2`, [nodeId, socketId]);
      return;
    }
    await this.db.run(
      `INSERT INTO node_viewers (node_id, socket_id, agent_id, conversation_id, channel_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (node_id, socket_id) DO UPDATE SET agent_id = excluded.agent_id,
         conversation_id = excluded.conversation_id, channel_id = excluded.channel_id`,
      [nodeId, socketId, viewing.agentId, viewing.conversationId, viewing.channelId],
    );
  }

  async live(since: number): Promise<LiveNodes> {
    const nodes = await this.db.query<{ node_id: string }>(
      `SELECT node_id FROM node_heartbeats WHERE beat_at >= $1 ORDER BY node_id`,
      [since],
    );
    const presence = await this.db.query<PresenceRow>(
      `SELECT p.node_id, p.agent_id, p.presence, p.updated_at FROM node_presence p
         JOIN node_heartbeats h ON h.node_id = p.node_id WHERE h.beat_at >= $1 ORDER BY p.node_id, p.agent_id`,
      [since],
    );
    const viewers = await this.db.query<ViewerRow>(
      `SELECT v.node_id, v.socket_id, v.agent_id, v.conversation_id, v.channel_id FROM node_viewers v
         JOIN node_heartbeats h ON h.node_id = v.node_id WHERE h.beat_at >= $1 ORDER BY v.node_id, v.socket_id`,
      [since],
    );
    return {
      nodeIds: nodes.map((r) => r.node_id),
      presence: presence.map(presenceOfRow),
      viewers: viewers.map(viewerOfRow),
    };
  }

  async removeStale(before: number): Promise<string[]> {
    const gone = await this.db.query<{ node_id: string }>(
      `DELETE FROM node_heartbeats WHERE beat_at < $1 RETURNING node_id`,
      [before],
    );
    const ids = gone.map((r) => r.node_id);
    if (ids.length === 0) return ids;
    await this.db.run(`DELETE FROM node_presence WHERE node_id = ANY($1::text[])`, [ids]);
    await this.db.run(`DELETE FROM node_viewers WHERE node_id = ANY($1::text[])`, [ids]);
    return ids;
  }

  async removeNode(nodeId: string): Promise<void> {
    await this.db.run(`DELETE FROM node_heartbeats WHERE node_id = $1`, [nodeId]);
    await this.db.run(`DELETE FROM node_presence WHERE node_id = $1`, [nodeId]);
    await this.db.run(`DELETE FROM node_viewers WHERE node_id = $1`, [nodeId]);
  }
}
