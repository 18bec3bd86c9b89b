/**
 * Presence and "who is viewing" across hub nodes on one Postgres (docs/scaling.md, "Shared state"). Each
 * node keeps its own part: what its sockets of each agent say together, and what each of its sockets shows.
 * It stores that in its own rows (store/ports/node-presence.ts), beats a heartbeat every `beatMs`, and tells
 * the other nodes at once with a `node-presence` or `node-viewing` signal (the log tailer carries signals
 * between nodes, src/hub/cluster/log-tailer.ts). Every node keeps a cache of the other nodes' parts, loaded
 * from the rows at start, updated from the signals, and compared with the rows at each heartbeat (a later
 * row wins; each node's times increase), so the synchronous `PresenceTracker.of()` reads memory only.
 *
 * A node whose heartbeat is older than `ttlMs` (it died without a clean stop) counts for nothing: the first
 * node to notice deletes its rows and every node drops it from its cache at its next heartbeat. A clean stop
 * deletes the node's rows and says so (`node-left`). Viewers follow the signals, and each heartbeat compares
 * them with the rows too: a signal lost while the tailer reconnected is made good within a heartbeat. A
 * node stores its viewer row before it signals the change, and a socket whose signal came in after the
 * heartbeat's read began is left as the signal said (the rows read may be older).
 *
 * On SQLite there is one node and this is not used (PresenceTracker has no NodePresence there).
 */
import type { Presence } from '../../shared/domain.js';
import type { NodePresenceRepository, NodeViewerRow } from '../store/ports/node-presence.js';
import type { HubSignal, SignalBus } from './signals.js';

export interface NodePresencePolicy {
  /** A node whose heartbeat is older than this is dead: its agents and viewers stop counting. */
  readonly ttlMs: number;
  /** How often a node beats and compares its cache with the rows. */
  readonly beatMs: number;
}

/** As the leases (services/lease-keeper.ts): a dead node is noticed within 15 s plus one beat. */
export const DEFAULT_NODE_PRESENCE_POLICY: NodePresencePolicy = { ttlMs: 15_000, beatMs: 5_000 };

export interface NodeViewing {
  readonly socketId: string;
  readonly agentId: string;
  readonly conversationId: string;
  readonly channelId: string;
}

export interface NodePresenceOptions {
  readonly repository: NodePresenceRepository;
  readonly nodeId: string;
  readonly bus: SignalBus;
  readonly now: () => number;
  readonly policy?: NodePresencePolicy;
  readonly onError: (what: string, error: unknown) => void;
}

/** Told which agents' presence on other nodes changed (PresenceTracker recomputes their union). */
export type RemotePresenceListener = (agentIds: readonly string[]) => void;
/** Told that a socket on another node opened (true) or left (false) a conversation. */
export type RemoteViewingListener = (viewing: NodeViewing, on: boolean) => void;

const rank: Record<Presence, number> = { offline: 0, away: 1, online: 2 };

export class NodePresence {
  private readonly policy: NodePresencePolicy;
  /** This node's part, as last stored: agents with a presence other than offline; sockets showing a conversation. */
  private readonly ownPresence = new Map<string, Presence>();
  private readonly ownViewers = new Map<string, Omit<NodeViewerRow, 'nodeId' | 'socketId'>>();
  /** The other live nodes' parts, by node id. */
  private readonly remote = new Map<string, Map<string, { presence: Presence; at: number }>>();
  private readonly remoteViewers = new Map<string, Map<string, NodeViewing>>();
  private readonly presenceListeners: RemotePresenceListener[] = [];
  private readonly viewingListeners: RemoteViewingListener[] = [];
  private lastAt = 0;
  /** Viewing signals from other nodes so far, and the count at each socket's latest (reconcileViewers). */
  private viewingSignals = 0;
  private readonly signalled = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(private readonly options: NodePresenceOptions) {
    this.policy = options.policy ?? DEFAULT_NODE_PRESENCE_POLICY;
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  onRemotePresence(listener: RemotePresenceListener): void {
    this.presenceListeners.push(listener);
  }

  onRemoteViewing(listener: RemoteViewingListener): void {
    this.viewingListeners.push(listener);
  }

  /** Listens to the other nodes, beats, loads what the live ones have; then beats every `beatMs`. */
  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'started';
    this.unsubscribe = this.options.bus.subscribe((signal) => this.onSignal(signal));
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.policy.beatMs);
    this.timer.unref();
  }

  /**
   * Stops beating. A clean stop (the default) deletes this node's rows and tells the other nodes; `clean:
   * false` leaves the rows as a node that dies would (tests of what the others do after the timeout).
   */
  async stop(options: { readonly clean?: boolean } = {}): Promise<void> {
    if (this.state === 'stopped') return;
    const wasStarted = this.state === 'started';
    this.state = 'stopped';
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    await this.round;
    if (!wasStarted || options.clean === false) return;
    try {
      await this.options.repository.removeNode(this.nodeId);
    } catch (error) {
      this.options.onError('node presence not removed at stop', error);
    }
    this.options.bus.publish({ type: 'node-left', nodeId: this.nodeId });
  }

  /** The best presence the other live nodes have of the agent. */
  remotePresenceOf(agentId: string): Presence {
    let best: Presence = 'offline';
    for (const agents of this.remote.values()) {
      const p = agents.get(agentId)?.presence ?? 'offline';
      if (rank[p] > rank[best]) best = p;
    }
    return best;
  }

  /** Agents some other live node has away or online. */
  remoteAgents(): Set<string> {
    const ids = new Set<string>();
    for (const agents of this.remote.values())
      for (const [agentId, { presence }] of agents) if (presence !== 'offline') ids.add(agentId);
    return ids;
  }

  /** What the sockets of the other live nodes show. */
  viewers(): NodeViewing[] {
    return [...this.remoteViewers.values()].flatMap((sockets) => [...sockets.values()]);
  }

  /** Whether a socket of another node still shows the conversation to this agent. */
  stillViewed(agentId: string, conversationId: string): boolean {
    return this.viewers().some((v) => v.agentId === agentId && v.conversationId === conversationId);
  }

  /** This node's sockets of the agent now say `presence` together: stored, and told to the other nodes. */
  async setOwnPresence(agentId: string, presence: Presence): Promise<void> {
    if (this.state === 'stopped') return;
    if ((this.ownPresence.get(agentId) ?? 'offline') === presence) return;
    if (presence === 'offline') this.ownPresence.delete(agentId);
    else this.ownPresence.set(agentId, presence);
    const at = this.nextAt();
    this.options.bus.publish({ type: 'node-presence', nodeId: this.nodeId, agentId, presence, at });
    try {
      await this.options.repository.setPresence({ nodeId: this.nodeId, agentId, presence, updatedAt: at });
    } catch (error) {
      this.options.onError('node presence not stored', error);
    }
  }

  /** A socket of this node shows `viewing` now (null: nothing, or it is gone). */
  async setOwnViewing(socketId: string, viewing: Omit<NodeViewing, 'socketId'> | null): Promise<void> {
    if (this.state === 'stopped') return;
    if (viewing) this.ownViewers.set(socketId, viewing);
    else if (!this.ownViewers.delete(socketId)) return;
    // The row first: another node's heartbeat that reads the rows after this signal came finds it.
    try {
      await this.options.repository.setViewing(this.nodeId, socketId, viewing);
    } catch (error) {
      this.options.onError('node viewer not stored', error);
    }
    this.options.bus.publish({ type: 'node-viewing', nodeId: this.nodeId, socketId, viewing });
  }

  /** Times of this node's rows and signals: its clock, but always increasing (a later one replaces an older). */
  private nextAt(): number {
    this.lastAt = Math.max(this.options.now(), this.lastAt + 1);
    return this.lastAt;
  }

  private onSignal(signal: HubSignal): void {
    if (this.state !== 'started') return;
    switch (signal.type) {
      case 'node-presence': {
        if (signal.nodeId === this.nodeId) return;
        if (this.applyPresence(signal.nodeId, signal.agentId, signal.presence, signal.at))
          this.tellPresence([signal.agentId]);
        return;
      }
      case 'node-viewing':
        if (signal.nodeId === this.nodeId) return;
        this.viewingSignals += 1;
        this.signalled.set(viewerKey(signal.nodeId, signal.socketId), this.viewingSignals);
        this.applyViewing(
          signal.nodeId,
          signal.socketId,
          signal.viewing && { socketId: signal.socketId, ...signal.viewing },
        );
        return;
      case 'node-left':
        if (signal.nodeId !== this.nodeId) this.dropNode(signal.nodeId);
        return;
      default:
        return;
    }
  }

  /** Applies another node's presence of an agent if it is newer than the cached one; true when it changed. */
  private applyPresence(nodeId: string, agentId: string, presence: Presence, at: number): boolean {
    const agents = this.remote.get(nodeId) ?? new Map<string, { presence: Presence; at: number }>();
    this.remote.set(nodeId, agents);
    const cached = agents.get(agentId);
    if (cached && cached.at > at) return false;
    agents.set(agentId, { presence, at });
    return (cached?.presence ?? 'offline') !== presence;
  }

  private applyViewing(nodeId: string, socketId: string, viewing: NodeViewing | null): void {
    const sockets = this.remoteViewers.get(nodeId) ?? new Map<string, NodeViewing>();
    this.remoteViewers.set(nodeId, sockets);
    const before = sockets.get(socketId);
    if (before && viewing && before.conversationId === viewing.conversationId) return;
    if (viewing) sockets.set(socketId, viewing);
    else sockets.delete(socketId);
    if (before) this.tellViewing(before, false);
    if (viewing) this.tellViewing(viewing, true);
  }

  /** A node died or left: its agents and viewers stop counting here. */
  private dropNode(nodeId: string): void {
    const agents = this.remote.get(nodeId);
    this.remote.delete(nodeId);
    const sockets = this.remoteViewers.get(nodeId);
    this.remoteViewers.delete(nodeId);
    if (agents) this.tellPresence([...agents.keys()]);
    for (const viewing of sockets?.values() ?? []) this.tellViewing(viewing, false);
  }

  private beat(): Promise<void> {
    this.round = this.round.then(async () => {
      if (this.state !== 'started') return;
      try {
        await this.beatOnce();
      } catch (error) {
        this.options.onError('node heartbeat failed', error);
      }
    });
    return this.round;
  }

  private async beatOnce(): Promise<void> {
    const { repository } = this.options;
    const at = this.options.now();
    const known = await repository.beat(this.nodeId, at);
    // Another node took this one for dead (its clock or the database was slow) and deleted its rows: again.
    if (!known) await this.storeOwnRows();
    const since = at - this.policy.ttlMs;
    await repository.removeStale(since);
    const mark = this.viewingSignals;
    const live = await repository.live(since);
    if (this.state !== 'started') return;
    const liveIds = new Set(live.nodeIds);
    for (const nodeId of [...new Set([...this.remote.keys(), ...this.remoteViewers.keys()])])
      if (!liveIds.has(nodeId)) this.dropNode(nodeId);
    const changed = new Set<string>();
    for (const row of live.presence) {
      if (row.nodeId === this.nodeId) continue;
      if (this.applyPresence(row.nodeId, row.agentId, row.presence, row.updatedAt)) changed.add(row.agentId);
    }
    if (changed.size > 0) this.tellPresence([...changed]);
    this.reconcileViewers(liveIds, live.viewers, mark);
  }

  /**
   * What the live nodes' sockets show, as their rows say: a node seen for the first time (at start, or one
   * that came up since) is loaded, and a change whose signal was lost is made good. A socket signalled after
   * `mark` (while the rows were read) keeps what its signal said.
   */
  private reconcileViewers(liveIds: ReadonlySet<string>, rows: readonly NodeViewerRow[], mark: number): void {
    const recent = (nodeId: string, socketId: string): boolean =>
      (this.signalled.get(viewerKey(nodeId, socketId)) ?? 0) > mark;
    const stored = new Map<string, Map<string, NodeViewing>>();
    for (const { nodeId, ...viewing } of rows) {
      if (nodeId === this.nodeId) continue;
      const sockets = stored.get(nodeId) ?? new Map<string, NodeViewing>();
      stored.set(nodeId, sockets);
      sockets.set(viewing.socketId, viewing);
    }
    for (const nodeId of liveIds) {
      if (nodeId === this.nodeId) continue;
      const sockets = stored.get(nodeId) ?? new Map<string, NodeViewing>();
      for (const socketId of [...(this.remoteViewers.get(nodeId)?.keys() ?? [])])
        if (!sockets.has(socketId) && !recent(nodeId, socketId)) this.applyViewing(nodeId, socketId, null);
      for (const [socketId, viewing] of sockets)
        if (!recent(nodeId, socketId)) this.applyViewing(nodeId, socketId, viewing);
      if (!this.remoteViewers.has(nodeId)) this.remoteViewers.set(nodeId, new Map());
    }
    for (const [key, at] of this.signalled) if (at <= mark) this.signalled.delete(key);
  }

  private async storeOwnRows(): Promise<void> {
    const { repository } = this.options;
    for (const [agentId, presence] of this.ownPresence)
      await repository.setPresence({ nodeId: this.nodeId, agentId, presence, updatedAt: this.nextAt() });
    for (const [socketId, viewing] of this.ownViewers) await repository.setViewing(this.nodeId, socketId, viewing);
  }

  private tellPresence(agentIds: readonly string[]): void {
    for (const listener of this.presenceListeners) listener(agentIds);
  }

  private tellViewing(viewing: NodeViewing, on: boolean): void {
    for (const listener of this.viewingListeners) listener(viewing, on);
  }
}

const viewerKey = (nodeId: string, socketId: string): string => `${nodeId}\u0000${socketId}`;
