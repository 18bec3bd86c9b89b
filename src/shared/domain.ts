/**
 * Domain types shared by the hub, the client core and the renderer.
 * Every type here is inferred from a zod schema so that anything crossing a
 * process or network boundary is parsed by the same definition it is typed by.
 * Words follow SPEC.md: channel, conversation, contact, agent, linked agent,
 * assignment, session window, template, credits.
 */
import { z } from 'zod';

export const ID_MAX = 128;
export const Id = z.string().min(1).max(ID_MAX);
/** Integer milliseconds since the Unix epoch, UTC. */
export const Millis = z.number().int().nonnegative();

export const CHANNEL_KINDS = ['whatsapp', 'twilio', 'telegram', 'line', 'wechat'] as const;
export const ChannelKind = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const AgentRole = z.enum(['admin', 'agent']);
export type AgentRole = z.infer<typeof AgentRole>;

/** The instant-messaging permission set of SPEC §6 (FAQ 59). */
export const Permissions = z.object({
  view: z.boolean(),
  create: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
});
export type Permissions = z.infer<typeof Permissions>;
export const FULL_PERMISSIONS: Permissions = { view: true, create: true, update: true, delete: true };

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const Agent = z.object({
  id: Id,
  email: z.string().email().max(254),
  name: z.string().min(1).max(100),
  role: AgentRole,
  permissions: Permissions,
  active: z.boolean(),
  presence: Presence,
  createdAt: Millis,
});
export type Agent = z.infer<typeof Agent>;

export const ChannelSettings = z.object({
  /** SPEC §3: each new conversation gets a ticket (FAQ 8, 28). */
  autoConvert: z.boolean().default(false),
  /** Shown in click-to-chat links (e.g. the WhatsApp number without '+', the Telegram bot username). */
  publicHandle: z.string().max(200).optional(),
  /** Canned replies offered by the composer for this channel. */
  cannedReplies: z
    .array(z.object({ title: z.string().max(100), text: z.string().max(4096) }))
    .max(200)
    .default([]),
});
export type ChannelSettings = z.infer<typeof ChannelSettings>;

/** WhatsApp credits (SPEC §7). Null balance for kinds that are not charged. */
/** Credits one business-initiated conversation costs, by template category (SPEC §7, FAQ 46). */
export const DEFAULT_CREDIT_COSTS = { marketing: 3, utility: 1, authentication: 1 } as const;
export const Credits = z.object({
  balance: z.number().int(),
  cancellationScheduled: z.boolean(),
  /** What opening a business-initiated conversation costs, per template category. */
  costs: z
    .object({
      marketing: z.number().int().nonnegative(),
      utility: z.number().int().nonnegative(),
      authentication: z.number().int().nonnegative(),
    })
    .default(DEFAULT_CREDIT_COSTS),
  updatedAt: Millis,
});
export type Credits = z.infer<typeof Credits>;

/** A channel as every API returns it: credentials are never included. */
export const Channel = z.object({
  id: Id,
  kind: ChannelKind,
  name: z.string().min(1).max(100),
  settings: ChannelSettings,
  linkedAgentIds: z.array(Id),
  credits: Credits.nullable(),
  createdAt: Millis,
});
export type Channel = z.infer<typeof Channel>;

/** How the provider identifies the customer. Telegram contacts have no phone (FAQ 50). */
export const ContactIdentity = z.object({
  /** Provider sender id: wa_id, Telegram user id, LINE userId, WeChat openid, Twilio 'whatsapp:+…'. */
  externalId: z.string().min(1).max(256),
  phone: z.string().max(32).nullable(),
  username: z.string().max(256).nullable(),
});
export type ContactIdentity = z.infer<typeof ContactIdentity>;

export const Contact = z.object({
  id: Id,
  channelId: Id,
  name: z.string().max(256),
  identity: ContactIdentity,
  /** Set when the contact is in the trash (SPEC §2, FAQ 55); null otherwise. */
  deletedAt: Millis.nullable(),
  createdAt: Millis,
});
export type Contact = z.infer<typeof Contact>;

export const ConversationStatus = z.enum(['open', 'pending', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const Ticket = z.object({
  id: Id,
  number: z.number().int().positive(),
  subject: z.string().max(200),
  createdAt: Millis,
});
export type Ticket = z.infer<typeof Ticket>;

export const Conversation = z.object({
  id: Id,
  channelId: Id,
  contactId: Id,
  status: ConversationStatus,
  assigneeId: Id.nullable(),
  ticket: Ticket.nullable(),
  /** The customer's last inbound message; the session window counts from it. */
  lastInboundAt: Millis.nullable(),
  lastMessageAt: Millis,
  lastMessagePreview: z.string().max(200),
  snoozedUntil: Millis.nullable(),
  labels: z.array(z.string().max(50)).max(20),
  createdAt: Millis,
  updatedAt: Millis,
});
export type Conversation = z.infer<typeof Conversation>;

export const MessageDirection = z.enum(['in', 'out']);
export type MessageDirection = z.infer<typeof MessageDirection>;

export const MESSAGE_KINDS = [
  'text',
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'interactive',
  'template',
  'event',
  'note',
  'unsupported',
] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

/** Inbound messages are 'received'; outbound ones move queued → sent → delivered → read, or failed. */
export const DeliveryState = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;
/** Order used so a late 'delivered' never overwrites 'read'. */
export const DELIVERY_RANK: Record<DeliveryState, number> = {
  received: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export const AttachmentStatus = z.enum(['pending', 'ready', 'failed']);
export const Attachment = z.object({
  id: Id,
  mimeType: z.string().max(200),
  fileName: z.string().max(255).nullable(),
  size: z.number().int().nonnegative().nullable(),
  /** Content address of the blob on the hub once downloaded. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  status: AttachmentStatus,
  /** Why the hub could not fetch it from the provider (shown on the message). */
  error: z.string().max(500).nullable(),
});
export type Attachment = z.infer<typeof Attachment>;

const MESSAGE_CLIPPED_PATH_MAX = 100;
const MESSAGE_CLIPPED_MAX = 20;

/** Structured content besides text, by kind. Every field optional; adapters fill what applies. */
export const MessageMeta = z
  .object({
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        name: z.string().max(500).optional(),
        address: z.string().max(1000).optional(),
      })
      .optional(),
    /** For kind 'reaction': the emoji and the provider id of the message it reacts to. */
    reaction: z.object({ emoji: z.string().max(32), targetProviderMessageId: z.string().max(256) }).optional(),
    /** Provider id of the quoted message (reply). */
    replyToProviderMessageId: z.string().max(256).optional(),
    /** For kind 'interactive': the id and title the customer chose (button, list row, postback). */
    interactive: z.object({ id: z.string().max(1000), title: z.string().max(1000) }).optional(),
    /** For kind 'contacts': shared contact cards. */
    contacts: z.array(z.object({ name: z.string().max(256), phones: z.array(z.string().max(64)) })).optional(),
    /** For kind 'event': follow, unfollow, join, leave, unsend, subscribe, unsubscribe, scan, menu click … */
    event: z.object({ name: z.string().max(64), detail: z.string().max(1000).optional() }).optional(),
    /** For kind 'unsupported': the provider's own type name. */
    providerType: z.string().max(64).optional(),
    /** For kind 'template'. */
    template: z.object({ templateId: Id, name: z.string().max(512), params: z.array(z.string().max(1024)) }).optional(),
    /** For kind 'sticker': provider sticker ids (LINE packageId/stickerId …). */
    sticker: z.object({ id: z.string().max(256), packId: z.string().max(256).optional() }).optional(),
    /** Set when the customer edited (Telegram) or unsent (LINE) the message. */
    editedAt: Millis.optional(),
    unsentAt: Millis.optional(),
    /** Group chats (Telegram groups, LINE groups): who in the group wrote. */
    groupSender: z.string().max(256).optional(),
    /**
     * Values the provider sent longer (or further out of range) than we keep, cut at ingest:
     * their paths (`text`, `meta.interactive.id`, `attachments.0.fileName`, `at` …). Shown as "shortened".
     */
    clipped: z.array(z.string().max(MESSAGE_CLIPPED_PATH_MAX)).max(MESSAGE_CLIPPED_MAX).optional(),
  })
  .strict();
export type MessageMeta = z.infer<typeof MessageMeta>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  direction: MessageDirection,
  kind: MessageKind,
  text: z.string().max(65536).nullable(),
  attachments: z.array(Attachment),
  meta: MessageMeta,
  providerMessageId: z.string().max(256).nullable(),
  /** UUIDv7 chosen by the sending client; the hub stores a message once per client id. */
  clientId: z.string().max(64).nullable(),
  /** The agent who wrote an outbound message or note; null for inbound and automatic messages. */
  senderAgentId: Id.nullable(),
  state: DeliveryState,
  /** Machine-readable failure (an ErrorCode) and the reason in words; null unless failed. */
  failureCode: z.string().max(64).nullable(),
  failureReason: z.string().max(1000).nullable(),
  createdAt: Millis,
  updatedAt: Millis,
});
export type Message = z.infer<typeof Message>;

export const TemplateCategory = z.enum(['marketing', 'utility', 'authentication']);
export type TemplateCategory = z.infer<typeof TemplateCategory>;
export const TemplateStatus = z.enum(['pending', 'approved', 'rejected']);
export type TemplateStatus = z.infer<typeof TemplateStatus>;
export const MERGE_FIELDS = [
  'contact.name',
  'contact.phone',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'channel.name',
  'custom',
] as const;
export const MergeField = z.enum(MERGE_FIELDS);
export type MergeField = z.infer<typeof MergeField>;

export const Template = z.object({
  id: Id,
  channelId: Id,
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  category: TemplateCategory,
  body: z.string().min(1),
  /** placeholders[i] is the merge field of {{i+1}}. */
  placeholders: z.array(MergeField),
  status: TemplateStatus,
  createdAt: Millis,
  updatedAt: Millis,
});
export type Template = z.infer<typeof Template>;
