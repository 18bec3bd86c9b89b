/**
 * An in-memory ClientApi for component tests: the unit boundary of the
 * renderer. It keeps conversations, messages, drafts and agents in maps,
 * records every call, can be told to fail the next call of a method with an
 * error code, and pushes events to subscribers like the main process does.
 * (The e2e tests drive the real client service instead.)
 */
import type { ActivityView } from '../../src/shared/activity.js';
import { API_METHOD_NAMES } from '../../src/shared/api-methods.js';
import {
  HUB_METHODS,
  clientMethods,
  type ClientApiFunction,
  type ClientApiMethods,
  type HubMethodName,
} from '../../src/shared/api.js';
import type {
  AssignableAgent,
  AttachmentView,
  ClientApi,
  ClientEvent,
  ClientMessage,
  ConnectionState,
  ContactHit,
  ContactSearchRequest,
  ConversationDetail,
  ConversationList,
  ConversationQuery,
  ConversationRow,
  InvitationSignIn,
  MessagePage,
  MessagePageRequest,
  Preferences,
  SearchHit,
  SendRequest,
  Session,
  SignInRequest,
  TranscriptOptions,
} from '../../src/shared/api.js';
import type {
  CannedReply,
  Channel,
  ChannelQueue,
  Conversation,
  ConversationStatus,
  Presence,
  Template,
} from '../../src/shared/domain.js';
import { AppError, type ErrorCode } from '../../src/shared/errors.js';
import type { BulkOutcome, BulkRequest, BulkResult } from '../../src/shared/protocol.js';
import { makeAgent, makeMessage } from './factories.js';

const HUB_METHOD_NAMES = API_METHOD_NAMES.filter((name): name is HubMethodName => Object.hasOwn(HUB_METHODS, name));

export interface RecordedCall {
  method: string;
  args: unknown[];
}

/** A stand-in for one hub-call method: what the admin screens' tests make the hub answer. */
export type FakeHubHandlers = { [M in HubMethodName]?: ClientApiFunction<M> };

// The hub-call methods are added in the constructor, one per name, each answering from `hub`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface FakeClientApi extends Pick<ClientApiMethods, HubMethodName> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FakeClientApi implements ClientApi {
  readonly calls: RecordedCall[] = [];
  /**
   * How the hub answers the hub-call methods (src/shared/admin): set a handler per method a test
   * needs; a call without one fails with INTERNAL so a missing stand-in is seen, not silently empty.
   */
  hub: FakeHubHandlers = {};
  me = makeAgent();
  session: Session | null = null;
  signInError: ErrorCode | null = null;
  connection: ConnectionState = { status: 'online', lastSyncedAt: null, progress: null, outboxCount: 0, error: null };
  unreadTotal = 0;
  channels: Channel[] = [];
  rows: ConversationRow[] = [];
  /** Conversations conversation.bulk refuses, with the code the hub would give. */
  readonly bulkRefusals = new Map<string, ErrorCode>();
  /** When set, the inbox has this many rows, generated on demand (100,000-row tests). */
  virtualInbox: { total: number; make: (index: number) => ConversationRow } | null = null;
  readonly pastConversations = new Map<string, Conversation[]>();
  readonly messages = new Map<string, ClientMessage[]>();
  readonly drafts = new Map<string, string>();
  readonly assignable = new Map<string, AssignableAgent[]>();
  readonly attachmentViews = new Map<string, AttachmentView>();
  templates: Template[] = [];
  /** What the cache holds for listCannedReplies (the hub sends only the team's and this agent's own). */
  cannedReplies: CannedReply[] = [];
  searchHits: SearchHit[] = [];
  preferences: Preferences = { notificationSound: true };
  /** What the clock says for snoozes (the core compares snoozedUntil with its own clock). */
  now: () => number = Date.now;
  /** What sendMessage returns while "offline": the reply stays in the outbox. */
  offline = false;
  private readonly failures = new Map<string, ErrorCode>();
  private readonly listeners = new Set<(event: ClientEvent) => void>();

  constructor() {
    const forward = <M extends HubMethodName>(method: M): ClientApiFunction<M> => {
      const call = async (...args: unknown[]): Promise<unknown> => {
        this.record(method, args);
        const handler = this.hub[method] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (!handler) throw new AppError('INTERNAL', `no fake hub answer for ${method}`);
        return handler(...args);
      };
      return call as unknown as ClientApiFunction<M>;
    };
    Object.assign(this, clientMethods(HUB_METHOD_NAMES, forward));
  }

  failNext(method: keyof ClientApi, code: ErrorCode): void {
    this.failures.set(method, code);
  }

  callsOf(method: keyof ClientApi): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  emit(event: ClientEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private record(method: keyof ClientApi, args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw new AppError(failure);
    }
  }

  private rowOf(conversationId: string): ConversationRow {
    const row = this.rows.find((r) => r.conversation.id === conversationId);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private updateConversation(conversationId: string, change: Partial<Conversation>): Conversation {
    const row = this.rowOf(conversationId);
    const conversation = { ...row.conversation, ...change };
    this.rows = this.rows.map((r) => (r === row ? { ...r, conversation } : r));
    return conversation;
  }

  async getSession() {
    this.record('getSession', []);
    return this.session;
  }
  async signIn(req: SignInRequest) {
    this.record('signIn', [req]);
    if (this.signInError) throw new AppError(this.signInError);
    this.session = { hubUrl: req.hubUrl, agent: this.me };
    return this.session;
  }
  async signInWithInvitation(req: InvitationSignIn) {
    this.record('signInWithInvitation', [req]);
    this.session = { hubUrl: req.hubUrl, agent: this.me };
    return this.session;
  }
  async replaceTemporaryPassword(newPassword: string) {
    this.record('replaceTemporaryPassword', [newPassword]);
    this.session = { hubUrl: this.session?.hubUrl ?? '', agent: this.me };
    return this.session;
  }
  async signOut() {
    this.record('signOut', []);
    this.session = null;
  }
  async getConnection() {
    this.record('getConnection', []);
    return this.connection;
  }
  async changePassword(currentPassword: string, newPassword: string) {
    this.record('changePassword', [currentPassword, newPassword]);
  }
  async setPresence(presence: Presence) {
    this.record('setPresence', [presence]);
  }
  async listChannels() {
    this.record('listChannels', []);
    return this.channels;
  }
  async listConversations(query: ConversationQuery): Promise<ConversationList> {
    this.record('listConversations', [query]);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const virtual = this.virtualInbox;
    if (virtual) {
      const end = Math.min(virtual.total, offset + limit);
      const rows = Array.from({ length: Math.max(0, end - offset) }, (_, i) => virtual.make(offset + i));
      return { rows, total: virtual.total };
    }
    const meId = this.session?.agent.id ?? null;
    const matching = this.rows
      .filter((r) => {
        const c = r.conversation;
        if (query.view === 'mine' && c.assigneeId !== meId) return false;
        if (query.view === 'unassigned' && c.assigneeId !== null) return false;
        const snoozed = c.snoozedUntil !== null && c.snoozedUntil > this.now();
        if ((query.view === 'snoozed') !== snoozed) return false;
        if (query.channelId && c.channelId !== query.channelId) return false;
        if (query.status && c.status !== query.status) return false;
        // Like the cache: the working views leave resolved ones out, the Resolved view keeps them.
        if (!query.status && query.view !== 'snoozed' && (c.status === 'resolved') !== (query.view === 'resolved'))
          return false;
        if (query.unreadOnly && r.unreadCount === 0) return false;
        return !query.label || c.labels.includes(query.label);
      })
      .sort((a, b) =>
        query.sort === 'waiting'
          ? (a.waitingSince ?? Infinity) - (b.waitingSince ?? Infinity) ||
            b.conversation.lastMessageAt - a.conversation.lastMessageAt
          : b.conversation.lastMessageAt - a.conversation.lastMessageAt,
      );
    return { rows: matching.slice(offset, offset + limit), total: matching.length };
  }
  async getConversation(conversationId: string): Promise<ConversationDetail> {
    this.record('getConversation', [conversationId]);
    const row = this.rowOf(conversationId);
    const channel = this.channels.find((c) => c.id === row.conversation.channelId);
    if (!channel) throw new AppError('NOT_FOUND');
    return { row, channel, pastConversations: this.pastConversations.get(conversationId) ?? [] };
  }
  async listMessages(req: MessagePageRequest): Promise<MessagePage> {
    this.record('listMessages', [req]);
    const all = [...(this.messages.get(req.conversationId) ?? [])].sort((a, b) => a.createdAt - b.createdAt);
    const end = req.before ? all.findIndex((m) => m.id === req.before) : all.length;
    const stop = end < 0 ? all.length : end;
    const start = Math.max(0, stop - (req.limit ?? 50));
    return { messages: all.slice(start, stop), hasMore: start > 0 };
  }
  async search(req: { query: string; limit?: number }) {
    this.record('search', [req]);
    return this.searchHits;
  }
  /** What searchContacts answers: the hits whose contact name includes the query (any case). */
  contactHits: ContactHit[] = [];
  async searchContacts(req: ContactSearchRequest): Promise<ContactHit[]> {
    this.record('searchContacts', [req]);
    const query = req.query.trim().toLowerCase();
    return this.contactHits.filter((hit) => hit.contact.name.toLowerCase().includes(query)).slice(0, req.limit ?? 20);
  }
  /** Contact id → its person's other identities (listPersonContacts). */
  readonly personContacts = new Map<string, ContactHit[]>();
  async listPersonContacts(contactId: string): Promise<ContactHit[]> {
    this.record('listPersonContacts', [contactId]);
    return this.personContacts.get(contactId) ?? [];
  }
  async getUnreadCount() {
    this.record('getUnreadCount', []);
    return this.unreadTotal;
  }
  async markRead(conversationId: string) {
    this.record('markRead', [conversationId]);
  }
  async markUnread(conversationId: string) {
    this.record('markUnread', [conversationId]);
    if (this.offline) throw new AppError('OFFLINE');
  }
  async markAllRead(query: ConversationQuery) {
    this.record('markAllRead', [query]);
    return 0;
  }
  /** Answers each id as the hub would: `bulkRefusals` names the ones refused, with their code. */
  async bulkUpdate(req: BulkRequest): Promise<BulkResult> {
    this.record('bulkUpdate', [req]);
    if (this.offline) throw new AppError('OFFLINE');
    const outcomes = req.conversationIds.map((id): BulkOutcome => {
      const refusal = this.bulkRefusals.get(id);
      if (refusal) return { conversationId: id, ok: false, error: { code: refusal, message: refusal } };
      const { action } = req;
      const conversation = this.updateConversation(
        id,
        action.type === 'assign'
          ? { assigneeId: action.assigneeId }
          : action.type === 'status'
            ? { status: action.status, snoozedUntil: null }
            : action.type === 'snooze'
              ? { status: 'pending', snoozedUntil: action.until }
              : {},
      );
      return { conversationId: id, ok: true, conversation };
    });
    return { outcomes };
  }
  async sendMessage(req: SendRequest): Promise<ClientMessage> {
    this.record('sendMessage', [req]);
    const clientId = globalThis.crypto.randomUUID();
    const message = makeMessage({
      id: clientId,
      clientId,
      conversationId: req.conversationId,
      direction: 'out',
      kind: req.kind === 'attachment' ? 'document' : req.kind,
      text: req.text ?? null,
      senderAgentId: this.me.id,
      state: this.offline ? 'queued' : 'sent',
      providerMessageId: null,
      createdAt: Date.now(),
      outbox: this.offline ? { state: 'queued', reasonCode: null, reason: null, windowWillClose: false } : null,
    });
    this.messages.set(req.conversationId, [...(this.messages.get(req.conversationId) ?? []), message]);
    // Like the client core: the outbox tells the renderer while the call is still answering.
    this.emit({ type: 'messages', conversationId: req.conversationId });
    return message;
  }
  async decideHeldReply(req: { clientId: string; action: 'send' | 'discard' }) {
    this.record('decideHeldReply', [req]);
  }
  async retryMessage(clientId: string) {
    this.record('retryMessage', [clientId]);
  }
  async listTemplates(channelId: string) {
    this.record('listTemplates', [channelId]);
    return this.templates.filter((t) => t.channelId === channelId);
  }
  /** What the cache holds for listActivity, per conversation. */
  activity = new Map<string, ActivityView[]>();
  async listActivity(conversationId: string) {
    this.record('listActivity', [conversationId]);
    return this.activity.get(conversationId) ?? [];
  }
  /** What the cache holds for listQueues (the hub's last figure per channel). */
  queues: ChannelQueue[] = [];
  async listQueues() {
    this.record('listQueues', []);
    return this.queues;
  }
  async listCannedReplies(channelId: string) {
    this.record('listCannedReplies', [channelId]);
    return this.cannedReplies.filter((r) => r.channelId === null || r.channelId === channelId);
  }
  async getDraft(conversationId: string) {
    this.record('getDraft', [conversationId]);
    return this.drafts.get(conversationId) ?? '';
  }
  async saveDraft(conversationId: string, text: string) {
    this.record('saveDraft', [conversationId, text]);
    this.drafts.set(conversationId, text);
  }
  async listAssignableAgents(conversationId: string) {
    this.record('listAssignableAgents', [conversationId]);
    return this.assignable.get(conversationId) ?? [];
  }
  async assignConversation(conversationId: string, assigneeId: string | null) {
    this.record('assignConversation', [conversationId, assigneeId]);
    const linked = this.assignable.get(conversationId) ?? [];
    // Mirrors the hub: only agents linked to the conversation's channel (SPEC §3).
    if (assigneeId !== null && !linked.some((a) => a.agent.id === assigneeId))
      throw new AppError('NOT_LINKED_TO_CHANNEL');
    return this.updateConversation(conversationId, { assigneeId });
  }
  async setStatus(conversationId: string, status: ConversationStatus, snoozedUntil: number | null) {
    this.record('setStatus', [conversationId, status, snoozedUntil]);
    return this.updateConversation(conversationId, { status, snoozedUntil });
  }
  async setLabels(conversationId: string, labels: string[]) {
    this.record('setLabels', [conversationId, labels]);
    if (this.offline) throw new AppError('OFFLINE');
    return this.updateConversation(conversationId, { labels });
  }
  async setViewing(conversationId: string | null) {
    this.record('setViewing', [conversationId]);
  }
  async setTyping(conversationId: string, isTyping: boolean) {
    this.record('setTyping', [conversationId, isTyping]);
  }
  async getPreferences() {
    this.record('getPreferences', []);
    return this.preferences;
  }
  async setPreferences(preferences: Preferences) {
    this.record('setPreferences', [preferences]);
    this.preferences = preferences;
  }
  /** Contact id → the media URL `contactAvatarUrl` answers (tests set it; null otherwise). */
  readonly avatarUrls = new Map<string, string>();
  async contactAvatarUrl(contactId: string): Promise<string | null> {
    this.record('contactAvatarUrl', [contactId]);
    return this.avatarUrls.get(contactId) ?? null;
  }
  async openAttachment(attachmentId: string): Promise<AttachmentView> {
    this.record('openAttachment', [attachmentId]);
    const view = this.attachmentViews.get(attachmentId);
    if (!view) throw new AppError('NOT_FOUND');
    return view;
  }
  async exportTranscript(conversationId: string, options: TranscriptOptions) {
    this.record('exportTranscript', [conversationId, options]);
    return { fileName: `${conversationId}.txt`, text: 'transcript' };
  }
  async openExternalLink(url: string) {
    this.record('openExternalLink', [url]);
  }
  onEvent(listener: (event: ClientEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
