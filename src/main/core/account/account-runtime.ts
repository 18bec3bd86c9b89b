/**
 * The composition root of one signed-in account: its cache, the hub link,
 * the sync engine, the outbox, presence sync, read-marker sending,
 * notification delivery, session-window warnings and attachments, wired
 * together. It owns their lifecycle and the connection state, and turns what
 * they report into ClientEvents; the work is each unit's. Data methods of the
 * API live in account-api.ts (`api`, given only the parts it uses).
 */
import type { ClientEvent, ConnectionState, Preferences } from '../../../shared/api.js';
import { z } from 'zod';
import { Agent, type Presence } from '../../../shared/domain.js';
import type { AppError } from '../../../shared/errors.js';
import type { SessionEndReason } from '../../../shared/protocol.js';
import { AttachmentCache, type AttachmentProgress } from '../attachments/attachment-cache.js';
import { AvatarCache } from '../attachments/avatar-cache.js';
import { accountFolder } from '../cache/cache-db.js';
import { ClientCache } from '../cache/client-cache.js';
import { HubConnection, type LinkStatus } from '../connection/hub-connection.js';
import { errorMessage, type Logger } from '../logger.js';
import { NotificationPolicy } from '../notify/notification-policy.js';
import type { NotificationLanguage } from '../notify/notification-words.js';
import { uploadMedia } from '../outbox/media-upload.js';
import { Outbox } from '../outbox/outbox.js';
import { changePasswordAtHub } from '../session/change-password.js';
import { ensureOk, hubRequest, hubUrlOf, readJson, type FetchLike } from '../session/hub-http.js';
import type { StoredSession } from '../session/stored-session.js';
import { EventApplier, type ApplyResult } from '../sync/apply-events.js';
import { changeEventOf } from '../sync/change-event.js';
import { SyncEngine, type ApplyPhase } from '../sync/sync-engine.js';
import { SnoozeWatch } from '../session-windows/snooze-watch.js';
import { WindowWatch } from '../session-windows/window-watch.js';
import { AccountApi } from './account-api.js';
import { NotificationDelivery, type DeliveredNotification } from './notification-delivery.js';
import { OwnAgent } from './own-agent.js';
import { PresenceSync } from './presence-sync.js';
import { refreshQueues } from './queue-fetch.js';
import { ReadMarkerSender } from './read-marker-sender.js';
import { TypingSender } from './typing-sender.js';
import { ViewingSender } from './viewing-sender.js';

const AgentList = z.object({ items: z.array(Agent) });

export type { DeliveredNotification } from './notification-delivery.js';

export interface AccountRuntimeOptions {
  readonly session: StoredSession;
  readonly dataDir: string;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly logger: Logger;
  readonly mediaUrlFor: (attachmentId: string) => string;
  readonly attachmentCapBytes: number;
  readonly random?: () => number;
  readonly syncPageSize?: number;
  readonly language: NotificationLanguage;
  readonly emit: (event: ClientEvent) => void;
  readonly notify: (note: DeliveredNotification) => void;
  readonly onAttachmentProgress: (progress: AttachmentProgress) => void;
  /** The hub ended the session (or refused the saved token): sign out, saying why. */
  readonly onAuthRejected: (reason: SessionEndReason) => void;
  /** An admin changed the signed-in agent (role, permissions, name): the session follows. */
  readonly onOwnAgentChanged?: (agent: Agent) => void;
}

export class AccountRuntime {
  readonly cache: ClientCache;
  readonly applier: EventApplier;
  readonly sync: SyncEngine;
  /** The account's API methods (account-api.ts). */
  readonly api: AccountApi;
  private readonly connection: HubConnection;
  private readonly outbox: Outbox;
  private readonly attachments: AttachmentCache;
  private readonly avatars: AvatarCache;
  private readonly presence: PresenceSync;
  private readonly reads: ReadMarkerSender;
  private readonly notifications: NotificationDelivery;
  private readonly windows: WindowWatch;
  private readonly snoozes: SnoozeWatch;
  private readonly typing: TypingSender;
  private readonly viewing: ViewingSender;
  private progress: ConnectionState['progress'] = null;
  private linkError: AppError | null = null;
  private lastUnread = -1;
  /** The signed-in agent as the session last knew it. */
  private readonly ownAgent: OwnAgent;

  constructor(private readonly options: AccountRuntimeOptions) {
    const { session, logger, now } = options;
    this.ownAgent = new OwnAgent(session.agent, (agent) => options.onOwnAgentChanged?.(agent));
    this.cache = ClientCache.open(accountFolder(options.dataDir, session.hubUrl, session.agent.id), session.agent.id);
    this.applier = new EventApplier(this.cache);
    this.connection = this.createConnection();
    this.sync = new SyncEngine(
      this.cache,
      this.applier,
      this.connection,
      {
        onApplied: (result, phase) => this.onApplied(result, phase),
        onProgress: (progress) => {
          this.progress = progress;
          this.emitConnection();
        },
        onCaughtUp: ({ fromEmpty }) => this.onCaughtUp(fromEmpty),
      },
      logger,
      now,
      options.syncPageSize,
    );
    this.outbox = new Outbox({
      cache: this.cache,
      now,
      logger,
      link: this.connection,
      upload: (file) => uploadMedia(options.fetch, session.hubUrl, session.token, file),
      adoptSent: (attachmentId, file) => this.attachments.adopt(attachmentId, file),
      onChanged: (conversationId) => {
        this.options.emit({ type: 'messages', conversationId });
        this.emitConversations([conversationId]);
        this.emitConnection();
      },
    });
    this.attachments = this.createAttachmentCache();
    this.avatars = new AvatarCache({
      folder: this.cache.folder,
      fetch: options.fetch,
      hubUrl: options.session.hubUrl,
      token: () => options.session.token,
      isOnline: () => this.connection.isOnline,
      mediaUrlFor: options.mediaUrlFor,
      logger: options.logger,
    });
    this.presence = new PresenceSync({
      cache: this.cache,
      link: this.connection,
      fetchAgents: () => this.fetchAgents(),
      onOwnPresence: (presence) => this.ownAgent.presence(presence),
      onChanged: () => this.emitConversations([]),
    });
    this.reads = new ReadMarkerSender(this.cache, this.connection, logger);
    this.notifications = new NotificationDelivery({
      policy: new NotificationPolicy(this.cache, options.language),
      soundOn: () => this.cache.preferences.get().notificationSound,
      show: (note) => {
        this.options.notify(note);
        this.options.emit({ type: 'notification', ...note });
      },
    });
    this.windows = new WindowWatch(this.cache, now, (w) => this.options.emit({ type: 'window-warning', ...w }));
    this.snoozes = new SnoozeWatch(this.cache, now, (ids) => this.emitConversations(ids));
    this.typing = new TypingSender(this.connection, logger);
    this.viewing = new ViewingSender(this.connection, logger);
    this.api = new AccountApi({
      cache: this.cache,
      outbox: this.outbox,
      hub: this.connection,
      attachments: this.attachments,
      avatars: this.avatars,
      sendPendingReads: () => this.reads.sendPending(),
      changed: (conversationIds) => {
        this.emitUnread();
        this.emitConversations(conversationIds);
      },
      changePassword: (currentPassword, newPassword) => this.changePassword(currentPassword, newPassword),
      now,
    });
  }

  private createConnection(): HubConnection {
    const { session, logger, random } = this.options;
    return new HubConnection({
      hubUrl: session.hubUrl,
      token: session.token,
      logger,
      random,
      presence: () => this.presence.handshakePresence,
      hooks: {
        onStatus: (status, error) => this.onLinkStatus(status, error),
        onConnected: () => {
          // The hub forgets what a socket showed when it goes: say it again on the new one.
          this.viewing.onConnected();
          void this.catchUp();
        },
        onEvents: (events) => this.sync.onLiveEvents(events),
        onPresence: (notice) => this.presence.onPush(notice),
        // Links changed: events before the cursor may have become visible, so rebuild.
        onResync: (notice) => void this.catchUp({ rebuild: notice.reason === 'links-changed' }),
        onTyping: (notice) => this.onTyping(notice),
        onViewing: (notice) => this.onViewing(notice),
        onAuthRejected: (reason) => this.options.onAuthRejected(reason),
        onChannelHealth: (health) => this.options.emit({ type: 'channel-health', health }),
      },
    });
  }

  private createAttachmentCache(): AttachmentCache {
    const { session, fetch, mediaUrlFor, attachmentCapBytes, now, logger, onAttachmentProgress } = this.options;
    return new AttachmentCache({
      cache: this.cache,
      fetch,
      hubUrl: session.hubUrl,
      token: () => session.token,
      isOnline: () => this.connection.isOnline,
      mediaUrlFor,
      capBytes: attachmentCapBytes,
      now,
      logger,
      onReady: (conversationId) => this.options.emit({ type: 'messages', conversationId }),
      onProgress: onAttachmentProgress,
      ownFile: (attachmentId) => this.outbox.ownFile(attachmentId),
    });
  }

  get me(): string {
    return this.cache.me;
  }

  start(): void {
    this.windows.check();
    this.snoozes.check();
    this.emitUnread();
    this.connection.start();
  }

  stop(): void {
    this.windows.stop();
    this.snoozes.stop();
    this.typing.stop();
    this.connection.stop();
    this.cache.close();
  }

  /** The machine woke or the network came back: reconnect now, or resync if the link looks up. */
  wake(): void {
    if (this.connection.isOnline) void this.catchUp();
    else this.connection.reconnectNow();
    this.windows.check();
    this.snoozes.check();
  }

  connectionState(): ConnectionState {
    const sync = this.cache.syncState.get();
    return {
      status: this.connection.status,
      lastSyncedAt: sync.lastSyncedAt,
      progress: this.progress,
      outboxCount: this.cache.outbox.waitingCount(),
      error: this.linkError ? { code: this.linkError.code, message: this.linkError.message } : null,
    };
  }

  emitConnection(): void {
    this.options.emit({ type: 'connection', state: this.connectionState() });
  }

  emitUnread(): void {
    const total = this.cache.conversations.unreadCount();
    if (total === this.lastUnread) return;
    this.lastUnread = total;
    this.options.emit({ type: 'unread', total });
  }

  /** Presence to tell the hub now, or on the next connection when offline. */
  setPresence(presence: Presence): Promise<void> {
    return this.presence.choose(presence);
  }

  /** The cached file of an attachment, if it is on disk (the shell's media protocol). */
  async attachmentFile(attachmentId: string): ReturnType<AttachmentCache['file']> {
    return (await this.avatars.file(attachmentId)) ?? this.attachments.file(attachmentId);
  }

  /** Tells the other agents which conversation I have open; best effort, never an error. */
  setViewing(conversationId: string | null): void {
    this.viewing.set(conversationId);
  }

  /** Tells the other agents I am typing (throttled); best effort, never an error. */
  setTyping(conversationId: string, isTyping: boolean): void {
    this.typing.set(conversationId, isTyping);
  }

  preferences(): Preferences {
    return this.cache.preferences.get();
  }

  setPreferences(preferences: Preferences): void {
    this.cache.preferences.set(preferences);
  }

  private emitConversations(ids: readonly string[]): void {
    this.options.emit({ type: 'conversations', ids: [...ids] });
  }

  private async catchUp(options: { rebuild?: boolean } = {}): Promise<void> {
    try {
      await this.sync.requestSync(options);
    } catch (error) {
      this.options.logger.error({ error: errorMessage(error) }, 'sync failed');
    }
  }

  private onLinkStatus(status: LinkStatus, error: AppError | null): void {
    if (status !== 'online') this.sync.connectionLost();
    this.linkError = status === 'online' ? null : (error ?? this.linkError);
    this.emitConnection();
    // Replies shown as "will arrive after the window closes" depend on being offline.
    if (status !== 'connecting')
      for (const id of this.outboxConversations()) this.options.emit({ type: 'messages', conversationId: id });
  }

  private outboxConversations(): Set<string> {
    return new Set(this.cache.outbox.all().map((e) => e.conversationId));
  }

  private onApplied(result: ApplyResult, phase: ApplyPhase): void {
    if (result.settledClientIds.length > 0) this.outbox.forgetSettled(result.settledClientIds);
    if (result.agentsChanged) this.ownAgent.synced(this.cache.read.agent(this.me));
    if (result.contactsRemoved) void this.forgetPurged(result);
    // One push per batch (change-event.ts). A purged contact's conversations are among its
    // conversationIds: an open one re-reads and finds it gone.
    const change = changeEventOf(result, phase);
    if (change) this.options.emit(change);
    this.emitUnread();
    // Filling an empty cache ends without a summary (onCaughtUp): deciding on every inbound
    // message of the whole history (a row read and parsed each) would be thrown away.
    if (phase !== 'live' && this.sync.isFillingEmptyCache) {
      if (result.conversationIds.size > 0 || phase === 'snapshot') this.snoozes.check();
      return;
    }
    this.notifications.onBatch(result.candidates, phase);
    if (phase === 'live') {
      this.windows.check();
      // So an agent who goes offline later can still open what arrived while online.
      if (result.messageConversationIds.size > 0) void this.prefetchLive([...result.messageConversationIds]);
    }
    if (result.conversationIds.size > 0 || phase === 'snapshot') this.snoozes.check();
  }

  private onCaughtUp(fromEmpty: boolean): void {
    this.notifications.onCaughtUp(fromEmpty);
    this.emitConnection();
    this.windows.check();
    void this.afterCatchUp();
    void this.fetchQueues();
  }

  /** The queues' figures fresh from the hub (queue-fetch.ts); the inbox re-reads those that changed. */
  private async fetchQueues(): Promise<void> {
    const { session, fetch, logger } = this.options;
    try {
      const changed = await refreshQueues({ cache: this.cache, fetch, hubUrl: session.hubUrl, token: session.token });
      if (changed.length === 0) return;
      const none = { all: false, conversationIds: [], messages: [], contactIds: [], templateChannelIds: [] };
      this.options.emit({ type: 'changes', ...none, queueChannelIds: changed });
    } catch (error) {
      logger.info({ error: errorMessage(error) }, 'queues not fetched');
    }
  }

  /** A contact was purged on the hub: its files, staged replies and the deleted rows' bytes leave the disk too. */
  private async forgetPurged(result: ApplyResult): Promise<void> {
    try {
      this.outbox.forgetSettled(result.removedClientIds);
      await this.attachments.discard(result.removedAttachmentIds);
      this.cache.scrub();
    } catch (error) {
      this.options.logger.warn({ error: errorMessage(error) }, 'removing a purged contact’s files did not finish');
    }
    this.emitConnection();
  }

  /** The agent's own password, changed at the hub with this session's token (which stays valid). */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const { session, fetch } = this.options;
    return changePasswordAtHub(fetch, session.hubUrl, session.token, { currentPassword, newPassword });
  }

  /** Everyone with their presence now (pushes were missed while offline): `GET /api/agents`. */
  private async fetchAgents(): Promise<Agent[]> {
    const { session, fetch } = this.options;
    const response = await hubRequest(fetch, hubUrlOf(session.hubUrl, 'api/agents'), {
      headers: { authorization: `Bearer ${session.token}` },
    });
    return (await readJson(await ensureOk(response), AgentList)).items;
  }

  /** What waits for a connection: presence, read markers, the outbox, then attachment prefetch. */
  private async afterCatchUp(): Promise<void> {
    try {
      await this.presence.afterConnect();
      await this.reads.sendPending();
      await this.outbox.flush();
      await this.attachments.prefetch();
    } catch (error) {
      this.options.logger.warn({ error: errorMessage(error) }, 'work after sync did not finish');
    }
  }

  private async prefetchLive(conversationIds: string[]): Promise<void> {
    try {
      await this.attachments.prefetch(conversationIds);
    } catch (error) {
      this.options.logger.warn({ error: errorMessage(error) }, 'live attachment prefetch failed');
    }
  }

  /** Another agent viewing: named from the cache; my own (another device) is not news. */
  private onViewing(notice: { conversationId: string; agentId: string; viewing: boolean }): void {
    if (notice.agentId === this.me) return;
    const agentName = this.cache.read.agent(notice.agentId)?.name ?? '';
    this.options.emit({ type: 'viewing', ...notice, agentName });
  }

  /** Another agent typing: named from the cache; my own notices (other windows) are not news. */
  private onTyping(notice: { conversationId: string; agentId: string; isTyping: boolean }): void {
    if (notice.agentId === this.me) return;
    const agentName = this.cache.read.agent(notice.agentId)?.name ?? '';
    this.options.emit({ type: 'typing', ...notice, agentName });
  }
}
