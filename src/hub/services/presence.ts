/**
 * Presence per agent, kept with the sockets (not in the database): an agent
 * may have several sockets (two machines); it is online if any socket is
 * online, away if any is away, otherwise offline.
 */
import type { Presence } from '../../shared/domain.js';
import type { SignalBus } from './signals.js';

export class PresenceTracker {
  private readonly sockets = new Map<string, Map<string, Presence>>();

  constructor(
    private readonly bus: SignalBus,
    private readonly now: () => number,
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

  set(agentId: string, socketId: string, presence: Presence): void {
    const before = this.of(agentId);
    const states = this.sockets.get(agentId) ?? new Map<string, Presence>();
    states.set(socketId, presence);
    this.sockets.set(agentId, states);
    this.announceIfChanged(agentId, before);
  }

  remove(agentId: string, socketId: string): void {
    const before = this.of(agentId);
    const states = this.sockets.get(agentId);
    states?.delete(socketId);
    if (states && states.size === 0) this.sockets.delete(agentId);
    this.announceIfChanged(agentId, before);
  }

  private announceIfChanged(agentId: string, before: Presence): void {
    const after = this.of(agentId);
    if (after !== before) this.bus.publish({ type: 'presence', agentId, presence: after, at: this.now() });
  }
}
