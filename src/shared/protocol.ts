/**
 * The hub protocol: the event log entries clients sync from, socket.io
 * commands with their acknowledgements, and the HTTP bodies. Declared once
 * here; the hub and the client core both parse with these schemas.
 */
import { z } from 'zod';
import {
  Agent,
  CannedReply,
  Channel,
  ChannelKind,
  ChannelQueue,
  ChannelRouting,
  ChannelSettings,
  Contact,
  Conversation,
  ConversationStatus,
  Id,
  Message,
  Millis,
  MergeField,
  Permissions,
  Presence,
  ProviderIdentity,
  Template,
  TemplateButton,
  TemplateCategory,
  TemplateHeader,
  TemplateStatus,
  AgentRole,
} from './domain.js';
import { Activity } from './activity.js';
import { ChannelHealth } from './admin/health.js';
import { ErrorBody } from './errors.js';
import { TEMPLATE_BODY_MAX } from './channel-rules.js';

// ───────────────────────────── event log ─────────────────────────────
/** The most conversation ids one contact.remove names; a cache also drops the rest by contact id. */
export const PURGED_CONVERSATIONS_MAX = 10_000;
/**
 * Every change on the hub is one event with a strictly increasing `seq`.
 * Payloads are full snapshots of the entity after the change, so applying an
 * event twice (or out of a snapshot) changes nothing: clients upsert by id.
 */
export const HubEventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.upsert'), agent: Agent }),
  z.object({ type: z.literal('channel.upsert'), channel: Channel }),
  z.object({ type: z.literal('channel.remove'), channelId: Id }),
  z.object({ type: z.literal('contact.upsert'), contact: Contact }),
  /**
   * An admin purged the contact from the trash: forget it, its conversations (ids listed, the cache may
   * know more by contactId) and their messages and attachment files. Carries ids only.
   */
  z.object({
    type: z.literal('contact.remove'),
    contactId: Id,
    conversationIds: z.array(Id).max(PURGED_CONVERSATIONS_MAX),
  }),
  z.object({ type: z.literal('conversation.upsert'), conversation: Conversation }),
  z.object({ type: z.literal('message.upsert'), message: Message }),
  z.object({ type: z.literal('template.upsert'), template: Template }),
  /** Team replies: visible with their channel (all channels: everyone); personal ones: their owner only. */
  z.object({ type: z.literal('cannedReply.upsert'), cannedReply: CannedReply }),
  /** Deleted, or moved out of sight of whoever this visibility reaches (another channel). */
  z.object({ type: z.literal('cannedReply.remove'), cannedReplyId: Id }),
  /** Who changed a conversation's assignment, status, snooze, labels or ticket (src/shared/activity.ts). */
  z.object({ type: z.literal('activity.upsert'), activity: Activity }),
  /** A channel's queue changed (length, oldest wait); on the channel, like conversation.upsert. */
  z.object({ type: z.literal('queue.upsert'), queue: ChannelQueue }),
  /** The agent's own read marker (private to that agent). */
  z.object({
    type: z.literal('conversation.read'),
    conversationId: Id,
    agentId: Id,
    readAt: Millis,
    /** The agent marked it unread: the marker moved back to readAt (clients take it as is, not the later one). */
    markedUnread: z.boolean().optional(),
  }),
]);
export type HubEventBody = z.infer<typeof HubEventBody>;
export type HubEventType = HubEventBody['type'];

export const HubEvent = z.intersection(
  z.object({
    seq: z.number().int().positive(),
    at: Millis,
    /** Visibility: null = every agent; else agents linked to the channel (and admins). */
    channelId: Id.nullable(),
    /** Visibility: when set, only this agent receives the event. */
    agentId: Id.nullable(),
  }),
  HubEventBody,
);
export type HubEvent = z.infer<typeof HubEvent>;

// ───────────────────────────── socket ─────────────────────────────
/**
 * socket.io handshake: `io(url, { auth: { token } })`. A handshake that does
 * not parse is refused as VALIDATION_FAILED (a client bug), a token that opens
 * no session as UNAUTHENTICATED (sign in again). Unknown fields are ignored.
 */
export const SocketAuth = z.object({
  token: z.string().min(1).max(512),
  /**
   * Ignored: every socket takes live events in `events` batches (arrays in seq
   * order). Older hubs pushed one `event` each to a socket without it, so the
   * client still sends `true`; anything but a boolean is still refused.
   */
  batchEvents: z.boolean().optional(),
  /** The socket's presence from the start (default online), e.g. away when the machine idled offline. */
  presence: Presence.optional(),
});
export type SocketAuth = z.infer<typeof SocketAuth>;

/**
 * Why the hub ended (or does not know) a session: `expired` — its lifetime is
 * over; `revoked` — signed out, password changed or agent deactivated;
 * `unknown` — the hub has no such session (another database, or purged).
 */
export const SessionEndReason = z.enum(['expired', 'revoked', 'unknown']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;
/** `details` of an UNAUTHENTICATED `connect_error` or command refusal on the socket. */
export const SessionEndDetails = z.object({ reason: SessionEndReason });

export const SYNC_PAGE_MAX = 5000;
/** Identity of the hub's event log: sequence numbers compare only within one (a restored backup starts a new one). */
export const LogId = z.string().min(1).max(64);
export const SyncRequest = z.object({
  after: z.number().int().nonnegative(),
  /** The log `after` belongs to (from the last sync or snapshot); another log answers `{reset: true}`. */
  logId: LogId.optional(),
  limit: z.number().int().positive().max(SYNC_PAGE_MAX).default(1000),
});
export type SyncRequest = z.infer<typeof SyncRequest>;
export const SyncResult = z.discriminatedUnion('reset', [
  z.object({
    reset: z.literal(false),
    events: z.array(HubEvent),
    /** The newest sequence number on the hub (for progress: applied / total). */
    latestSeq: z.number().int().nonnegative(),
    hasMore: z.boolean(),
    logId: LogId.optional(),
  }),
  /**
   * `after` is older than the log keeps, or belongs to another log (a restored hub): rebuild from
   * `snapshot`, then sync after `latestSeq`.
   */
  z.object({ reset: z.literal(true), latestSeq: z.number().int().nonnegative(), logId: LogId.optional() }),
]);
export type SyncResult = z.infer<typeof SyncResult>;

export const SnapshotRequest = z.object({
  /** Opaque cursor from the previous page; omit for the first page. */
  cursor: z.string().max(512).nullable().default(null),
  limit: z.number().int().positive().max(SYNC_PAGE_MAX).default(1000),
});
export type SnapshotRequest = z.infer<typeof SnapshotRequest>;
export const SnapshotResult = z.object({
  /** Current state as upsert bodies; apply in order. */
  items: z.array(HubEventBody),
  /** Sequence number the snapshot started at; sync after it once `nextCursor` is null. */
  asOfSeq: z.number().int().nonnegative(),
  nextCursor: z.string().max(512).nullable(),
  /** Rough number of items in the whole snapshot (progress). */
  total: z.number().int().nonnegative(),
  /** The log `asOfSeq` belongs to; sync with it afterwards. */
  logId: LogId.optional(),
});
export type SnapshotResult = z.infer<typeof SnapshotResult>;

export const OutboundAttachmentRef = z.object({
  /** Returned by `POST /api/media` after upload. */
  mediaId: Id,
});
export const TemplateSend = z.object({
  templateId: Id,
  /**
   * params[i] fills {{i+1}} of the body; a WhatsApp template's header and URL buttons follow (template-slots.ts).
   * The hub fills merge fields the agent left empty.
   */
  params: z.array(z.string().max(1024)).max(32),
});
export const SendMessageRequest = z
  .object({
    clientId: z.string().uuid(),
    conversationId: Id,
    /** 'note' is a private note: stored and synced, never sent to the customer. */
    kind: z.enum(['text', 'attachment', 'template', 'note']),
    text: z.string().max(4096).nullable().default(null),
    attachments: z.array(OutboundAttachmentRef).max(10).default([]),
    template: TemplateSend.nullable().default(null),
    replyToMessageId: Id.nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if ((v.kind === 'text' || v.kind === 'note') && !v.text?.trim())
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'text is required' });
    if (v.kind === 'attachment' && v.attachments.length === 0)
      ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'at least one attachment is required' });
    if (v.kind === 'template' && v.template === null)
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'template is required' });
  });
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const AssignRequest = z.object({ conversationId: Id, assigneeId: Id.nullable() });
export const SetStatusRequest = z.object({
  conversationId: Id,
  status: ConversationStatus,
  snoozedUntil: Millis.nullable().default(null),
});
export const MarkReadRequest = z.object({ conversationId: Id, readAt: Millis });
export const LABEL_MAX = 50;
export const SetLabelsRequest = z.object({
  conversationId: Id,
  labels: z.array(z.string().trim().min(1).max(LABEL_MAX)).max(20),
});
/** Marks the conversation unread for this agent: its latest customer message counts unread again. */
export const MarkUnreadRequest = z.object({ conversationId: Id });
/** The most conversations one `conversation.bulk` changes; more is refused as BULK_TOO_LARGE. */
export const BULK_MAX = 200;
export const BulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), assigneeId: Id.nullable() }),
  z.object({ type: z.literal('status'), status: ConversationStatus }),
  z.object({ type: z.literal('snooze'), until: Millis }),
  /** Adds and removes labels, keeping each conversation's other labels. */
  z.object({
    type: z.literal('labels'),
    add: z.array(z.string().trim().min(1).max(LABEL_MAX)).max(20).default([]),
    remove: z.array(z.string().trim().min(1).max(LABEL_MAX)).max(20).default([]),
  }),
]);
export type BulkAction = z.infer<typeof BulkAction>;
export const BulkRequest = z.object({
  conversationIds: z.array(Id).min(1).max(BULK_MAX),
  action: BulkAction,
});
export type BulkRequest = z.input<typeof BulkRequest>;
/** One conversation's outcome: changed (or already so), or refused with the reason a single command would give. */
export const BulkOutcome = z.discriminatedUnion('ok', [
  z.object({ conversationId: Id, ok: z.literal(true), conversation: Conversation }),
  z.object({ conversationId: Id, ok: z.literal(false), error: ErrorBody }),
]);
export type BulkOutcome = z.infer<typeof BulkOutcome>;
export const BulkResult = z.object({ outcomes: z.array(BulkOutcome) });
export type BulkResult = z.infer<typeof BulkResult>;
export const TypingRequest = z.object({ conversationId: Id, isTyping: z.boolean() });
/** The conversation this socket shows now (null: none); the hub tells who else may see it. */
export const ViewingRequest = z.object({ conversationId: Id.nullable() });
export const SetPresenceRequest = z.object({ presence: Presence });

/** Acknowledgement of every command: `{ ok: true, data }` or `{ ok: false, error }`. */
export const ackSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: ErrorBody }),
  ]);
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Client → hub commands: name → [request schema, ack data schema]. */
export const SOCKET_COMMANDS = {
  sync: [SyncRequest, SyncResult],
  snapshot: [SnapshotRequest, SnapshotResult],
  'message.send': [SendMessageRequest, Message],
  'conversation.assign': [AssignRequest, Conversation],
  'conversation.setStatus': [SetStatusRequest, Conversation],
  'conversation.markRead': [MarkReadRequest, z.object({ readAt: Millis })],
  'conversation.markUnread': [MarkUnreadRequest, z.object({ readAt: Millis })],
  /** One action on up to BULK_MAX conversations, each authorized on its own (docs/protocol.md). */
  'conversation.bulk': [BulkRequest, BulkResult],
  'presence.set': [SetPresenceRequest, z.object({ presence: Presence })],
  typing: [TypingRequest, z.object({})],
  'conversation.view': [ViewingRequest, z.object({})],
  'conversation.setLabels': [SetLabelsRequest, Conversation],
} as const;
export type SocketCommand = keyof typeof SOCKET_COMMANDS;
export type CommandRequest<C extends SocketCommand> = z.input<(typeof SOCKET_COMMANDS)[C][0]>;
export type CommandResult<C extends SocketCommand> = z.infer<(typeof SOCKET_COMMANDS)[C][1]>;

/** Hub → client pushes (not acknowledged). */
export const PresenceNotice = z.object({ agentId: Id, presence: Presence, at: Millis });
export const TypingNotice = z.object({ conversationId: Id, agentId: Id, isTyping: z.boolean() });
/** An agent opened (viewing) or left a conversation; presence-like, never logged. */
export const ViewingNotice = z.object({ conversationId: Id, agentId: Id, viewing: z.boolean() });
/** The hub asks the client to sync again, e.g. after the agent's channel links changed. */
export const ResyncNotice = z.object({ reason: z.enum(['links-changed', 'log-compacted']) });
/** The hub ended this socket's session (sent just before it disconnects the socket). */
export const SignedOutNotice = SessionEndDetails;
export const SOCKET_PUSHES = {
  /** Live events in seq order, a burst in one push; they arrive after the client's sync. */
  events: z.array(HubEvent),
  presence: PresenceNotice,
  typing: TypingNotice,
  viewing: ViewingNotice,
  resync: ResyncNotice,
  'signed-out': SignedOutNotice,
  /** To admins only: a channel's health facts or status changed (docs/hub.md, "Channel health"). */
  'channel-health': ChannelHealth,
} as const;
export type SocketPush = keyof typeof SOCKET_PUSHES;

// ───────────────────────────── HTTP ─────────────────────────────
export const LoginRequest = z.object({ email: z.string().email().max(254), password: z.string().min(1).max(1024) });
export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: Millis,
  agent: Agent,
  /**
   * Signed in with a temporary password: until it is replaced (POST /api/auth/password/replace-temporary)
   * this token opens nothing else, every other call is 403 PASSWORD_CHANGE_REQUIRED.
   */
  passwordChangeRequired: z.boolean().default(false),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const PASSWORD_MIN = 10;
export const CreateAgentRequest = z.object({
  email: z.string().email().max(254),
  name: z.string().min(1).max(100),
  password: z.string().min(PASSWORD_MIN).max(1024),
  role: AgentRole.default('agent'),
  permissions: Permissions.default({ view: true, create: true, update: true, delete: false }),
});
/** An agent's own password change: the current one proves it is them, not whoever holds the token. */
export const ChangePasswordRequest = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(PASSWORD_MIN).max(1024),
  })
  .refine((req) => req.newPassword !== req.currentPassword, {
    path: ['newPassword'],
    message: 'the new password must differ from the current one',
  });
/** GET /api/queues: the queue of each channel the agent may read (docs/lifecycle.md, "Queues and routing"). */
export const QueuesResponse = z.object({ queues: z.array(ChannelQueue) });
export type QueuesResponse = z.infer<typeof QueuesResponse>;

export const UpdateAgentRequest = z
  .object({
    name: z.string().min(1).max(100),
    password: z.string().min(PASSWORD_MIN).max(1024),
    role: AgentRole,
    permissions: Permissions,
    active: z.boolean(),
    /** The most open conversations routing gives the agent; null = the channel's limit (routing.capacity). */
    capacity: z.number().int().min(1).max(500).nullable(),
  })
  .partial();

/**
 * Settings a request may set; the old `cannedReplies` is refused by name (canned replies have their own API).
 * Without the defaults: zod's partial() keeps them, and a PATCH naming one setting then reset the others.
 */
const ChannelSettingsInput = z
  .object({
    autoConvert: ChannelSettings.shape.autoConvert.unwrap(),
    /** Minutes after resolve the customer's message reopens it; 0 = always new (docs/lifecycle.md). */
    reopenWindowMinutes: ChannelSettings.shape.reopenWindowMinutes.unwrap(),
    autoAssign: ChannelSettings.shape.autoAssign.unwrap(),
    publicHandle: ChannelSettings.shape.publicHandle.unwrap(),
    /** null clears it (national numbers then need their country code). */
    country: ChannelSettings.shape.country.unwrap(),
    /** null clears them: always open, no auto-reply, no greeting (docs/lifecycle.md, "Business hours"). */
    hours: ChannelSettings.shape.hours.unwrap(),
    autoReply: ChannelSettings.shape.autoReply.unwrap(),
    greeting: ChannelSettings.shape.greeting.unwrap(),
    /** Replaced whole: a field left out takes its default (docs/lifecycle.md, "Queues and routing"). */
    routing: ChannelRouting,
  })
  .partial()
  .extend({
    cannedReplies: z.never({ error: 'canned replies are managed at /api/canned-replies' }).optional(),
  });
export const CreateChannelRequest = z.object({
  kind: ChannelKind,
  name: z.string().min(1).max(100),
  /** Validated by the kind's adapter; never returned by any API. */
  credentials: z.record(z.string(), z.unknown()),
  settings: ChannelSettingsInput.default({}),
  /**
   * The hub asks the provider first (as POST /api/channels/verify does); a refusal refuses the creation
   * (422 CHANNEL_NOT_VERIFIED) unless this is true: then the channel is saved, marked unverified.
   */
  saveUnverified: z.boolean().default(false),
});
/** PUT /api/channels/:id/credentials: new credentials (a rotated token) for the same provider identity. */
export const ReplaceCredentialsRequest = CreateChannelRequest.pick({ credentials: true, saveUnverified: true });
export const UpdateChannelRequest = z
  .object({ name: z.string().min(1).max(100), settings: ChannelSettingsInput })
  .partial()
  .strict();
export const LinkAgentRequest = z.object({ agentId: Id });
/** Credentials to try against the provider before saving; the kind's adapter validates their shape. */
export const VerifyChannelRequest = CreateChannelRequest.pick({ kind: true, credentials: true });
/** A refusal by the provider is a result (200 `ok: false`), not an HTTP error. */
export const VerifyChannelResponse = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    identity: ProviderIdentity,
  }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);
export type VerifyChannelResponse = z.infer<typeof VerifyChannelResponse>;

export const TemplateBody = z.string().min(1).max(TEMPLATE_BODY_MAX);
export const CreateTemplateRequest = z.object({
  channelId: Id,
  name: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[a-z0-9_]+$/, 'lower-case letters, digits and _'),
  language: z.string().min(2).max(15),
  category: TemplateCategory,
  body: TemplateBody,
  placeholders: z.array(MergeField).max(20),
  // WhatsApp only (checked by src/shared/template-slots.ts): header, footer, buttons and Meta's examples.
  header: TemplateHeader.nullable().default(null),
  footer: z.string().min(1).max(60).nullable().default(null),
  buttons: z.array(TemplateButton).max(10).default([]),
  examples: z.array(z.string().max(1024)).max(20).default([]),
});
export const UpdateTemplateRequest = z
  .object({
    body: TemplateBody,
    category: TemplateCategory,
    placeholders: z.array(MergeField).max(20),
    /** Twilio only: WhatsApp templates are approved by Meta (TEMPLATE_STATUS_BY_PROVIDER). */
    status: TemplateStatus,
    header: TemplateHeader.nullable(),
    footer: z.string().min(1).max(60).nullable(),
    buttons: z.array(TemplateButton).max(10),
    examples: z.array(z.string().max(1024)).max(20),
  })
  .partial()
  .strict();

export const PAGE_MAX = 500;
export const ListConversationsQuery = z.object({
  channelId: Id.optional(),
  status: ConversationStatus.optional(),
  /** An agent id, or 'none' for unassigned. */
  assigneeId: Id.optional(),
  limit: z.coerce.number().int().positive().max(PAGE_MAX).default(50),
  /** Opaque cursor from `nextCursor`. */
  cursor: z.string().max(512).optional(),
});
export const ListMessagesQuery = z.object({
  limit: z.coerce.number().int().positive().max(PAGE_MAX).default(50),
  /** Messages strictly older than this message id. */
  before: Id.optional(),
});
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const TopUpRequest = z.object({ amount: z.number().int().positive().max(1_000_000) });
export const MediaUploadResponse = z.object({
  mediaId: Id,
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type MediaUploadResponse = z.infer<typeof MediaUploadResponse>;

/** GET /health (liveness): `seq` is null when the database did not answer at once; the answer is 200 all the same. */
export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  seq: z.number().int().nullable(),
});
/** GET /ready (readiness): 200 only when this node serves; otherwise 503 with an ErrorBody (HUB_STOPPING, …). */
export const ReadyResponse = z.object({ status: z.literal('ready'), version: z.string(), seq: z.number().int() });
