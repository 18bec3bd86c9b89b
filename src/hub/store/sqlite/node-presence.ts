/**
 * Presence and viewers per hub node on SQLite (migration 0023). One node uses an SQLite file, so the hub
 * never reads these (services/node-presence.ts is off there); they exist so both stores keep one contract.
 */
import { once } from '../../../node-shared/prepared.js';
import type { SqliteDb } from './db.js';
import type { LiveNodes, NodePresenceRepository, NodePresenceRow, NodeViewerRow } from '../ports/node-presence.js';
import { presenceOfRow, viewerOfRow, type PresenceRow, type ViewerRow } from '../node-presence-rows.js';

export class SqliteNodePresenceRepository implements NodePresenceRepository {
  private readonly updateBeat = once(() =>
    this.db.prepare<[number, string]>(`UPDATE node_heartbeats SET beat_at = ? WHERE node_id = ?`),
  );
  private readonly insertBeat = once(() =>
    this.db.prepare<[string, number]>(`INSERT INTO node_heartbeats (node_id, beat_at) VALUES (?, ?)`),
  );
  private readonly upsertPresence = once(() =>
    this.db.prepare<[string, string, string, number]>(
      `INSERT INTO node_presence (node_id, agent_id, presence, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (node_id, agent_id) DO UPDATE SET presence = excluded.presence, updated_at = excluded.updated_at`,
    ),
  );
  private readonly upsertViewer = once(() =>
    this.db.prepare<[string, string, string, string, string]>(
      `INSERT INTO node_viewers (node_id, socket_id, agent_id, conversation_id, channel_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (node_id, socket_id) DO UPDATE SET agent_id = excluded.agent_id,
         conversation_id = excluded.conversation_id, channel_id = excluded.channel_id`,
    ),
  );
  private readonly deleteViewer = once(() =>
    this.db.prepare<[string, string]>(`DELETE FROM node_viewers WHERE node_id = ? AND socket_id = ?`),
  );
  private readonly liveNodes = once(() =>
    this.db.prepare<[number], { node_id: string }>(
      `SELECT node_id FROM node_heartbeats WHERE beat_at >= ? ORDER BY node_id`,
    ),
  );
  private readonly livePresence = once(() =>
    this.db.prepare<[number], PresenceRow>(
      `SELECT p.node_id, p.agent_id, p.presence, p.updated_at FROM node_presence p
         JOIN node_heartbeats h ON h.node_id = p.node_id WHERE h.beat_at >= ? ORDER BY p.node_id, p.agent_id`,
    ),
  );
  private readonly liveViewers = once(() =>
    this.db.prepare<[number], ViewerRow>(
      `SELECT v.node_id, v.socket_id, v.agent_id, v.conversation_id, v.channel_id FROM node_viewers v
         JOIN node_heartbeats h ON h.node_id = v.node_id WHERE h.beat_at >= ? ORDER BY v.node_id, v.socket_id`,
    ),
  );
  private readonly staleNodes = once(() =>
    this.db.prepare<[number], { node_id: string }>(`SELECT node_id FROM node_heartbeats WHERE beat_at < ?`),
  );
  private readonly deleteNodeStatements = once(() =>
    ['node_viewers', 'node_presence', 'node_heartbeats'].map((table) =>
      this.db.prepare<[string]>(`DELETE FROM ${table} WHERE node_id = ?`),
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async beat(nodeId: string, at: number): Promise<boolean> {
    if (this.updateBeat().run(at, nodeId).changes > 0) return true;
    this.insertBeat().run(nodeId, at);
    return false;
  }

  async setPresence(row: NodePresenceRow): Promise<void> {
    this.upsertPresence().run(row.nodeId, row.agentId, row.presence, row.updatedAt);
  }

  async setViewing(
    nodeId: string,
    socketId: string,
    viewing: Omit<NodeViewerRow, 'nodeId' | 'socketId'> | null,
  ): Promise<void> {
    if (viewing) this.upsertViewer().run(nodeId, socketId, viewing.agentId, viewing.conversationId, viewing.channelId);
    else this.deleteViewer().run(nodeId, socketId);
  }

  async live(since: number): Promise<LiveNodes> {
    return {
      nodeIds: this.liveNodes()
        .all(since)
        .map((r) => r.node_id),
      presence: this.livePresence().all(since).map(presenceOfRow),
      viewers: this.liveViewers().all(since).map(viewerOfRow),
    };
  }

  async removeStale(before: number): Promise<string[]> {
    const ids = this.staleNodes()
      .all(before)
      .map((r) => r.node_id);
    for (const id of ids) await this.removeNode(id);
    return ids;
  }

  async removeNode(nodeId: string): Promise<void> {
    for (const statement of this.deleteNodeStatements()) statement.run(nodeId);
  }
}
