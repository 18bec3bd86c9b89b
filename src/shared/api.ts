/**
 * ClientApi: the contract between the renderer and the main process, declared
 * once in `CLIENT_METHODS` (each method's argument tuple and result). The
 * ClientApi type, the guard's dispatch (src/main/core/ipc-guard.ts) and the
 * client service's forwarding are derived from that table; the preload's
 * zod-free name list (api-methods.ts) is checked against it at compile time.
 * Over IPC every call resolves an `ApiResult`: `{ ok: true, value }` or
 * `{ ok: false, error }`, never a thrown error. Everything here survives the
 * structured clone of Electron's IPC: plain JSON plus `Uint8Array` for files.
 */
import { z } from 'zod';
import {
  Agent,
  Attachment,
  CannedReply,
  Channel,
  ChannelQueue,
  Contact,
  ContactAvatar,
  Conversation,
  ConversationStatus,
  Id,
  Message,
  Millis,
  Presence,
  Template,
} from './domain.js';
import {
  BulkRequest,
  BulkResult,
  ChangePasswordRequest,
  SessionEndReason,
  SetLabelsRequest,
  TemplateSend,
} from './protocol.js';
import { API_METHOD_NAMES } from './api-methods.js';
import { InvitationToken, NewPassword } from './agent-access.js';
import { CHANNEL_RULES } from './channel-rules.js';
import { ErrorBody } from './errors.js';
import { ExternalLink } from './external-link.js';
import type { HubMethod } from './hub-calls.js';
import { AGENTS_METHODS } from './admin/agents.js';
import { CANNED_REPLIES_METHODS } from './admin/canned-replies.js';
import { CONTACTS_METHODS } from './admin/contacts.js';
import { OUTREACH_METHODS } from './admin/outreach.js';
import { CHANNELS_METHODS } from './admin/channels.js';
import { CREDITS_TRASH_METHODS } from './admin/credits-trash.js';
import { ChannelHealth, HEALTH_METHODS } from './admin/health.js';
import { TEMPLATES_METHODS } from './admin/templates.js';
import { TEAM_SETTINGS_METHODS } from './admin/team-settings.js';
import { TICKETS_METHODS } from './admin/tickets.js';
import { ActivityView } from './activity.js';

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

export const Session = z.object({
  hubUrl: z.string(),
  agent: Agent,
  /**
   * Signed in with a temporary password: nothing works (no sync, no socket) until the agent chose
   * their own with `replaceTemporaryPassword`. Such a session is not kept across restarts.
   */
  passwordChangeRequired: z.boolean().optional(),
});
export type Session = z.infer<typeof Session>;

export const SignInRequest = z.object({
  hubUrl: z.string().url().max(2048),
  email: z.string().email().max(254),
  password: z.string().min(1).max(1024),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** Signing in with an invitation link (src/shared/invitation-link.ts): its hub and token, the chosen password. */
export const InvitationSignIn = z.object({
  hubUrl: SignInRequest.shape.hubUrl,
  token: InvitationToken,
  newPassword: NewPassword,
});
export type InvitationSignIn = z.infer<typeof InvitationSignIn>;

/**
 * 'snoozed' lists conversations snoozed until later; the other views leave them out until they wake.
 * 'resolved' keeps the resolved ones, which mine, unassigned and all leave out (open and pending only).
 */
export const InboxView = z.enum(['mine', 'unassigned', 'all', 'snoozed', 'resolved']);
export type InboxView = z.infer<typeof InboxView>;
/** 'activity': last message first; 'waiting': the customer's oldest unanswered message first. */
export const InboxSort = z.enum(['activity', 'waiting']);
export type InboxSort = z.infer<typeof InboxSort>;
export const ConversationQuery = z.object({
  view: InboxView.default('all'),
  channelId: Id.optional(),
  status: ConversationStatus.optional(),
  label: z.string().max(50).optional(),
  sort: InboxSort.default('activity'),
  /** Only conversations with unread customer messages. */
  unreadOnly: z.boolean().default(false),
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
  /** The customer's oldest message not answered yet (longest waiting), null when answered. */
  waitingSince: Millis.nullable(),
  /** This client keeps an unsent draft for it. */
  hasDraft: z.boolean(),
  /** The latest reply failed: the provider refused it, or it failed in the outbox. */
  lastSendFailed: z.boolean(),
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

/** A contact found in the cache (searchContacts) or one of a person's other identities, with its channel. */
export const ContactHit = z.object({
  contact: Contact,
  channelId: Id,
  channelKind: Channel.shape.kind,
  channelName: z.string(),
  /** The contact's latest conversation's last message; null when the cache has no conversation of it. */
  lastMessageAt: Millis.nullable(),
});
export type ContactHit = z.infer<typeof ContactHit>;
/** Contacts by name, phone, username, email or external id, from the cache (offline too; docs/lifecycle.md). */
export const ContactSearchRequest = z.object({
  query: z.string().max(100),
  channelId: Id.optional(),
  limit: z.number().int().positive().max(50).default(20),
});
export type ContactSearchRequest = z.input<typeof ContactSearchRequest>;

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
      /**
       * Held because the session window closed (SESSION_WINDOW_CLOSED): whether the channel lets it go
       * as it is now (the customer wrote again) and whether a template can carry it (WhatsApp).
       */
      canSendAnyway: z.boolean().optional(),
      canSendAsTemplate: z.boolean().optional(),
    })
    .nullable(),
  /** A failed reply of this agent that was sent again as a new reply (cache migration 0010). */
  retried: z.boolean().optional(),
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

/** Narrow a search: one channel, conversations assigned to one agent, hits dated in [from, to). */
export const SearchFilters = z.object({
  channelId: Id.optional(),
  assigneeId: Id.optional(),
  from: Millis.optional(),
  to: Millis.optional(),
});
export type SearchFilters = z.infer<typeof SearchFilters>;
export const SearchRequest = SearchFilters.extend({
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

/**
 * The most any channel accepts for one file (LINE video, 200 MB): the guard refuses a bigger one before
 * anything is copied, and the outbox then holds each file to its channel's own limit (channel-rules.ts).
 */
export const OUTGOING_FILE_MAX_BYTES = Math.max(
  ...Object.values(CHANNEL_RULES).flatMap((rules) => Object.values(rules.maxBytes)),
);
/** File content as bytes: IPC's structured clone carries a Uint8Array as it is, no base64 on the way. */
export const FileBytes = z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength <= OUTGOING_FILE_MAX_BYTES, {
  message: `a file may be at most ${OUTGOING_FILE_MAX_BYTES} bytes`,
});
/** A file picked, dropped or pasted in the composer; its size is its bytes' length. */
export const OutgoingFile = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string().max(200),
  /** The renderer has no file system access: it reads the file and sends its content. */
  data: FileBytes,
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

/** A held reply: send anyway or discard; a failed reply (outbox or the hub's copy): discard. */
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
/** An IANA time zone this runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
/** How the agent wants a transcript: in the renderer's time zone, with or without private notes. */
export const TranscriptOptions = z.object({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, 'timeZone: not a time zone'),
  includeNotes: z.boolean(),
});
export type TranscriptOptions = z.infer<typeof TranscriptOptions>;

/** Pushed to the renderer; the renderer re-reads what changed. */
export const ClientEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection'), state: ConnectionState }),
  z.object({ type: z.literal('conversations'), ids: z.array(Id) }),
  z.object({ type: z.literal('messages'), conversationId: Id }),
  /**
   * What one applied batch of hub events changed, as one push (docs/desktop.md, "Live changes"):
   * the renderer re-reads only what it shows of these. `all`: anything may have changed (a
   * snapshot page, channels or agents): re-read what is on screen, channels too.
   */
  z.object({
    type: z.literal('changes'),
    all: z.boolean(),
    conversationIds: z.array(Id),
    /** Per conversation, the messages written (new or changed) and outbox entries settled (by client id). */
    messages: z.array(z.object({ conversationId: Id, messageIds: z.array(Id) })),
    contactIds: z.array(Id),
    templateChannelIds: z.array(Id),
    /** Channels whose queue figure changed (the inbox's queue summary re-reads listQueues); absent when none. */
    queueChannelIds: z.array(Id).optional(),
  }),
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
  /** Another agent opened (viewing) or left a conversation I may see (live only, never stored). */
  z.object({
    type: z.literal('viewing'),
    conversationId: Id,
    agentId: Id,
    agentName: z.string(),
    viewing: z.boolean(),
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
  /** Admins: a channel's health changed (the hub's `channel-health` push, live only). */
  z.object({ type: z.literal('channel-health'), health: ChannelHealth }),
]);
export type ClientEvent = z.infer<typeof ClientEvent>;

/**
 * The methods that are one authenticated hub call each (the admin console and what agents manage
 * themselves, like personal canned replies): declared per area under src/shared/admin, answered
 * generically by the client core (src/main/core/account/hub-call.ts).
 */
export const HUB_METHODS = {
  ...CHANNELS_METHODS,
  ...HEALTH_METHODS,
  ...AGENTS_METHODS,
  ...TEMPLATES_METHODS,
  ...CANNED_REPLIES_METHODS,
  ...CONTACTS_METHODS,
  ...OUTREACH_METHODS,
  ...CREDITS_TRASH_METHODS,
  ...TEAM_SETTINGS_METHODS,
  ...TICKETS_METHODS,
} as const satisfies Record<string, HubMethod>;
export type HubMethodName = keyof typeof HUB_METHODS;

/**
 * Every ClientApi method, declared once: the tuple its arguments must parse with (the guard refuses
 * anything else with VALIDATION_FAILED before the service sees it) and what it resolves. Adding a
 * method is an entry here plus its implementation in the client service (src/main/core).
 */
export const CLIENT_METHODS = {
  getSession: { args: z.tuple([]), result: Session.nullable() },
  signIn: { args: z.tuple([SignInRequest]), result: Session },
  /** Uses an invitation link: sets my password and signs me in. */
  signInWithInvitation: { args: z.tuple([InvitationSignIn]), result: Session },
  /** After signing in with a temporary password: my own password; the session then opens fully. */
  replaceTemporaryPassword: { args: z.tuple([NewPassword]), result: Session },
  signOut: { args: z.tuple([]), result: z.void() },
  getConnection: { args: z.tuple([]), result: ConnectionState },
  /** My own password (current, new): my other sessions are signed out, this one stays. */
  changePassword: {
    args: z.tuple([ChangePasswordRequest.shape.currentPassword, ChangePasswordRequest.shape.newPassword]),
    result: z.void(),
  },
  setPresence: { args: z.tuple([Presence]), result: z.void() },

  listChannels: { args: z.tuple([]), result: z.array(Channel) },
  listConversations: { args: z.tuple([ConversationQuery]), result: ConversationList },
  getConversation: { args: z.tuple([Id]), result: ConversationDetail },
  listMessages: { args: z.tuple([MessagePageRequest]), result: MessagePage },
  /** Who changed the conversation's assignment, status, snooze, labels or ticket, oldest first, from the cache. */
  listActivity: { args: z.tuple([Id]), result: z.array(ActivityView) },
  search: { args: z.tuple([SearchRequest]), result: z.array(SearchHit) },
  /** The queues of my channels (waiting conversations, the oldest's time) as the hub last said, from the cache. */
  listQueues: { args: z.tuple([]), result: z.array(ChannelQueue) },
  /** Contacts of my channels matching a query, from the cache (offline too), best first. */
  searchContacts: { args: z.tuple([ContactSearchRequest]), result: z.array(ContactHit) },
  /** The other contacts of the contact's person (merged identities on other channels), from the cache. */
  listPersonContacts: { args: z.tuple([Id]), result: z.array(ContactHit) },
  getUnreadCount: { args: z.tuple([]), result: z.number().int() },
  markRead: { args: z.tuple([Id]), result: z.void() },
  /** Marks it unread for me on every device (the hub moves my read marker back); needs the hub. */
  markUnread: { args: z.tuple([Id]), result: z.void() },
  /** Marks read every conversation of the view (the query's filters; its paging is ignored); resolves how many. */
  markAllRead: { args: z.tuple([ConversationQuery]), result: z.number().int() },
  /** One action on the inbox's selection; the hub answers per conversation (docs/protocol.md). */
  bulkUpdate: { args: z.tuple([BulkRequest]), result: BulkResult },

  sendMessage: { args: z.tuple([SendRequest]), result: ClientMessage },
  decideHeldReply: { args: z.tuple([HeldReplyDecision]), result: z.void() },
  retryMessage: { args: z.tuple([z.string().uuid()]), result: z.void() },
  listTemplates: { args: z.tuple([Id]), result: z.array(Template) },
  getDraft: { args: z.tuple([Id]), result: z.string() },
  saveDraft: { args: z.tuple([Id, z.string().max(65536)]), result: z.void() },
  /** The canned replies usable in a channel (its own and the all-channel ones, team and mine), from the cache. */
  listCannedReplies: { args: z.tuple([Id]), result: z.array(CannedReply) },

  listAssignableAgents: { args: z.tuple([Id]), result: z.array(AssignableAgent) },
  /** A null assignee unassigns. */
  assignConversation: { args: z.tuple([Id, Id.nullable()]), result: Conversation },
  setStatus: { args: z.tuple([Id, ConversationStatus, Millis.nullable()]), result: Conversation },

  setLabels: { args: z.tuple([Id, SetLabelsRequest.shape.labels]), result: Conversation },
  /** Tells the other agents I am typing (or stopped); best effort, nothing is stored. */
  setTyping: { args: z.tuple([Id, z.boolean()]), result: z.void() },
  /** Tells the other agents which conversation I have open (null: none); best effort, nothing is stored. */
  setViewing: { args: z.tuple([Id.nullable()]), result: z.void() },
  getPreferences: { args: z.tuple([]), result: Preferences },
  setPreferences: { args: z.tuple([Preferences]), result: z.void() },

  openAttachment: { args: z.tuple([Id]), result: AttachmentView },
  /** The contact's picture as a media URL, fetched once per sha256 into the attachment cache; null offline or none. */
  contactAvatarUrl: { args: z.tuple([Id, ContactAvatar]), result: z.string().nullable() },
  exportTranscript: { args: z.tuple([Id, TranscriptOptions]), result: Transcript },
  /** A link in a message, opened by the shell in the system browser or mail program (external-link.ts says which). */
  openExternalLink: { args: z.tuple([ExternalLink]), result: z.void() },

  ...HUB_METHODS,
} as const satisfies Record<string, { args: z.ZodTuple; result: z.ZodType }>;

type ClientMethodTable = typeof CLIENT_METHODS;
export type ClientApiMethod = keyof ClientMethodTable;
/** What a caller passes: the arguments' input type (fields with a default may be left out). */
export type ClientArgs<M extends ClientApiMethod> = z.input<ClientMethodTable[M]['args']>;
/** What the guard hands the service: the arguments as parsed (defaults filled in). */
export type ParsedClientArgs<M extends ClientApiMethod> = z.output<ClientMethodTable[M]['args']>;
export type ClientResult<M extends ClientApiMethod> = z.infer<ClientMethodTable[M]['result']>;

/** One method of the contract as the service implements it: resolves its result or throws an AppError. */
export type ClientApiFunction<M extends ClientApiMethod> = (...args: ClientArgs<M>) => Promise<ClientResult<M>>;
export type ClientApiMethods = { [M in ClientApiMethod]: ClientApiFunction<M> };
export type ClientApi = ClientApiMethods & {
  /** Subscribe to pushes; returns an unsubscribe function. */
  onEvent(listener: (event: ClientEvent) => void): () => void;
};

/** How a failed call crosses IPC (and the e2e bridge): resolved, never thrown, so the error keeps its code. */
export const ApiFailure = z.object({ ok: z.literal(false), error: ErrorBody });
export type ApiResult<T> = { ok: true; value: T } | z.infer<typeof ApiFailure>;

/** One method as it crosses IPC: resolves an ApiResult instead of throwing. */
export type IpcClientApiFunction<M extends ClientApiMethod> = (
  ...args: ClientArgs<M>
) => Promise<ApiResult<ClientResult<M>>>;
export type IpcClientApiMethods = { [M in ClientApiMethod]: IpcClientApiFunction<M> };
/** `window.api` as the preload exposes it. */
export type IpcClientApi = IpcClientApiMethods & Pick<ClientApi, 'onEvent'>;

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
/** Fails to compile when the preload's list (api-methods.ts) and CLIENT_METHODS disagree. */
export const API_METHOD_NAMES_MATCH: SameKeys<(typeof API_METHOD_NAMES)[number], ClientApiMethod> = true;

/**
 * An object with one ClientApi method per name, each made by `make`: the renderer's unwrapping of
 * `window.api`, the client service's forwarding to the signed-in account, test doubles of either side.
 * `make` is generic, so every function it returns is checked against its own method's signature.
 * Object.fromEntries cannot say which value belongs to which key, so the typed promise is made by the
 * two signatures: K is the union of `names`, and `make` typed each entry.
 */
export function clientMethods<K extends ClientApiMethod>(
  names: readonly K[],
  make: <M extends K>(method: M) => ClientApiFunction<M>,
): Pick<ClientApiMethods, K>;
export function clientMethods<K extends ClientApiMethod>(
  names: readonly K[],
  make: <M extends K>(method: M) => IpcClientApiFunction<M>,
): Pick<IpcClientApiMethods, K>;
export function clientMethods(
  names: readonly ClientApiMethod[],
  make: (method: ClientApiMethod) => unknown,
): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, make(name)]));
}
