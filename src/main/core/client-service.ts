/**
 * The client service: the one object implementing the preload API contract
 * (ClientApi) plus the lifecycle the Electron shell drives (start, stop,
 * wake, networkChanged, notifications, attachment files). It owns the
 * session (sign-in, the stored token, sign-out) and hands everything else to
 * the signed-in account's runtime. Plain Node: it never imports electron.
 */
import type {
  ClientApi,
  ClientEvent,
  HubMethodName,
  ConnectionState,
  InvitationSignIn,
  Preferences,
  Session,
  SignInRequest,
} from '../../shared/api.js';
import type { Agent, Presence } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { SessionEndReason } from '../../shared/protocol.js';
import { AccountApi, forwardToAccount, type AccountMethod } from './account/account-api.js';
import { AccountRuntime, type DeliveredNotification } from './account/account-runtime.js';
import { forwardToHub, type HubCredentials } from './account/hub-call.js';
import { DEFAULT_ATTACHMENT_CAP_BYTES, type AttachmentProgress } from './attachments/attachment-cache.js';
import { errorMessage, silentLogger, type Logger } from './logger.js';
import { notificationLanguageOf } from './notify/notification-words.js';
import { replaceTemporaryPasswordAtHub, signInWithInvitationAtHub } from './session/first-sign-in.js';
import { ensureOk, hubRequest, hubUrlOf, type FetchLike } from './session/hub-http.js';
import { signInToHub } from './session/sign-in.js';
import { loadSession, saveSession, type StoredSession, type TokenStore } from './session/stored-session.js';

export type { TokenStore } from './session/stored-session.js';

export interface ClientServiceOptions {
  /** Folder holding one sub-folder per hub account (cache, attachments, staged uploads). */
  readonly dataDir: string;
  /** The URL the renderer loads a cached attachment from (custom protocol in Electron, HTTP in e2e). */
  readonly mediaUrlFor: (attachmentId: string) => string;
  readonly tokenStore: TokenStore;
  readonly logger?: Logger;
  readonly fetch?: FetchLike;
  readonly now?: () => number;
  readonly attachmentCapBytes?: number;
  /** Jitter source for reconnect backoff (tests pin it). */
  readonly random?: () => number;
  /** Events per sync page (default SYNC_PAGE_SIZE). */
  readonly syncPageSize?: number;
  /** The OS locale (e.g. app.getLocale()): notifications are written in Japanese for 'ja*', else English. */
  readonly locale?: string;
}

export interface ClientService extends ClientApi {
  /** Resumes the saved session, if any, and connects. */
  start(): Promise<void>;
  /** Disconnects and closes the cache (the session stays saved). */
  stop(): Promise<void>;
  /** The machine woke up: reconnect and resync at once. */
  wake(): void;
  /** The network came back: reconnect and resync at once. */
  networkChanged(): void;
  /** Notifications to show; `silent` says whether the agent muted their sound. */
  onNotification(listener: (note: DeliveredNotification) => void): () => void;
  onAttachmentProgress(listener: (progress: AttachmentProgress) => void): () => void;
  /**
   * Links the agent clicked, already checked by the guard (http:, https:, mailto:; external-link.ts):
   * the shell opens them with the system's browser or mail program, never inside the app.
   */
  onExternalLink(listener: (url: string) => void): () => void;
  /** The cached file behind `mediaUrlFor(attachmentId)`, for the shell's protocol handler. */
  attachmentFile(attachmentId: string): Promise<{ path: string; mimeType: string } | null>;
  /** Test and benchmark access to the running account (null when signed out). */
  account(): AccountRuntime | null;
}

class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T, logger: Logger): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch (error) {
        logger.error({ error: errorMessage(error) }, 'a listener threw');
      }
    }
  }
}

export function createClientService(options: ClientServiceOptions): ClientService {
  const service = new ClientServiceImpl(options);
  // The data methods are the account's own, forwarded as they are: nothing to write here per method.
  return Object.assign(
    service,
    forwardToAccount(() => service.accountApi()),
    forwardToHub(service.fetchForHub, () => service.hubCredentials()),
  );
}

/** The session, the lifecycle and the methods that work signed out; everything else is the account's. */
class ClientServiceImpl implements Omit<ClientService, AccountMethod | HubMethodName> {
  private readonly logger: Logger;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly events = new Listeners<ClientEvent>();
  private readonly notifications = new Listeners<DeliveredNotification>();
  private readonly progress = new Listeners<AttachmentProgress>();
  private readonly externalLinks = new Listeners<string>();
  private session: StoredSession | null = null;
  /**
   * Signed in with a temporary password: the token opens nothing but replacing it, so no account
   * runs and nothing is saved (after a restart the agent signs in with the temporary password again).
   */
  private pendingChange: StoredSession | null = null;
  private runtime: AccountRuntime | null = null;
  private api: AccountApi | null = null;
  /** Why the hub ended the last session, shown on the sign-in screen until the next sign-in. */
  private signOutReason: SessionEndReason | null = null;

  constructor(private readonly options: ClientServiceOptions) {
    this.logger = options.logger ?? silentLogger;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    if (this.runtime) return;
    const stored = await loadSession(this.options.tokenStore, this.logger);
    if (stored) this.open(stored);
  }

  async stop(): Promise<void> {
    this.close();
  }

  wake(): void {
    this.runtime?.wake();
  }

  networkChanged(): void {
    this.runtime?.wake();
  }

  onEvent(listener: (event: ClientEvent) => void): () => void {
    return this.events.add(listener);
  }

  onNotification(listener: (note: DeliveredNotification) => void): () => void {
    return this.notifications.add(listener);
  }

  onAttachmentProgress(listener: (progress: AttachmentProgress) => void): () => void {
    return this.progress.add(listener);
  }

  onExternalLink(listener: (url: string) => void): () => void {
    return this.externalLinks.add(listener);
  }

  async openExternalLink(url: string): Promise<void> {
    // Signed in or not: a link in a message shown is the agent's to open; the shell decides how.
    this.externalLinks.emit(url, this.logger);
  }

  account(): AccountRuntime | null {
    return this.runtime;
  }

  async attachmentFile(attachmentId: string): Promise<{ path: string; mimeType: string } | null> {
    return this.runtime ? this.runtime.attachmentFile(attachmentId) : null;
  }

  async getSession(): Promise<Session | null> {
    const pending = this.pendingChange;
    if (pending) return { hubUrl: pending.hubUrl, agent: pending.agent, passwordChangeRequired: true };
    return this.session ? { hubUrl: this.session.hubUrl, agent: this.session.agent } : null;
  }

  async signIn(req: SignInRequest): Promise<Session> {
    const login = await signInToHub(this.fetch, req);
    const stored: StoredSession = { hubUrl: new URL(req.hubUrl).origin, token: login.token, agent: login.agent };
    return this.begin(stored, login.passwordChangeRequired);
  }

  async signInWithInvitation(req: InvitationSignIn): Promise<Session> {
    const login = await signInWithInvitationAtHub(this.fetch, req);
    const stored: StoredSession = { hubUrl: new URL(req.hubUrl).origin, token: login.token, agent: login.agent };
    return this.begin(stored, login.passwordChangeRequired);
  }

  async replaceTemporaryPassword(newPassword: string): Promise<Session> {
    const pending = this.pendingChange;
    if (!pending) throw new AppError('CONFLICT', 'There is no temporary password to replace.');
    await replaceTemporaryPasswordAtHub(this.fetch, pending.hubUrl, pending.token, newPassword);
    return this.begin(pending, false);
  }

  /** A new session: run it, or hold it until the agent replaced the temporary password it was opened with. */
  private async begin(stored: StoredSession, passwordChangeRequired: boolean): Promise<Session> {
    this.close();
    this.pendingChange = null;
    this.signOutReason = null;
    if (passwordChangeRequired) {
      await this.options.tokenStore.clear();
      this.pendingChange = stored;
      const session: Session = { hubUrl: stored.hubUrl, agent: stored.agent, passwordChangeRequired: true };
      this.emit({ type: 'session', session });
      return session;
    }
    await saveSession(this.options.tokenStore, stored);
    this.open(stored);
    return { hubUrl: stored.hubUrl, agent: stored.agent };
  }

  async signOut(): Promise<void> {
    this.signOutReason = null;
    const pending = this.pendingChange;
    this.pendingChange = null;
    const session = (await this.endSession()) ?? pending;
    if (!session) return;
    try {
      const url = hubUrlOf(session.hubUrl, 'api/auth/logout');
      const headers = { authorization: `Bearer ${session.token}` };
      await ensureOk(await hubRequest(this.fetch, url, { method: 'POST', headers }));
    } catch (error) {
      // Signed out here either way; the token expires on the hub by itself.
      this.logger.info({ error: errorMessage(error) }, 'hub not told about the sign-out');
    }
  }

  async getConnection(): Promise<ConnectionState> {
    return this.runtime ? this.runtime.connectionState() : this.signedOutState();
  }

  async setPresence(presence: Presence): Promise<void> {
    await this.requireRuntime().setPresence(presence);
  }

  async getUnreadCount(): Promise<number> {
    return this.api ? this.api.getUnreadCount() : 0;
  }
  async setTyping(conversationId: string, isTyping: boolean): Promise<void> {
    // Typing is best effort: signed out or offline, there is nobody to tell.
    this.runtime?.setTyping(conversationId, isTyping);
  }
  async setViewing(conversationId: string | null): Promise<void> {
    // Best effort like typing; the account sends it again after a reconnect.
    this.runtime?.setViewing(conversationId);
  }
  async getPreferences(): Promise<Preferences> {
    return this.requireRuntime().preferences();
  }
  async setPreferences(preferences: Preferences): Promise<void> {
    this.requireRuntime().setPreferences(preferences);
  }

  /** The signed-in account's data methods (account-api.ts); UNAUTHENTICATED when signed out. */
  /** The fetch hub calls go through (the injected one in tests). */
  get fetchForHub(): FetchLike {
    return this.fetch;
  }

  /** The signed-in session's hub and token, for the hub-call methods. */
  hubCredentials(): HubCredentials {
    if (this.pendingChange) throw new AppError('PASSWORD_CHANGE_REQUIRED');
    if (!this.session) throw new AppError('UNAUTHENTICATED');
    return { hubUrl: this.session.hubUrl, token: this.session.token };
  }

  accountApi(): AccountApi {
    if (!this.api) throw new AppError('UNAUTHENTICATED');
    return this.api;
  }

  private open(stored: StoredSession): void {
    this.session = stored;
    this.runtime = new AccountRuntime({
      session: stored,
      dataDir: this.options.dataDir,
      fetch: this.fetch,
      now: this.now,
      logger: this.logger,
      mediaUrlFor: this.options.mediaUrlFor,
      attachmentCapBytes: this.options.attachmentCapBytes ?? DEFAULT_ATTACHMENT_CAP_BYTES,
      random: this.options.random,
      syncPageSize: this.options.syncPageSize,
      language: notificationLanguageOf(this.options.locale),
      emit: (event) => this.emit(event),
      notify: (note) => this.notifications.emit(note, this.logger),
      onAttachmentProgress: (progress) => {
        this.progress.emit(progress, this.logger);
        this.events.emit({ type: 'attachment-progress', ...progress }, this.logger);
      },
      onAuthRejected: (reason) => void this.onAuthRejected(reason),
      onOwnAgentChanged: (agent) => void this.onOwnAgentChanged(agent),
    });
    this.api = this.runtime.api;
    this.emit({ type: 'session', session: { hubUrl: stored.hubUrl, agent: stored.agent } });
    this.runtime.start();
  }

  private close(): void {
    this.runtime?.stop();
    this.runtime = null;
    this.api = null;
    this.session = null;
  }

  /** Closes the account, forgets the token and tells the renderer; returns the session that was open. */
  private async endSession(): Promise<StoredSession | null> {
    const session = this.session;
    this.close();
    await this.options.tokenStore.clear();
    this.emit({ type: 'session', session: null });
    this.emit({ type: 'connection', state: this.signedOutState() });
    return session;
  }

  /**
   * The hub ended the session (expired, revoked) or refused the saved token: back to the sign-in
   * screen with the reason. The hub already forgot the token, so there is no logout to send.
   */
  private async onAuthRejected(reason: SessionEndReason): Promise<void> {
    this.logger.warn({ reason }, 'the hub ended the session');
    this.signOutReason = reason;
    await this.endSession();
  }

  /** An admin changed me (permissions, role, name): keep the saved session and the renderer in step. */
  private async onOwnAgentChanged(agent: Agent): Promise<void> {
    const session = this.session;
    if (!session || session.agent.id !== agent.id) return;
    this.session = { ...session, agent };
    try {
      await saveSession(this.options.tokenStore, this.session);
    } catch (error) {
      this.logger.warn({ error: errorMessage(error) }, 'the changed agent was not saved with the session');
    }
    this.emit({ type: 'session', session: { hubUrl: session.hubUrl, agent } });
  }

  private signedOutState(): ConnectionState {
    const state: ConnectionState = {
      status: 'signed-out',
      lastSyncedAt: null,
      progress: null,
      outboxCount: 0,
      error: null,
    };
    return this.signOutReason ? { ...state, signOutReason: this.signOutReason } : state;
  }

  private emit(event: ClientEvent): void {
    this.events.emit(event, this.logger);
  }

  private requireRuntime(): AccountRuntime {
    if (!this.runtime) throw new AppError('UNAUTHENTICATED');
    return this.runtime;
  }
}
