/**
 * socket.io on the hub's HTTP server: token handshake, the acknowledged
 * commands, live events to exactly the sockets that may see them (in seq
 * order: events are published after commit, one change at a time), presence,
 * typing relay and resync requests. A socket lives as long as its session:
 * at expiry or revocation it is told why (`signed-out`) and disconnected.
 * Owns no state beyond the connections.
 */
import { cleanTextDeep } from '../../shared/text.js';
import type { Server as HttpServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';
import type { Presence } from '../../shared/domain.js';
import { AppError, type ErrorBody } from '../../shared/errors.js';
import {
  SOCKET_COMMANDS,
  type Ack,
  type HubEvent,
  type SessionEndReason,
  type SocketCommand,
} from '../../shared/protocol.js';
import type { LiveSession } from '../services/auth.js';
import type { HubServices } from '../services/hub-services.js';
import type { HubSignal, SignalBus } from '../services/signals.js';
import type { Store } from '../store/store.js';
import { CommandLimiter } from './command-limits.js';
import { COMMAND_HANDLERS, type CommandContext } from './commands.js';
import { admitHandshake, sessionRefusal } from './handshake.js';
import { ADMINS_ROOM, ALL_ROOM, channelRoom, roomsFor, roomsOf } from './rooms.js';
import { SessionExpiry } from './session-expiry.js';
import { ViewerTracker, type Viewing } from './viewers.js';

interface SocketData {
  token: string;
  tokenHash: string;
  agentId: string;
  /** SocketAuth.presence, else online. */
  presence: Presence;
}
type HubSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;
/** How setting a socket up ended: its commands wait for it, and a refusal answers them. */
type Setup = { readonly ok: true } | { readonly ok: false; readonly error: ErrorBody };

export interface SocketServerDeps {
  readonly services: HubServices;
  readonly store: Store;
  readonly bus: SignalBus;
  readonly log: Logger;
  readonly now: () => number;
}

export interface SocketServer {
  readonly io: Server;
  /** Disconnects every socket and stops the engine; the HTTP server is closed by its owner. */
  close(): Promise<void>;
}

const COMMAND_NAMES = Object.keys(SOCKET_COMMANDS).filter((name): name is SocketCommand => name in COMMAND_HANDLERS);

/**
 * Flushes of live events are at least this far apart. Every flush costs one
 * write per socket (200 agents: 200 writev calls, which were a quarter of the
 * hub's CPU under webhook load); spacing them makes bursts bigger and the
 * writes fewer while adding at most this much latency. A flush after a quiet
 * spell still goes out at once.
 */
const FLUSH_SPACING_MS = 10;

function connectError(error: AppError): Error & { data: unknown } {
  return Object.assign(new Error(error.message), { data: error.toBody() });
}

class HubSocketServer implements SocketServer {
  readonly io: Server;
  private readonly unsubscribe: () => void;
  private signalTurn: Promise<void> = Promise.resolve();
  /** Live events published since the last flush, in seq order. */
  private pending: HubEvent[] = [];
  private flushTimer: { readonly cancel: () => void } | null = null;
  /** performance.now() of the last flush that sent something (real time: tests may fake the hub clock). */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private readonly expiry: SessionExpiry;
  private readonly viewers = new ViewerTracker();
  /** Disconnect handlers still writing (presence): close() waits for them before the store closes. */
  private readonly leaving = new Set<Promise<void>>();

  constructor(
    httpServer: HttpServer,
    private readonly deps: SocketServerDeps,
  ) {
    this.expiry = new SessionExpiry(deps.now, async (socketId) => await this.recheck(socketId));
    this.io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 1_000_000 });
    this.io.use(async (socket: HubSocket, next) => await this.handshake(socket, next));
    this.io.on('connection', (socket: HubSocket) => this.onConnection(socket));
    // One signal at a time, in publish order: a room change must be done before the events after it go out.
    this.unsubscribe = deps.bus.subscribe((signal) => {
      const turn = this.signalTurn.then(() => this.onSignal(signal));
      this.signalTurn = turn.catch((error: unknown) =>
        deps.log.error({ err: error, signal: signal.type }, 'socket signal failed'),
      );
    });
    // Conversations opened or left by sockets of the other nodes (services/node-presence.ts).
    deps.services.presence.cluster?.onRemoteViewing((v, viewing) => {
      this.announceViewing(v, viewing).catch((error: unknown) =>
        deps.log.error({ err: error }, 'viewing from another node not announced'),
      );
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.flushEvents();
    this.expiry.close();
    this.io.local.disconnectSockets(true);
    this.io.engine.close();
    await Promise.allSettled([...this.leaving]);
  }

  private sockets(): HubSocket[] {
    return [...this.io.of('/').sockets.values()];
  }

  private async handshake(socket: HubSocket, next: (error?: Error) => void): Promise<void> {
    const admitted = await admitHandshake(this.deps.services.auth, socket.handshake.auth);
    if (!admitted.ok) return next(connectError(admitted.refusal));
    const { auth, session } = admitted;
    socket.data = {
      token: auth.token,
      tokenHash: session.actor.tokenHash ?? '',
      agentId: session.actor.agent.id,
      presence: auth.presence ?? 'online',
    };
    next();
  }

  /**
   * Listeners are attached at once, before anything is awaited: a client may send its first command the
   * moment it connects, and socket.io keeps no event for a listener attached later. Commands wait until
   * the socket is set up (rooms, presence).
   */
  private onConnection(socket: HubSocket): void {
    const ready = this.prepare(socket);
    this.listenForCommands(socket, socket.data.agentId, ready);
    socket.on('disconnect', () => {
      const leaving = this.onDisconnect(socket, ready);
      this.leaving.add(leaving);
      void leaving.finally(() => this.leaving.delete(leaving));
    });
  }

  private async onDisconnect(socket: HubSocket, ready: Promise<Setup>): Promise<void> {
    try {
      await ready;
      this.expiry.forget(socket.id);
      await this.deps.services.presence.remove(socket.data.agentId, socket.id);
      const left = this.viewers.remove(socket.id);
      if (left) await this.announceViewing(left, false);
      if (left) await this.deps.services.presence.cluster?.setOwnViewing(socket.id, null);
    } catch (error) {
      this.deps.log.error({ err: error }, 'socket disconnect failed');
    }
  }

  /**
   * Sets the socket up; a socket that could not be is closed (its client reconnects), and the refusal is
   * what its commands sent meanwhile are answered with.
   */
  private async prepare(socket: HubSocket): Promise<Setup> {
    try {
      // The session may have ended between the handshake and now.
      const check = await this.deps.services.auth.checkSession(socket.data.token);
      if (!check.ok) {
        this.endSession(socket, check.reason);
        return { ok: false, error: sessionRefusal(check.reason).toBody() };
      }
      await this.setUp(socket, check.session);
      return { ok: true };
    } catch (error) {
      // A socket without its rooms and commands would hang its client: close it, the client reconnects.
      this.deps.log.warn({ err: error }, 'could not set up a socket; disconnecting it');
      socket.disconnect(true);
      return { ok: false, error: (error instanceof AppError ? error : new AppError('INTERNAL')).toBody() };
    }
  }

  private async setUp(socket: HubSocket, { actor, expiresAt }: LiveSession): Promise<void> {
    const { services, store } = this.deps;
    // Events committed before this socket joined are not its live events (it syncs them): send them first.
    await this.flushEvents();
    void socket.join(await roomsOf(store, actor));
    this.expiry.watch(socket.id, expiresAt);
    await services.presence.set(actor.agent.id, socket.id, socket.data.presence);
    // Presence is not in the event log: a new socket learns who is around now.
    const at = this.deps.now();
    for (const { agentId, presence } of services.presence.connected())
      socket.emit('presence', { agentId, presence, at });
    // Who has a conversation open is not in the log either: what this socket may see of it, now.
    const rooms = new Set(await roomsOf(store, actor));
    for (const v of [...this.viewers.all(), ...(services.presence.cluster?.viewers() ?? [])]) {
      if (v.agentId !== actor.agent.id && (rooms.has(ADMINS_ROOM) || rooms.has(channelRoom(v.channelId))))
        socket.emit('viewing', { conversationId: v.conversationId, agentId: v.agentId, viewing: true });
    }
  }

  /** Each command is acknowledged; typing and presence over their rate limit are dropped (command-limits.ts). */
  private listenForCommands(socket: HubSocket, agentId: string, ready: Promise<Setup>): void {
    const limiter = new CommandLimiter();
    for (const name of COMMAND_NAMES) {
      socket.on(name, (payload: unknown, ack: unknown) => {
        // socket.emit(name, ack) without a payload puts the callback first.
        const respond = typeof ack === 'function' ? ack : typeof payload === 'function' ? payload : null;
        const body = typeof payload === 'function' ? undefined : payload;
        const limited = limiter.refusal(name);
        if (limited) {
          if (!limiter.wasLimited) this.deps.log.warn({ agentId, command: name }, 'socket rate-limited');
          limiter.wasLimited = true;
          respond?.({ ok: false, error: limited.toBody() });
          return;
        }
        void ready.then(async (setup) => {
          respond?.(setup.ok ? await this.runCommand(socket, name, body) : setup);
        });
      });
    }
  }

  private async runCommand(socket: HubSocket, name: SocketCommand, payload: unknown): Promise<Ack<unknown>> {
    // Every command re-checks the session: a revoked or expired token stops working at once.
    const check = await this.deps.services.auth.checkSession(socket.data.token);
    if (!check.ok) {
      setImmediate(() => this.endSession(socket, check.reason));
      return { ok: false, error: sessionRefusal(check.reason).toBody() };
    }
    try {
      const ctx: CommandContext = {
        actor: check.session.actor,
        socketId: socket.id,
        relayTyping: async (channelId, notice) => {
          // Through the bus, so a hub on several nodes tells the sockets of every node (src/hub/cluster/).
          this.deps.bus.publish({ type: 'typing', channelId, notice, exceptSocketId: socket.id });
        },
        setViewing: async (conversation) => {
          const agentId = socket.data.agentId;
          const { left, joined } = this.viewers.set(
            socket.id,
            conversation && { agentId, conversationId: conversation.id, channelId: conversation.channelId },
          );
          // Announced here first: whether it is still viewed is checked right after the change, on this node.
          if (left) await this.announceViewing(left, false);
          if (joined) await this.announceViewing(joined, true);
          // The other nodes hear it too (services/node-presence.ts).
          if (left || joined)
            await this.deps.services.presence.cluster?.setOwnViewing(
              socket.id,
              joined && { agentId, conversationId: joined.conversationId, channelId: joined.channelId },
            );
        },
      };
      // Agents' strings are stored in the same normal form as providers' (src/shared/text.ts).
      return { ok: true, data: await COMMAND_HANDLERS[name](this.deps.services, ctx, cleanTextDeep(payload)) };
    } catch (error) {
      const known = error instanceof AppError ? error : new AppError('INTERNAL');
      if (!(error instanceof AppError)) this.deps.log.error({ err: error, command: name }, 'socket command failed');
      return { ok: false, error: known.toBody() };
    }
  }

  /**
   * Tells the sockets that may see the conversation (its channel's room, admins) that the agent opened
   * or left it; left only once none of the agent's sockets shows it any more, on any node.
   */
  private async announceViewing(v: Viewing, viewing: boolean): Promise<void> {
    if (!viewing && this.viewers.stillViewed(v)) return;
    if (!viewing && this.deps.services.presence.cluster?.stillViewed(v.agentId, v.conversationId)) return;
    await this.endEndedSessions();
    this.io
      .to([channelRoom(v.channelId), ADMINS_ROOM])
      .except(v.socketId)
      .emit('viewing', { conversationId: v.conversationId, agentId: v.agentId, viewing });
  }

  /**
   * Tells the socket why its session is over, then disconnects it (socket.io
   * writes the push before closing the transport); it leaves every room at once.
   */
  private endSession(socket: HubSocket, reason: SessionEndReason): void {
    this.expiry.forget(socket.id);
    if (!socket.connected) return;
    this.deps.log.info({ agentId: socket.data.agentId, reason }, 'session over; disconnecting its socket');
    socket.emit('signed-out', { reason });
    socket.disconnect(true);
  }

  /** A socket's expiry timer fired: end it unless the session is still valid by the hub's clock. */
  private async recheck(socketId: string): Promise<void> {
    const socket = this.io.of('/').sockets.get(socketId);
    if (!socket) return;
    const check = await this.deps.services.auth.checkSession(socket.data.token);
    if (check.ok) this.expiry.watch(socketId, check.session.expiresAt);
    else this.endSession(socket, check.reason);
  }

  /** Ends the sessions whose expiry the hub's clock has reached (cheap while none has). */
  private async endEndedSessions(): Promise<void> {
    for (const socketId of this.expiry.due()) await this.recheck(socketId);
  }

  /**
   * Live events go out once the current burst of work is done (setImmediate):
   * everything committed meanwhile — under load, many webhooks — reaches a
   * socket as one `events` push, so 200 agents cost 200 writes per
   * burst instead of 200 per event; under load bursts are at least
   * FLUSH_SPACING_MS apart. Order is kept: consecutive events with the
   * same rooms go together, and any other signal flushes first.
   */
  private queueEvents(events: readonly HubEvent[]): void {
    this.pending.push(...events);
    if (this.flushTimer) return;
    const wait = this.lastFlushAt + FLUSH_SPACING_MS - performance.now();
    if (wait <= 0) {
      const immediate = setImmediate(async () => await this.flushEvents());
      this.flushTimer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(async () => await this.flushEvents(), wait);
      this.flushTimer = { cancel: () => clearTimeout(timeout) };
    }
  }

  private async flushEvents(): Promise<void> {
    this.flushTimer?.cancel();
    this.flushTimer = null;
    const events = this.pending;
    if (events.length === 0) return;
    this.pending = [];
    // No live event reaches a socket whose session ended, even if its timer has not fired yet.
    await this.endEndedSessions();
    this.lastFlushAt = performance.now();
    let run: HubEvent[] = [];
    let runRooms: string[] = [];
    const send = (): void => {
      if (run.length === 0) return;
      this.io.to(runRooms).emit('events', run);
    };
    for (const event of events) {
      const rooms = roomsFor(event);
      if (rooms.join('\n') !== runRooms.join('\n')) {
        send();
        run = [];
        runRooms = rooms;
      }
      run.push(event);
    }
    send();
  }

  private async onSignal(signal: HubSignal): Promise<void> {
    if (signal.type === 'events') return this.queueEvents(signal.events);
    // Room changes and resync requests must not overtake the events published before them.
    await this.flushEvents();
    switch (signal.type) {
      case 'links-changed':
        for (const socket of this.sockets()) {
          if (!signal.agentIds.includes(socket.data.agentId)) continue;
          await this.refreshRooms(socket);
          socket.emit('resync', { reason: 'links-changed' });
        }
        return;
      case 'sessions-revoked':
        for (const socket of this.sockets()) {
          const { tokenHash, keptTokenHash } = signal;
          const matches =
            tokenHash === null ? socket.data.tokenHash !== keptTokenHash : socket.data.tokenHash === tokenHash;
          if (socket.data.agentId === signal.agentId && matches) this.endSession(socket, 'revoked');
        }
        return;
      case 'presence':
        this.io.to(ALL_ROOM).emit('presence', { agentId: signal.agentId, presence: signal.presence, at: signal.at });
        return;
      case 'log-compacted':
        this.io.to(ALL_ROOM).emit('resync', { reason: 'log-compacted' });
        return;
      case 'channel-health':
        // Admins see every channel's facts; agents learn only the status, with the channel (channel.upsert).
        await this.endEndedSessions();
        this.io.to(ADMINS_ROOM).emit('channel-health', signal.health);
        return;
      case 'typing':
        await this.endEndedSessions();
        this.io
          .to([channelRoom(signal.channelId), ADMINS_ROOM])
          .except(signal.exceptSocketId)
          .emit('typing', signal.notice);
        return;
    }
  }

  private async refreshRooms(socket: HubSocket): Promise<void> {
    const check = await this.deps.services.auth.checkSession(socket.data.token);
    if (!check.ok) return this.endSession(socket, check.reason);
    const wanted = await roomsOf(this.deps.store, check.session.actor);
    for (const room of [...socket.rooms]) if (room !== socket.id && !wanted.includes(room)) void socket.leave(room);
    void socket.join(wanted);
  }
}

export function attachSocketServer(httpServer: HttpServer, deps: SocketServerDeps): SocketServer {
  return new HubSocketServer(httpServer, deps);
}
