/**
 * Presence between this account and the hub: the agent's own choice (or the
 * shell's idle watch) is sent now, or on the next connection when offline,
 * and rides in every handshake; pushes about anyone update the cache; after
 * each (re)connection everyone's presence is read again (pushes were missed
 * meanwhile). The agent's own presence, as the hub last said it, is reported
 * so the session's copy of the agent follows it.
 */
import type { Agent, Presence } from '../../../shared/domain.js';
import type { CommandRequest } from '../../../shared/protocol.js';
import type { ClientCache } from '../cache/client-cache.js';

/** The part of the hub link this needs. */
export interface PresenceLink {
  readonly isOnline: boolean;
  setPresence(request: CommandRequest<'presence.set'>): Promise<unknown>;
}

export interface PresenceSyncDeps {
  readonly cache: ClientCache;
  readonly link: PresenceLink;
  /** Every agent with their presence now (`GET /api/agents`). */
  readonly fetchAgents: () => Promise<readonly Agent[]>;
  /** My own presence, as the hub said it or as I just chose it. */
  readonly onOwnPresence: (presence: Presence) => void;
  /** Someone's presence changed in the cache (rows show assignees' presence). */
  readonly onChanged: () => void;
}

export class PresenceSync {
  /** What the agent (or the shell's idle watch) chose; sent in every handshake. */
  private chosen: Presence | null = null;
  /** The choice was made while the hub could not hear it. */
  private pending = false;

  constructor(private readonly deps: PresenceSyncDeps) {}

  /** The presence to announce in a handshake (null: the hub's default). */
  get handshakePresence(): Presence | null {
    return this.chosen;
  }

  /** Presence to tell the hub now, or on the next connection when offline. */
  async choose(presence: Presence): Promise<void> {
    const { cache, link } = this.deps;
    this.chosen = presence;
    this.pending = true;
    cache.entities.setPresence(cache.me, presence);
    this.deps.onOwnPresence(presence);
    if (!link.isOnline) return;
    await link.setPresence({ presence });
    this.pending = false;
  }

  /** A presence push from the hub. */
  onPush(notice: { agentId: string; presence: Presence }): void {
    const { cache } = this.deps;
    cache.entities.setPresence(notice.agentId, notice.presence);
    if (notice.agentId === cache.me) this.deps.onOwnPresence(notice.presence);
    this.deps.onChanged();
  }

  /** After a (re)connection: a choice made offline goes out, then everyone's presence is read again. */
  async afterConnect(): Promise<void> {
    if (this.pending && this.chosen) await this.choose(this.chosen);
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    const { cache } = this.deps;
    const agents = await this.deps.fetchAgents();
    cache.transaction(() => {
      for (const agent of agents) cache.entities.setPresence(agent.id, agent.presence);
    });
    const mine = agents.find((agent) => agent.id === cache.me);
    if (mine) this.deps.onOwnPresence(mine.presence);
    this.deps.onChanged();
  }
}
