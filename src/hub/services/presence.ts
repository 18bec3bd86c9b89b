/**
 * Presence per agent: live with the sockets (an agent may have several — two
 * machines; online if any socket is online, away if any is away, otherwise
 * offline), and stored with the time it began (agent_presence), so routing's
 * "away or offline for 10 minutes" counts on across a hub restart
 * (docs/hub.md, "Routing"). The desktop app says away when the agent chose it
 * or the machine idles, locks or sleeps (src/main/shell/presence-watch.ts).
 *
 * On several nodes (Postgres) an agent's presence is the union over the live nodes: this node's sockets,
 * and what the other nodes have (services/node-presence.ts, kept in memory so `of()` stays synchronous).
 * Each node announces `presence` to its own sockets and stores it when that union changes.
 */
import type { Presence } from '../../shared/domain.js';
import type { NodePresence } from './node-presence.js';
import type { SignalBus } from './signals.js';
import type { RoutingRepository, StoredPresence } from '../store/ports/routing.js';

export type PresenceListener = (agentId: string, presence: Presence) => void;

const best = (a: Presence, b: Presence): Presence =>
  a === 'online' || b === 'online' ? 'online' : a === 'away' || b === 'away' ? 'away' : 'offline';

export class PresenceTracker {
  private readonly sockets = new Map<string, Map<string, Presence>>();
  private readonly listeners: PresenceListener[] = [];
  /** The union last announced per agent (absent: offline). */
  private readonly announced = new Map<string, Presence>();

  constructor(
    private readonly bus: SignalBus,
    private readonly now: () => number,
    private readonly stored: RoutingRepository,
    /** The other nodes' presence, on Postgres; null on SQLite (one node). */
    readonly cluster: NodePresence | null = null,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    cluster?.onRemotePresence((agentIds) => {
      for (const agentId of agentIds) void this.announceIfChanged(agentId).catch(this.onError);
    });
  }

  of(agentId: string): Presence {
    const remote = this.cluster?.remotePresenceOf(agentId) ?? 'offline';
    return best(this.localOf(agentId), remote);
  }

  /** Every agent with at least one socket on a live node, and its presence. */
  connected(): { agentId: string; presence: Presence }[] {
    const ids = new Set([...this.sockets.keys(), ...(this.cluster?.remoteAgents() ?? [])]);
    return [...ids].map((agentId) => ({ agentId, presence: this.of(agentId) }));
  }

  private localOf(agentId: string): Presence {
    const states = [...(this.sockets.get(agentId)?.values() ?? [])];
    if (states.includes('online')) return 'online';
    if (states.includes('away')) return 'away';
    return 'offline';
  }

  /** The stored presence: since when, and since when not online (null while online). */
  async storedOf(agentId: string): Promise<StoredPresence | null> {
    return await this.stored.presenceOf(agentId);
  }

  /** Called after each change of an agent's presence (routing assigns from the queue when one comes online). */
  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  /**
   * At start-up, before any socket: whoever the store still has online or away lost their sockets with the
   * hub (a crash; a clean stop already stored them offline): offline since now, not online since then or
   * before. Agents never seen get a row too, so their clock starts here. On several nodes this node first
   * loads what the other live nodes have: an agent connected to one of them stays as it is.
   */
  async settleAfterRestart(agentIds: readonly string[]): Promise<void> {
    // What the other live nodes have first: an agent connected to one of them is not offline.
    await this.cluster?.start();
    const now = this.now();
    const known = new Map((await this.stored.allPresence()).map((p) => [p.agentId, p]));
    for (const agentId of agentIds) {
      const elsewhere = this.of(agentId);
      if (elsewhere !== 'offline') this.announced.set(agentId, elsewhere);
      const row = known.get(agentId);
      if ((row && row.presence === 'offline') || elsewhere !== 'offline') continue;
      await this.stored.setPresence({
        agentId,
        presence: 'offline',
        since: now,
        unavailableSince: row?.unavailableSince ?? now,
      });
    }
  }

  async set(agentId: string, socketId: string, presence: Presence): Promise<void> {
    const states = this.sockets.get(agentId) ?? new Map<string, Presence>();
    states.set(socketId, presence);
    this.sockets.set(agentId, states);
    await this.changed(agentId);
  }

  async remove(agentId: string, socketId: string): Promise<void> {
    const states = this.sockets.get(agentId);
    states?.delete(socketId);
    if (states && states.size === 0) this.sockets.delete(agentId);
    await this.changed(agentId);
  }

  /** A clean stop: the other nodes stop counting this one's sockets (services/node-presence.ts). */
  async leaveCluster(): Promise<void> {
    await this.cluster?.stop();
  }

  private async changed(agentId: string): Promise<void> {
    await this.cluster?.setOwnPresence(agentId, this.localOf(agentId));
    await this.announceIfChanged(agentId);
  }

  /** Announces and stores the agent's presence if the union over the nodes is not the one announced last. */
  private async announceIfChanged(agentId: string): Promise<void> {
    const after = this.of(agentId);
    if (after === (this.announced.get(agentId) ?? 'offline')) return;
    if (after === 'offline') this.announced.delete(agentId);
    else this.announced.set(agentId, after);
    const now = this.now();
    const previous = await this.stored.presenceOf(agentId);
    // Every node that sees the change stores it; the first one's times stand.
    if (previous?.presence !== after) {
      await this.stored.setPresence({
        agentId,
        presence: after,
        since: now,
        // Away, then offline (or back), is one stretch of not being there.
        unavailableSince: after === 'online' ? null : (previous?.unavailableSince ?? now),
      });
    }
    this.bus.publish({ type: 'presence', agentId, presence: after, at: now });
    for (const listener of this.listeners) listener(agentId, after);
  }
}
