/**
 * The socket.io link to the hub: connects with the token, reconnects with
 * exponential backoff and jitter, reconnects at once when the shell says the
 * machine woke or the network came back, and turns commands into typed,
 * schema-checked acknowledgements. It owns no state beyond the socket: it
 * never touches the cache and never decides what to sync.
 */
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { AppError, ErrorBody, isErrorCode } from '../../../shared/errors.js';
import {
  ackSchema,
  HubEvent,
  PresenceNotice,
  ResyncNotice,
  SessionEndDetails,
  SignedOutNotice,
  SOCKET_COMMANDS,
  TypingNotice,
  ViewingNotice,
  type CommandRequest,
  type CommandResult,
  type SessionEndReason,
  type SocketCommand,
} from '../../../shared/protocol.js';
import type { Presence } from '../../../shared/domain.js';
import { ChannelHealth } from '../../../shared/admin/health.js';
import { errorMessage, type Logger } from '../logger.js';
import { reconnectDelay } from './backoff.js';
import { readableItems, readSnapshotPage, readSyncPage } from './lenient-pages.js';

export type LinkStatus = 'online' | 'connecting' | 'offline';

const COMMAND_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface HubConnectionHooks {
  onStatus(status: LinkStatus, error: AppError | null): void;
  /** A (re)connection is established: time to sync. */
  onConnected(): void;
  /** One push of live events, in seq order (the readable ones: one this client cannot parse is left out). */
  onEvents(events: HubEvent[]): void;
  onPresence(notice: z.infer<typeof PresenceNotice>): void;
  onResync(notice: z.infer<typeof ResyncNotice>): void;
  /** Another agent started or stopped typing in a conversation I may see. */
  onTyping(notice: z.infer<typeof TypingNotice>): void;
  /** Another agent opened or left a conversation I may see. */
  onViewing?(notice: z.infer<typeof ViewingNotice>): void;
  /** The hub ended the session or refused the token (expired, revoked, unknown): sign out, saying why. */
  onAuthRejected(reason: SessionEndReason): void;
  /** Admins: a channel's health changed (live only; the status also arrives with the channel). */
  onChannelHealth(health: ChannelHealth): void;
}

export interface HubConnectionOptions {
  readonly hubUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly hooks: HubConnectionHooks;
  readonly random?: () => number;
  /** Presence to announce in the handshake (e.g. 'away' when the machine idles while offline). */
  readonly presence?: () => Presence | null;
}

// Read one by one (lenient-pages.ts): one event this client cannot parse never drops the batch.
const LiveEvents = z.array(z.unknown());
/** `connect_error` data: an ErrorBody (docs/protocol.md §4.1); UNAUTHENTICATED carries the reason. */
const ConnectErrorData = ErrorBody.partial();

function parsedOrNull<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export class HubConnection {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = true;
  private currentStatus: LinkStatus = 'offline';

  constructor(private readonly options: HubConnectionOptions) {}

  get status(): LinkStatus {
    return this.currentStatus;
  }

  get isOnline(): boolean {
    return this.currentStatus === 'online' && this.socket?.connected === true;
  }

  start(): void {
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.closeSocket();
    this.changeStatus('offline', null);
  }

  /** The machine woke or the network came back: retry now instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.isOnline) {
      // The socket may be a zombie after a sleep; the caller resyncs anyway.
      return;
    }
    this.clearTimer();
    this.attempt = 0;
    this.open();
  }

  sync(request: CommandRequest<'sync'>): Promise<CommandResult<'sync'>> {
    return this.call('sync', request, (raw) => readSyncPage(raw, this.options.logger));
  }
  snapshot(request: CommandRequest<'snapshot'>): Promise<CommandResult<'snapshot'>> {
    return this.call('snapshot', request, (raw) => readSnapshotPage(raw, this.options.logger));
  }
  sendMessage(request: CommandRequest<'message.send'>): Promise<CommandResult<'message.send'>> {
    return this.call('message.send', request, SOCKET_COMMANDS['message.send'][1]);
  }
  assign(request: CommandRequest<'conversation.assign'>): Promise<CommandResult<'conversation.assign'>> {
    return this.call('conversation.assign', request, SOCKET_COMMANDS['conversation.assign'][1]);
  }
  setConversationStatus(
    request: CommandRequest<'conversation.setStatus'>,
  ): Promise<CommandResult<'conversation.setStatus'>> {
    return this.call('conversation.setStatus', request, SOCKET_COMMANDS['conversation.setStatus'][1]);
  }
  markRead(request: CommandRequest<'conversation.markRead'>): Promise<CommandResult<'conversation.markRead'>> {
    return this.call('conversation.markRead', request, SOCKET_COMMANDS['conversation.markRead'][1]);
  }
  markUnread(request: CommandRequest<'conversation.markUnread'>): Promise<CommandResult<'conversation.markUnread'>> {
    return this.call('conversation.markUnread', request, SOCKET_COMMANDS['conversation.markUnread'][1]);
  }
  bulk(request: CommandRequest<'conversation.bulk'>): Promise<CommandResult<'conversation.bulk'>> {
    return this.call('conversation.bulk', request, SOCKET_COMMANDS['conversation.bulk'][1]);
  }
  setPresence(request: CommandRequest<'presence.set'>): Promise<CommandResult<'presence.set'>> {
    return this.call('presence.set', request, SOCKET_COMMANDS['presence.set'][1]);
  }
  setLabels(request: CommandRequest<'conversation.setLabels'>): Promise<CommandResult<'conversation.setLabels'>> {
    return this.call('conversation.setLabels', request, SOCKET_COMMANDS['conversation.setLabels'][1]);
  }
  view(request: CommandRequest<'conversation.view'>): Promise<CommandResult<'conversation.view'>> {
    return this.call('conversation.view', request, SOCKET_COMMANDS['conversation.view'][1]);
  }
  typing(request: CommandRequest<'typing'>): Promise<CommandResult<'typing'>> {
    return this.call('typing', request, SOCKET_COMMANDS.typing[1]);
  }

  /** `result` is the ack data's schema, or a reader that returns null for a shape it cannot read. */
  private async call<T>(
    name: SocketCommand,
    request: unknown,
    result: z.ZodType<T> | ((raw: unknown) => T | null),
  ): Promise<T> {
    const socket = this.socket;
    if (!socket?.connected) throw new AppError('OFFLINE');
    let raw: unknown;
    try {
      raw = await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck(name, request);
    } catch (error) {
      throw new AppError('OFFLINE', `${name}: ${errorMessage(error)}`);
    }
    const ack = ackSchema(result instanceof z.ZodType ? result : z.unknown()).safeParse(raw);
    if (!ack.success) throw new AppError('INTERNAL', `${name}: the hub answered in an unexpected shape`);
    if (ack.data.ok) {
      const data = result instanceof z.ZodType ? parsedOrNull(result, ack.data.data) : result(ack.data.data);
      if (data === null) throw new AppError('INTERNAL', `${name}: the hub answered in an unexpected shape`);
      return data;
    }
    const { code, message, details } = ack.data.error;
    throw new AppError(isErrorCode(code) ? code : 'INTERNAL', message, details);
  }

  private open(): void {
    this.closeSocket();
    this.changeStatus('connecting', null);
    const presence = this.options.presence?.() ?? null;
    const socket = io(this.options.hubUrl, {
      // batchEvents: an older hub pushes one `event` per event to a socket without it (see SocketAuth).
      auth: { token: this.options.token, batchEvents: true, ...(presence ? { presence } : {}) },
      reconnection: false,
      forceNew: true,
      transports: ['websocket'],
      timeout: CONNECT_TIMEOUT_MS,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.attempt = 0;
      this.changeStatus('online', null);
      this.options.hooks.onConnected();
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => this.onConnectError(socket, error));
    socket.on('disconnect', (reason) => {
      if (socket !== this.socket) return;
      this.options.logger.info({ reason }, 'hub connection lost');
      if (reason === 'io client disconnect') return;
      this.changeStatus('offline', new AppError('HUB_UNREACHABLE', reason));
      this.scheduleReconnect();
    });
    socket.on('events', (raw: unknown) =>
      this.parsePush(LiveEvents, raw, (events) =>
        this.options.hooks.onEvents(readableItems(HubEvent, events, 'live event', this.options.logger)),
      ),
    );
    socket.on('presence', (raw: unknown) => this.parsePush(PresenceNotice, raw, this.options.hooks.onPresence));
    socket.on('resync', (raw: unknown) => this.parsePush(ResyncNotice, raw, this.options.hooks.onResync));
    socket.on('typing', (raw: unknown) => this.parsePush(TypingNotice, raw, this.options.hooks.onTyping));
    socket.on('viewing', (raw: unknown) =>
      this.parsePush(ViewingNotice, raw, (notice) => this.options.hooks.onViewing?.(notice)),
    );
    socket.on('channel-health', (raw: unknown) =>
      this.parsePush(ChannelHealth, raw, this.options.hooks.onChannelHealth),
    );
    // Sent just before the hub disconnects us at expiry or revocation: sign out now, not after a retry.
    socket.on('signed-out', (raw: unknown) =>
      this.parsePush(SignedOutNotice, raw, ({ reason }) => this.sessionEnded(socket, reason)),
    );
  }

  private onConnectError(socket: Socket, error: Error & { data?: unknown }): void {
    if (socket !== this.socket) return;
    const parsed = ConnectErrorData.safeParse(error.data);
    const data = parsed.success ? parsed.data : {};
    if (data.code === 'UNAUTHENTICATED' || error.message === 'UNAUTHENTICATED') {
      const details = SessionEndDetails.safeParse(data.details);
      return this.sessionEnded(socket, details.success ? details.data.reason : 'unknown');
    }
    if (data.code === 'VALIDATION_FAILED') {
      // The hub finds our handshake malformed: our bug (or a hub of another version), not a bad
      // session. Signing out would not help; stay signed in and try again with the backoff.
      this.options.logger.error(
        { error: data.message ?? error.message, details: data.details, attempt: this.attempt },
        'hub refused the handshake as malformed',
      );
      this.changeStatus('offline', new AppError('VALIDATION_FAILED', data.message ?? error.message));
      return this.scheduleReconnect();
    }
    this.options.logger.warn({ error: error.message, attempt: this.attempt }, 'hub connection failed');
    this.changeStatus('offline', new AppError('HUB_UNREACHABLE', error.message));
    this.scheduleReconnect();
  }

  private sessionEnded(socket: Socket, reason: SessionEndReason): void {
    if (socket !== this.socket) return;
    this.options.logger.info({ reason }, 'the hub ended the session');
    this.stop();
    this.options.hooks.onAuthRejected(reason);
  }

  private parsePush<T>(schema: z.ZodType<T>, raw: unknown, deliver: (value: T) => void): void {
    const parsed = schema.safeParse(raw);
    if (parsed.success) deliver(parsed.data);
    else this.options.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'hub push refused by schema');
  }

  private scheduleReconnect(): void {
    this.closeSocket();
    if (this.stopped) return;
    this.clearTimer();
    const delay = reconnectDelay(this.attempt, (this.options.random ?? Math.random)());
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private changeStatus(status: LinkStatus, error: AppError | null): void {
    if (status === this.currentStatus && error === null) return;
    this.currentStatus = status;
    this.options.hooks.onStatus(status, error);
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
