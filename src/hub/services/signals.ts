/**
 * In-process notifications from services to the socket layer. Events are
 * published after their transaction committed, in seq order; the other
 * signals change who may receive what and are delivered before the events of
 * the same change so rooms are up to date when the events go out.
 */
import type { ChannelHealth } from '../../shared/admin/health.js';
import type { Presence } from '../../shared/domain.js';
import type { HubEvent } from '../../shared/protocol.js';

export type HubSignal =
  | { readonly type: 'events'; readonly events: readonly HubEvent[] }
  /** These agents' channel links changed: recompute rooms, ask them to resync. */
  | { readonly type: 'links-changed'; readonly agentIds: readonly string[] }
  /**
   * Sessions were revoked (logout, deactivation, password change): disconnect their sockets. A null
   * `tokenHash` means all of the agent's sessions, but `keptTokenHash`'s when given (own password change).
   */
  | {
      readonly type: 'sessions-revoked';
      readonly agentId: string;
      readonly tokenHash: string | null;
      readonly keptTokenHash?: string;
    }
  | { readonly type: 'presence'; readonly agentId: string; readonly presence: Presence; readonly at: number }
  /**
   * For the other hub nodes (services/node-presence.ts): what one node's sockets of an agent say together,
   * on that node's clock. Each node publishes `presence` itself when the union over the nodes changes.
   */
  | {
      readonly type: 'node-presence';
      readonly nodeId: string;
      readonly agentId: string;
      readonly presence: Presence;
      readonly at: number;
    }
  /** For the other hub nodes: what a socket of one node shows now (null: nothing, or the socket is gone). */
  | {
      readonly type: 'node-viewing';
      readonly nodeId: string;
      readonly socketId: string;
      readonly viewing: {
        readonly agentId: string;
        readonly conversationId: string;
        readonly channelId: string;
      } | null;
    }
  /** A node stopped cleanly: its presence and viewers are gone. */
  | { readonly type: 'node-left'; readonly nodeId: string }
  /** The log lost old events: connected clients should check their cursor. */
  | { readonly type: 'log-compacted'; readonly floorSeq: number }
  /** A channel's health changed (services/channel-health.ts): pushed to admins only, never logged. */
  | { readonly type: 'channel-health'; readonly health: ChannelHealth }
  /** An agent types in a conversation: told to the channel's room and admins, but the socket it came from. */
  | {
      readonly type: 'typing';
      readonly channelId: string;
      readonly notice: { readonly conversationId: string; readonly agentId: string; readonly isTyping: boolean };
      readonly exceptSocketId: string;
    };

/** A listener may be asynchronous; its failure is reported the same way. */
export type SignalListener = (signal: HubSignal) => void | Promise<void>;

export class SignalBus {
  private readonly listeners = new Set<SignalListener>();

  /** A failing listener is reported, never thrown into the service whose change already committed. */
  constructor(private readonly onListenerError: (error: unknown, signal: HubSignal) => void) {}

  subscribe(listener: SignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(signal: HubSignal): void {
    for (const listener of this.listeners) {
      try {
        const done = listener(signal);
        if (done) done.catch((error: unknown) => this.onListenerError(error, signal));
      } catch (error) {
        this.onListenerError(error, signal);
      }
    }
  }
}
