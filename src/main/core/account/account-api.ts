/**
 * The data methods of the client API for one signed-in account: reads come
 * from the cache (so they work offline), writes that need the hub say OFFLINE
 * clearly, replies go through the outbox. Arguments arrive already parsed by
 * the shared schemas (ipc-guard.ts) or typed by the caller. Each method has
 * its ClientApi signature, so the client service forwards them all as they
 * are (`forwardToAccount`).
 */
import type { z } from 'zod';
import { API_METHOD_NAMES } from '../../../shared/api-methods.js';
import {
  MessagePageRequest,
  SearchRequest,
  SendRequest,
  clientMethods,
  type AssignableAgent,
  type AttachmentView,
  type ClientApiFunction,
  type ClientApiMethod,
  type ClientApiMethods,
  type ClientArgs,
  type ClientMessage,
  type ClientResult,
  type ContactHit,
  type ContactSearchRequest,
  type ConversationDetail,
  type ConversationList,
  type ConversationQuery,
  type HubMethodName,
  type MessagePage,
  type SearchHit,
  type TranscriptOptions,
} from '../../../shared/api.js';
import { assigneeRefusal, isAssignable } from '../../../shared/assignee-rule.js';
import type {
  Agent,
  CannedReply,
  Channel,
  ChannelQueue,
  ContactAvatar,
  Conversation,
  ConversationStatus,
  Template,
} from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { ActivityView } from '../../../shared/activity.js';
import type { BulkRequest, BulkResult } from '../../../shared/protocol.js';
import type { AttachmentCache } from '../attachments/attachment-cache.js';
import type { AvatarCache } from '../attachments/avatar-cache.js';
import type { ClientCache } from '../cache/client-cache.js';
import type { HubConnection } from '../connection/hub-connection.js';
import type { Outbox } from '../outbox/outbox.js';
import { isHubMethod } from './hub-call.js';
import { renderTranscript } from './transcript.js';

/**
 * The ClientApi methods the client service answers itself: the session, and what must work signed
 * out. Every other method of CLIENT_METHODS is the signed-in account's, so a new data method is a
 * table entry plus its method here (`implements AccountMethods` asks for it).
 */
const SERVICE_METHODS = [
  'getSession',
  'signIn',
  'signInWithInvitation',
  'replaceTemporaryPassword',
  'signOut',
  'getConnection',
  'setPresence',
  'getUnreadCount',
  'setTyping',
  'setViewing',
  'getPreferences',
  'setPreferences',
  'openExternalLink',
] as const satisfies readonly ClientApiMethod[];
/** The account's own methods: neither the service's nor one hub call each (those are hub-call.ts's). */
export type AccountMethod = Exclude<ClientApiMethod, (typeof SERVICE_METHODS)[number] | HubMethodName>;
const serviceMethods: ReadonlySet<ClientApiMethod> = new Set(SERVICE_METHODS);
function isAccountMethod(method: ClientApiMethod): method is AccountMethod {
  return !serviceMethods.has(method) && !isHubMethod(method);
}
const ACCOUNT_METHODS = API_METHOD_NAMES.filter(isAccountMethod);

/** Each account method with its ClientApi arguments and result, answered at once or later. */
type AccountMethods = {
  [M in AccountMethod]: (...args: ClientArgs<M>) => ClientResult<M> | Promise<ClientResult<M>>;
};

/**
 * The account's methods as methods of a service that may be signed out: each call asks `account()`
 * for the open account (which throws UNAUTHENTICATED when there is none) and calls it.
 */
export function forwardToAccount(account: () => AccountMethods): Pick<ClientApiMethods, AccountMethod> {
  const forward =
    <M extends AccountMethod>(method: M): ClientApiFunction<M> =>
    async (...args) => {
      // Seen as the mapped type, `methods[method]` takes exactly method M's arguments.
      const methods: AccountMethods = account();
      return methods[method](...args);
    };
  return clientMethods(ACCOUNT_METHODS, forward);
}

/** What the account's methods use besides the cache: each collaborator only as far as they need it. */
export interface AccountApiDeps {
  readonly cache: ClientCache;
  readonly outbox: Pick<Outbox, 'enqueue' | 'decide' | 'retry' | 'messagesFor' | 'dismissalsFor'>;
  /** The hub commands the methods send themselves (replies go through the outbox). */
  readonly hub: Pick<HubConnection, 'markUnread' | 'bulk' | 'assign' | 'setConversationStatus' | 'setLabels'>;
  readonly attachments: Pick<AttachmentCache, 'view'>;
  readonly avatars: Pick<AvatarCache, 'url'>;
  /** Read markers set here go to the hub now, or stay pending until it can hear them. */
  readonly sendPendingReads: () => Promise<void>;
  /** Tells the renderer what a method changed: the unread total and these conversations' rows. */
  readonly changed: (conversationIds: readonly string[]) => void;
  readonly changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  readonly now: () => number;
}

export class AccountApi implements AccountMethods {
  private readonly cache: ClientCache;
  private readonly now: () => number;

  constructor(private readonly deps: AccountApiDeps) {
    this.cache = deps.cache;
    this.now = deps.now;
  }

  listChannels(): Channel[] {
    return this.cache.read.channels();
  }

  listConversations(query: ConversationQuery): ConversationList {
    return this.cache.conversations.list(query, this.now());
  }

  getConversation(conversationId: string): ConversationDetail {
    const row = this.cache.conversations.row(conversationId, this.now());
    const channel = row ? this.cache.read.channel(row.conversation.channelId) : null;
    if (!row || !channel) throw new AppError('NOT_FOUND');
    return { row, channel, pastConversations: this.cache.conversations.pastConversations(row.conversation) };
  }

  /** A page of messages, oldest first; the newest page ends with the replies still in the outbox. */
  listMessages(input: z.input<typeof MessagePageRequest>): MessagePage {
    const req = MessagePageRequest.parse(input);
    const page = this.cache.read.messagePage(req.conversationId, req.before, req.limit);
    // A failed reply the agent discarded is left out; one sent again is marked (outbox/dismissals.ts).
    const dismissed = this.deps.outbox.dismissalsFor(req.conversationId);
    const messages: ClientMessage[] = page.messages
      .filter((m) => dismissed.get(m.id) !== 'discarded')
      .map((m) => (dismissed.get(m.id) === 'retried' ? { ...m, outbox: null, retried: true } : { ...m, outbox: null }));
    if (req.before === undefined) messages.push(...this.deps.outbox.messagesFor(req.conversationId));
    return { messages, hasMore: page.hasMore };
  }

  /** Offline too: the activity lines the last sync brought, with the names the cache knows. */
  listActivity(conversationId: string): ActivityView[] {
    return this.cache.activity.forConversation(conversationId);
  }

  /** Offline too: each channel's queue as the hub last said (its updatedAt says when). */
  listQueues(): ChannelQueue[] {
    return this.cache.queues.all();
  }

  search(input: z.input<typeof SearchRequest>): SearchHit[] {
    const req = SearchRequest.parse(input);
    return this.cache.search.search(req.query, req.limit, req);
  }

  /** Offline too: contacts of the cache by name, phone, username, email or external id (contact-search.ts). */
  searchContacts(input: ContactSearchRequest): ContactHit[] {
    return this.cache.contacts.search(input);
  }

  /** Offline too: the contact's person's other identities the cache knows. */
  listPersonContacts(contactId: string): ContactHit[] {
    return this.cache.contacts.personContacts(contactId);
  }

  getUnreadCount(): number {
    return this.cache.conversations.unreadCount();
  }

  /** Marks read up to the newest message, here at once (offline too); the hub hears of it when reachable. */
  async markRead(conversationId: string): Promise<void> {
    const readAt = this.cache.read.newestMessageAt(conversationId);
    if (readAt === 0) return;
    this.cache.transaction(() => {
      this.cache.entities.setReadMarker(conversationId, readAt, true);
      this.cache.entities.recomputeUnread(conversationId);
    });
    this.deps.changed([conversationId]);
    await this.deps.sendPendingReads();
  }

  /**
   * Marks it unread for me: the hub moves my read marker back before the customer's latest message
   * and tells my other devices; here it shows at once. Needs the hub (OFFLINE otherwise).
   */
  async markUnread(conversationId: string): Promise<void> {
    this.requireConversation(conversationId);
    const { readAt } = await this.deps.hub.markUnread({ conversationId });
    this.cache.transaction(() => {
      this.cache.entities.setReadMarkerBack(conversationId, readAt);
      this.cache.entities.recomputeUnread(conversationId);
    });
    this.deps.changed([conversationId]);
  }

  /** Marks read every conversation of the view with unread messages, here at once (offline too); returns how many. */
  async markAllRead(query: ConversationQuery): Promise<number> {
    const ids = this.cache.conversations.unreadIds(query, this.now());
    if (ids.length === 0) return 0;
    this.cache.transaction(() => {
      for (const id of ids) {
        const readAt = this.cache.read.newestMessageAt(id);
        if (readAt === 0) continue;
        this.cache.entities.setReadMarker(id, readAt, true);
        this.cache.entities.recomputeUnread(id);
      }
    });
    this.deps.changed(ids);
    await this.deps.sendPendingReads();
    return ids.length;
  }

  /** One action on the selection; the hub authorizes and answers each conversation (OFFLINE without it). */
  async bulkUpdate(request: BulkRequest): Promise<BulkResult> {
    const result = await this.deps.hub.bulk(request);
    const changed: string[] = [];
    this.cache.transaction(() => {
      for (const outcome of result.outcomes) {
        if (!outcome.ok) continue;
        this.cache.entities.upsertConversation(outcome.conversation);
        changed.push(outcome.conversationId);
      }
    });
    if (changed.length > 0) this.deps.changed(changed);
    return result;
  }

  sendMessage(input: z.input<typeof SendRequest>): ClientMessage {
    return this.deps.outbox.enqueue(SendRequest.parse(input));
  }

  decideHeldReply({ clientId, action }: { clientId: string; action: 'send' | 'discard' }): void {
    this.deps.outbox.decide(clientId, action);
  }

  retryMessage(clientId: string): void {
    this.deps.outbox.retry(clientId);
  }

  listTemplates(channelId: string): Template[] {
    return this.cache.read.templates(channelId);
  }

  /** Offline too: what the last sync brought (the team's replies of this channel and for all, and mine). */
  listCannedReplies(channelId: string): CannedReply[] {
    return this.cache.cannedReplies.forChannel(channelId);
  }

  getDraft(conversationId: string): string {
    return this.cache.drafts.get(conversationId);
  }

  saveDraft(conversationId: string, text: string): void {
    this.cache.drafts.save(conversationId, text, this.now());
  }

  /** Only agents the hub accepts as assignee (assignee-rule.ts: linked, active, view), the current one marked. */
  listAssignableAgents(conversationId: string): AssignableAgent[] {
    const conversation = this.requireConversation(conversationId);
    const channel = this.cache.read.channel(conversation.channelId);
    if (!channel) throw new AppError('NOT_FOUND');
    const linked = new Set(channel.linkedAgentIds);
    const openCounts = this.cache.read.openCounts();
    const presenceRank = { online: 0, away: 1, offline: 2 } as const;
    return this.cache.read
      .agents()
      .filter((agent: Agent) => isAssignable(agent, linked.has(agent.id)))
      .map((agent) => ({
        agent,
        presence: agent.presence,
        openCount: openCounts.get(agent.id) ?? 0,
        isCurrent: agent.id === conversation.assigneeId,
      }))
      .sort(
        (a, b) =>
          presenceRank[a.presence] - presenceRank[b.presence] ||
          a.openCount - b.openCount ||
          a.agent.name.localeCompare(b.agent.name),
      );
  }

  async assignConversation(conversationId: string, assigneeId: string | null): Promise<Conversation> {
    const conversation = this.requireConversation(conversationId);
    if (assigneeId !== null) {
      const isLinked = this.cache.read.channel(conversation.channelId)?.linkedAgentIds.includes(assigneeId) ?? false;
      const assignee = this.cache.read.agent(assigneeId);
      // An agent the cache does not know yet is left to the hub to judge, once it is linked.
      const refusal = assignee ? assigneeRefusal(assignee, isLinked) : isLinked ? null : 'NOT_LINKED_TO_CHANNEL';
      if (refusal) throw new AppError(refusal);
    }
    return this.storeConversation(await this.deps.hub.assign({ conversationId, assigneeId }));
  }

  async setStatus(
    conversationId: string,
    status: ConversationStatus,
    snoozedUntil: number | null,
  ): Promise<Conversation> {
    this.requireConversation(conversationId);
    const updated = await this.deps.hub.setConversationStatus({ conversationId, status, snoozedUntil });
    return this.storeConversation(updated);
  }

  /** Replaces the conversation's labels; needs the hub (OFFLINE otherwise), like assignment. */
  async setLabels(conversationId: string, labels: readonly string[]): Promise<Conversation> {
    this.requireConversation(conversationId);
    const unique = [...new Set(labels.map((label) => label.trim()).filter((label) => label !== ''))];
    return this.storeConversation(await this.deps.hub.setLabels({ conversationId, labels: unique }));
  }

  /** Needs the hub (HUB_UNREACHABLE otherwise); a wrong current password is INVALID_CREDENTIALS. */
  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.deps.changePassword(currentPassword, newPassword);
  }

  openAttachment(attachmentId: string): Promise<AttachmentView> {
    return this.deps.attachments.view(attachmentId);
  }

  contactAvatarUrl(contactId: string, avatar: ContactAvatar): Promise<string | null> {
    return this.deps.avatars.url(contactId, avatar);
  }

  /** In the agent's time zone, notes only when asked for (options parsed by TranscriptOptions at the IPC guard). */
  exportTranscript(conversationId: string, options: TranscriptOptions): { fileName: string; text: string } {
    const conversation = this.requireConversation(conversationId);
    const row = this.cache.conversations.row(conversationId, this.now());
    const channel = this.cache.read.channel(conversation.channelId);
    if (!row || !channel) throw new AppError('NOT_FOUND');
    return renderTranscript({
      contact: row.contact,
      channel,
      conversationId,
      messages: this.cache.read.allMessages(conversationId),
      agents: new Map(this.cache.read.agents().map((a) => [a.id, a])),
      exportedAt: this.now(),
      timeZone: options.timeZone,
      includeNotes: options.includeNotes,
    });
  }

  private requireConversation(conversationId: string): Conversation {
    const conversation = this.cache.read.conversation(conversationId);
    if (!conversation) throw new AppError('NOT_FOUND');
    return conversation;
  }

  /** Stores what the hub answered so the change shows before its event arrives. */
  private storeConversation(conversation: Conversation): Conversation {
    this.cache.transaction(() => {
      this.cache.entities.upsertConversation(conversation);
      this.cache.entities.recomputeUnread(conversation.id);
    });
    this.deps.changed([conversation.id]);
    return conversation;
  }
}
