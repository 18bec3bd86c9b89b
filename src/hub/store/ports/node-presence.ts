/**
 * Presence and "who is viewing" per hub node (docs/scaling.md, "Shared state"). Each node writes only its
 * own rows: a heartbeat, its agents' presence (what its sockets of the agent say together) and the
 * conversation each of its sockets shows. The other nodes count a node's rows only while its heartbeat is
 * recent, and delete the rows of a node whose heartbeat stopped (it died without a clean stop).
 */
import type { Presence } from '../../../shared/domain.js';

export interface NodePresenceRow {
  readonly nodeId: string;
  readonly agentId: string;
  readonly presence: Presence;
  /** The node's clock, increasing per node: a later row replaces an older one. */
  readonly updatedAt: number;
}

export interface NodeViewerRow {
  readonly nodeId: string;
  readonly socketId: string;
  readonly agentId: string;
  readonly conversationId: string;
  readonly channelId: string;
}

/** What the live nodes (heartbeat at or after the cut-off) have: their ids and their rows. */
export interface LiveNodes {
  readonly nodeIds: string[];
  readonly presence: NodePresenceRow[];
  readonly viewers: NodeViewerRow[];
}

export interface NodePresenceRepository {
  /** Stores the node's heartbeat; false when the node had none (new, or deleted as dead by another node). */
  beat(nodeId: string, at: number): Promise<boolean>;
  /** The node's presence of an agent (offline kept too, with its time, until the node goes). */
  setPresence(row: NodePresenceRow): Promise<void>;
  /** What a socket of the node shows; null: nothing (the row goes). */
  setViewing(
    nodeId: string,
    socketId: string,
    viewing: Omit<NodeViewerRow, 'nodeId' | 'socketId'> | null,
  ): Promise<void>;
  /** Nodes whose heartbeat is at or after `since`, with their rows. */
  live(since: number): Promise<LiveNodes>;
  /** Deletes the heartbeat and rows of every node whose heartbeat is before `before`; returns their ids. */
  removeStale(before: number): Promise<string[]>;
  /** A clean stop: the node's heartbeat and rows go at once. */
  removeNode(nodeId: string): Promise<void>;
}
