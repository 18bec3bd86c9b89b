/**
 * ClientApi: the contract between the renderer and the main process.
 * Implemented once by the client service in src/main/core; the Electron shell
 * forwards IPC calls to it after parsing the arguments with `API_ARGS`; the
 * preload exposes it as `window.api`. Tests and the e2e harness call the same
 * service. Everything here is plain JSON so it crosses any boundary.
 */
import { z } from 'zod';
import {
  Agent,
  Attachment,
  Channel,
  Contact,
  Conversation,
  ConversationStatus,
  Id,
  Message,
  Millis,
  Presence,
  Template,
} from './domain.js';
import { SessionEndReason, SetLabelsRequest, TemplateSend } from './protocol.js';
import { API_METHOD_NAMES } from './api-methods.js';

export const ConnectionState = z.object({
  status: z.enum(['online', 'connecting', 'offline', 'signed-out']),
  /** When the cache last caught up with the hub ("synced up to …"). */
  lastSyncedAt: Millis.nullable(),
  /** Catch-up progress while syncing: events applied of the total to apply. */
  progress: z.object({ applied: z.number().int(), total: z.number().int() }).nullable(),
  /** Replies waiting in the outbox (queued or held). */
  outboxCount: z.number().int(),
  /** The last connection error in words, if any. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Signed out because the hub ended the session (expired, revoked…); absent otherwise. */
  signOutReason: SessionEndReason.optional(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const Session = z.object({ hubUrl: z.string(), agent: Agent });
export type Session = z.infer<typeof Session>;

export const SignInRequest = z.object({
  hubUrl: z.string().url().max(2048),
  email: z.string().email().max(254),
  password: z.string().min(1).max(1024),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** 'snoozed' lists conversations snoozed until later; the other views leave them out until they wake. */
export const InboxView = z.enum(['mine', 'unassigned', 'all', 'snoozed']);
export type InboxView = z.infer<typeof InboxView>;
export const ConversationQuery = z.object({
  view: InboxView.default('all'),
  channelId: Id.optional(),
  status: ConversationStatus.optional(),
  label: z.string().max(50).optional(),
  limit: z.number().int().positive().max(500).default(50),
  /** Rows to skip (the virtualized list asks for the window it shows). */
  offset: z.number().int().nonnegative().default(0),
});
export type ConversationQuery = z.input<typeof ConversationQuery>;

/** Session window as the UI shows it; computed locally from the cache so it works offline. */
export const WindowInfo = z.object({
  applies: z.boolean(),
  isOpen: z.boolean(),
  closesAt: Millis.nullable(),
  msLeft: z.number().nullable(),
  outsideWindow: z.enum(['templates-only', 'nothing']).nullable(),
});
export type WindowInfo = z.infer<typeof WindowInfo>;

export const ConversationRow = z.object({
  conversation: Conversation,
  contact: Contact,
  channelKind: Channel.shape.kind,
  channelName: z.string(),
  assigneeName: z.string().nullable(),
  unreadCount: z.number().int().nonnegative(),
  window: WindowInfo,
});
export type ConversationRow = z.infer<typeof ConversationRow>;
export const ConversationList = z.object({ rows: z.array(ConversationRow), total: z.number().int() });
export type ConversationList = z.infer<typeof ConversationList>;

export const ConversationDetail = z.object({
  row: ConversationRow,
  channel: Channel,
  /** Earlier conversations of the same contact (contact panel). */
  pastConversations: z.array(Conversation),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

/** A message as the client shows it: outbox entries appear as messages with their local state. */
export const OutboxState = z.enum(['queued', 'sending', 'held', 'failed']);
export const ClientMessage = Message.extend({
  /** Set while the message exists only in the local outbox. */
  outbox: z
    .object({
      state: OutboxState,
      /** Why it is held or failed, as an error code and words. */
      reasonCode: z.string().nullable(),
      reason: z.string().nullable(),
      /** True when the window will have closed before this queued reply can go out. */
      windowWillClose: z.boolean(),
    })
    .nullable(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;
export const MessagePageRequest = z.object({
  conversationId: Id,
  /** Page upward: messages older than this message id. */
  before: Id.optional(),
  limit: z.number().int().positive().max(500).default(50),
});
export type MessagePageRequest = z.input<typeof MessagePageRequest>;
export const MessagePage = z.object({ messages: z.array(ClientMessage), hasMore: z.boolean() });
export type MessagePage = z.infer<typeof MessagePage>;

export const SearchRequest = z.object({
  query: z.string().min(1).max(200),
  limit: z.number().int().positive().max(200).default(50),
});
export const SearchHit = z.object({
  messageId: Id.nullable(),
  conversationId: Id,
  contactName: z.string(),
  channelKind: Channel.shape.kind,
  /** Text around the match; the matched parts are wrapped in U+E000 … U+E001 markers. */
  snippet: z.string(),
  at: Millis,
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SNIPPET_MARK_START = '\uE000';
export const SNIPPET_MARK_END = '\uE001';

/** A file picked, dropped or pasted in the composer. */
export const OutgoingFile = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string().max(200),
  size: z.number().int().nonnegative(),
  /** File content, base64; the renderer has no file system access. */
  dataBase64: z.string(),
});
export type OutgoingFile = z.infer<typeof OutgoingFile>;
export const SendRequest = z.object({
  conversationId: Id,
  kind: z.enum(['text', 'attachment', 'template', 'note']),
  text: z.string().max(4096).nullable().default(null),
  files: z.array(OutgoingFile).max(10).default([]),
  template: TemplateSend.nullable().default(null),
  replyToMessageId: Id.nullable().default(null),
});
export type SendRequest = z.input<typeof SendRequest>;

export const HeldReplyDecision = z.object({ clientId: z.string().uuid(), action: z.enum(['send', 'discard']) });

export const AssignableAgent = z.object({
  agent: Agent,
  presence: Presence,
  openCount: z.number().int().nonnegative(),
  isCurrent: z.boolean(),
});
export type AssignableAgent = z.infer<typeof AssignableAgent>;

/** Why *Open* only shows a file in its folder: what its real (final) extension makes it, or that it lies. */
export const OpeningRisk = z.enum([
  'windows-program',
  'mac-program',
  'script',
  'installer',
  'shortcut',
  'web-page',
  'macro-document',
  'archive',
  /** The name, the declared type and the bytes do not agree (a .pdf that is not a PDF). */
  'mismatch',
  /** Not a type Switchboard opens directly (pictures, PDF, audio, video, plain text). */
  'unlisted',
]);
export type OpeningRisk = z.infer<typeof OpeningRisk>;

/** What *Open* does with a cached attachment; decided in the main process from its name, type and bytes. */
export const AttachmentOpening = z.object({
  /** 'open': with the OS's program for its type; 'reveal': only show the copy in its folder. */
  action: z.enum(['open', 'reveal']),
  risk: OpeningRisk.nullable(),
  /** The name's real final extension, lower case, without the dot ('' when it has none). */
  extension: z.string().max(255),
  /** The safe name the copy on disk gets (hidden characters and reserved names removed). */
  fileName: z.string().max(255),
});
export type AttachmentOpening = z.infer<typeof AttachmentOpening>;

export const AttachmentView = z.object({
  attachment: Attachment,
  /** 'ready' with a URL the renderer may load (cache-backed), or why not. */
  status: z.enum(['ready', 'downloading', 'unavailable']),
  url: z.string().nullable(),
  error: z.string().nullable(),
  /** Set when the file is on disk ('ready'). */
  opening: AttachmentOpening.nullable(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;

export const Preferences = z.object({
  /** Desktop notifications stay on for every agent (FAQ 14); only their sound can be muted. */
  notificationSound: z.boolean(),
});
export type Preferences = z.infer<typeof Preferences>;

export const Transcript = z.object({ fileName: z.string(), text: z.string() });

/** Pushed to the renderer; the renderer re-reads what changed. */
export const ClientEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection'), state: ConnectionState }),
  z.object({ type: z.literal('conversations'), ids: z.array(Id) }),
  z.object({ type: z.literal('messages'), conversationId: Id }),
  z.object({ type: z.literal('unread'), total: z.number().int() }),
  z.object({ type: z.literal('session'), session: Session.nullable() }),
  z.object({
    type: z.literal('notification'),
    conversationId: Id.nullable(),
    title: z.string(),
    body: z.string(),
    channelKind: Channel.shape.kind.nullable(),
    /** True when the agent muted notification sounds (SPEC §6). */
    silent: z.boolean().default(false),
  }),
  /** Another agent is typing in a conversation (live only, never stored). */
  z.object({
    type: z.literal('typing'),
    conversationId: Id,
    agentId: Id,
    agentName: z.string(),
    isTyping: z.boolean(),
  }),
  z.object({ type: z.literal('window-warning'), conversationId: Id, closesAt: Millis }),
  z.object({ type: z.literal('open-conversation'), conversationId: Id }),
  /** A large attachment download in progress (bytes received of total, when known). */
  z.object({
    type: z.literal('attachment-progress'),
    attachmentId: Id,
    received: z.number().int().nonnegative(),
    total: z.number().int().nonnegative().nullable(),
  }),
]);
export type ClientEvent = z.infer<typeof ClientEvent>;

export interface ClientApi {
  getSession(): Promise<Session | null>;
  signIn(req: SignInRequest): Promise<Session>;
  signOut(): Promise<void>;
  getConnection(): Promise<ConnectionState>;
  setPresence(presence: Presence): Promise<void>;

  listChannels(): Promise<Channel[]>;
  listConversations(query: ConversationQuery): Promise<ConversationList>;
  getConversation(conversationId: string): Promise<ConversationDetail>;
  listMessages(req: MessagePageRequest): Promise<MessagePage>;
  search(req: z.input<typeof SearchRequest>): Promise<SearchHit[]>;
  getUnreadCount(): Promise<number>;
  markRead(conversationId: string): Promise<void>;

  sendMessage(req: SendRequest): Promise<ClientMessage>;
  decideHeldReply(req: z.infer<typeof HeldReplyDecision>): Promise<void>;
  retryMessage(clientId: string): Promise<void>;
  listTemplates(channelId: string): Promise<Template[]>;
  getDraft(conversationId: string): Promise<string>;
  saveDraft(conversationId: string, text: string): Promise<void>;

  listAssignableAgents(conversationId: string): Promise<AssignableAgent[]>;
  assignConversation(conversationId: string, assigneeId: string | null): Promise<Conversation>;
  setStatus(conversationId: string, status: ConversationStatus, snoozedUntil: number | null): Promise<Conversation>;

  setLabels(conversationId: string, labels: string[]): Promise<Conversation>;
  /** Tells the other agents I am typing (or stopped); best effort, nothing is stored. */
  setTyping(conversationId: string, isTyping: boolean): Promise<void>;
  getPreferences(): Promise<Preferences>;
  setPreferences(preferences: Preferences): Promise<void>;

  openAttachment(attachmentId: string): Promise<AttachmentView>;
  exportTranscript(conversationId: string): Promise<z.infer<typeof Transcript>>;

  /** Subscribe to pushes; returns an unsubscribe function. */
  onEvent(listener: (event: ClientEvent) => void): () => void;
}

export type ClientApiMethod = Exclude<keyof ClientApi, 'onEvent'>;

/** Argument schemas for every IPC call; the shell refuses anything that does not parse. */
export const API_ARGS = {
  getSession: z.tuple([]),
  signIn: z.tuple([SignInRequest]),
  signOut: z.tuple([]),
  getConnection: z.tuple([]),
  setPresence: z.tuple([Presence]),
  listChannels: z.tuple([]),
  listConversations: z.tuple([ConversationQuery]),
  getConversation: z.tuple([Id]),
  listMessages: z.tuple([MessagePageRequest]),
  search: z.tuple([SearchRequest]),
  getUnreadCount: z.tuple([]),
  markRead: z.tuple([Id]),
  sendMessage: z.tuple([SendRequest]),
  decideHeldReply: z.tuple([HeldReplyDecision]),
  retryMessage: z.tuple([z.string().uuid()]),
  listTemplates: z.tuple([Id]),
  getDraft: z.tuple([Id]),
  saveDraft: z.tuple([Id, z.string().max(65536)]),
  listAssignableAgents: z.tuple([Id]),
  assignConversation: z.tuple([Id, Id.nullable()]),
  setStatus: z.tuple([Id, ConversationStatus, Millis.nullable()]),
  setLabels: z.tuple([Id, SetLabelsRequest.shape.labels]),
  setTyping: z.tuple([Id, z.boolean()]),
  getPreferences: z.tuple([]),
  setPreferences: z.tuple([Preferences]),
  openAttachment: z.tuple([Id]),
  exportTranscript: z.tuple([Id]),
} as const satisfies Record<ClientApiMethod, z.ZodTuple>;

/** Every method name, in a list the preload can use without zod (see api-methods.ts). */
export const API_METHODS: readonly ClientApiMethod[] = API_METHOD_NAMES;
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
/** Fails to compile when api-methods.ts and the ClientApi interface disagree. */
export const API_METHOD_NAMES_MATCH: SameKeys<(typeof API_METHOD_NAMES)[number], ClientApiMethod> = true;
export { IPC_PREFIX, IPC_EVENT_CHANNEL } from './api-methods.js';
