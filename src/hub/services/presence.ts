/**
 * Presence per agent: live with the sockets (an agent may have several — two
 * machines; online if any socket is online, away if any is away, otherwise
 * offline), and stored with the time it began (agent_presence), so routing's
 * "away or offline for 10 minutes" counts on across a hub restart
 * (docs/hub.md, "Routing"). The desktop app says away when the agent chose it
 * or the machine idles, locks or sleeps (src/main/shell/presence-watch.ts).
 */
import type { Presence } from '../../shared/domain.js';
import type { SignalBus } from './signals.js';
import type { RoutingRepository, StoredPresence } from '../store/ports/routing.js';

export type PresenceListener = (agentId: string, presence: Presence) => void;

export class PresenceTracker {
  private readonly sockets = new Map<string, Map<string, Presence>>();
  private readonly listeners: PresenceListener[] = [];

  constructor(
    private readonly bus: SignalBus,
    private readonly now: () => number,
    private readonly stored: RoutingRepository,
  ) {}

  of(agentId: string): Presence {
    const states = [...(this.sockets.get(agentId)?.values() ?? [])];
    if (states.includes('online')) return 'online';
    if (states.includes('away')) return 'away';
    return 'offline';
  }

  /** Every agent with at least one socket, and its presence. */
  connected(): { agentId: string; presence: Presence }[] {
    return [...this.sockets.keys()].map((agentId) => ({ agentId, presence: this.of(agentId) }));
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
   * before. Agents never seen get a row too, so their clock starts here.
   */
  async settleAfterRestart(agentIds: readonly string[]): Promise<void> {
    const now = this.now();
    const known = new Map((await this.stored.allPresence()).map((p) => [p.agentId, p]));
    for (const agentId of agentIds) {
      const row = known.get(agentId);
      if (row && row.presence === 'offline') continue;
      await this.stored.setPresence({
        agentId,
        presence: 'offline',
        since: now,
        unavailableSince: row?.unavailableSince ?? now,
      });
    }
  }

  async set(agentId: string, socketId: string, presence: Presence): Promise<void> {
    const before = this.of(agentId);
    const states = this.sockets.get(agentId) ?? new Map<string, Presence>();
    states.set(socketId, presence);
    this.sockets.set(agentId, states);
    await this.announceIfChanged(agentId, before);
  }

  async remove(agentId: string, socketId: string): Promise<void> {
    const before = this.of(agentId);
    const states = this.sockets.get(agentId);
    states?.delete(socketId);
    if (states && states.size === 0) this.sockets.delete(agentId);
    await this.announceIfChanged(agentId, before);
  }

  private async announceIfChanged(agentId: string, before: Presence): Promise<void> {
    const after = this.of(agentId);
    if (after === before) return;
    const now = this.now();
    const previous = await this.stored.presenceOf(agentId);
    await this.stored.setPresence({
      agentId,
      presence: after,
      since: now,
      // Away, then offline (or back), is one stretch of not being there.
      unavailableSince: after === 'online' ? null : (previous?.unavailableSince ?? now),
    });
    this.bus.publish({ type: 'presence', agentId, presence: after, at: now });
    for (const listener of this.listeners) listener(agentId, after);
  }
}
