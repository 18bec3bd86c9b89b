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
  /**
   * The most open conversations routing gives this agent, overriding the channel's `routing.capacity`
   * (docs/lifecycle.md, "Queues and routing"); null or absent = the channel's limit.
   */
  capacity: z.number().int().min(1).max(500).nullable().optional(),
});
export type Agent = z.infer<typeof Agent>;

/** How a channel routes its conversations (docs/lifecycle.md, "Queues and routing"; services/routing/). */
export const ChannelRouting = z.object({
  /** Open conversations per agent on this channel; null = no limit. An agent's own `capacity` overrides it. */
  capacity: z.number().int().min(1).max(500).nullable().default(null),
  /** Away or offline longer than this: the agent's waiting conversations go back to the queue. */
  awayRequeueMinutes: z.number().int().min(1).max(1440).default(10),
  /** Unanswered by its assignee this long: the conversation passes to the next agent; null = off. */
  unansweredPassMinutes: z.number().int().min(1).max(1440).nullable().default(null),
  /** The most passes before the conversation waits in the queue. */
  unansweredPassMax: z.number().int().min(1).max(10).default(2),
});
export type ChannelRouting = z.infer<typeof ChannelRouting>;

/** An IANA time zone this runtime knows (Intl), e.g. Asia/Tokyo; business hours are kept in it. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' on a 24-hour clock; '24:00' (end of day) only as a range's end. */
export const HoursTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'a time is HH:MM, 00:00–24:00' });
/**
 * One opening range of a weekday in the channel's zone. `to` before `from` runs past midnight into the next
 * day (22:00–02:00); the whole range belongs to the day it starts on (docs/lifecycle.md, "Business hours").
 */
export const HoursRange = z
  .object({ from: HoursTime, to: HoursTime })
  .refine((r) => r.from !== '24:00', { error: 'a range cannot start at 24:00', path: ['from'] })
  .refine((r) => r.from !== r.to, { error: 'a range must not start and end at the same time', path: ['to'] });
export type HoursRange = z.infer<typeof HoursRange>;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const DayHours = z.array(HoursRange).max(6).default([]);
export const HOLIDAYS_MAX = 400;
/** A calendar date 'YYYY-MM-DD' that exists (no 2025-02-30). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date is YYYY-MM-DD' })
  .refine(
    (d) => {
      const t = Date.parse(`${d}T00:00:00Z`);
      return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
    },
    { error: 'no such date' },
  );
/** When a channel's team works (src/shared/business-hours.ts isOpenAt; docs/lifecycle.md, "Business hours"). */
export const BusinessHours = z.object({
  timeZone: z.string().refine(isTimeZone, { error: 'not a time zone this hub knows (IANA name, e.g. Asia/Tokyo)' }),
  weekly: z.object({
    mon: DayHours,
    tue: DayHours,
    wed: DayHours,
    thu: DayHours,
    fri: DayHours,
    sat: DayHours,
    sun: DayHours,
  }),
  /** Closed all day on these dates in `timeZone` (ranges starting on them do not open). */
  holidays: z.array(CalendarDate).max(HOLIDAYS_MAX).default([]),
});
export type BusinessHours = z.infer<typeof BusinessHours>;

export const AUTO_TEXT_MAX = 1000;
export const AUTO_TEXT_LANGUAGES_MAX = 20;
/** A language key of automatic texts: a BCP 47 tag like ja, en, zh-Hant, pt-BR. */
export const LanguageTag = z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, { error: 'not a language tag' });
const AutoText = z.string().trim().min(1, { error: 'the text is empty' }).max(AUTO_TEXT_MAX);
/**
 * An automatic message's texts (auto-reply outside hours, greeting): `default`, plus one per customer language
 * (`ja`, `en`, `zh-Hant` …) chosen by Contact.language (src/shared/business-hours.ts textFor).
 */
export const AutoReplySetting = z.object({
  texts: z
    .object({ default: AutoText })
    .catchall(AutoText)
    .superRefine((texts, ctx) => {
      const keys = Object.keys(texts).filter((k) => k !== 'default');
      for (const key of keys) {
        if (!LanguageTag.safeParse(key).success)
          ctx.addIssue({ code: 'custom', message: 'not a language tag', path: [key] });
      }
      if (keys.length > AUTO_TEXT_LANGUAGES_MAX) {
        ctx.addIssue({ code: 'custom', message: `at most ${AUTO_TEXT_LANGUAGES_MAX} languages` });
      }
    }),
});
export type AutoReplySetting = z.infer<typeof AutoReplySetting>;

export const ChannelSettings = z.object({
  /** SPEC §3: each new conversation gets a ticket (FAQ 8, 28). */
  autoConvert: z.boolean().default(false),
  /**
   * docs/lifecycle.md, "Conversations and tickets": the customer's message within this many minutes after the
   * conversation was resolved reopens it; later, it opens a new conversation (and ticket). 0 = always new.
   */
  reopenWindowMinutes: z.number().int().min(0).max(43200).default(1440),
  /**
   * SPEC §3, FAQ 28: new conversations go to an online linked agent (services/assignment.ts); off, they
   * stay unassigned for the linked agents to pick up.
   */
  autoAssign: z.boolean().default(true),
  /** Shown in click-to-chat links (e.g. the WhatsApp number without '+', the Telegram bot username). */
  publicHandle: z.string().max(200).optional(),
  /** The country of national phone numbers agents type when they write first (ISO 3166-1 alpha-2, e.g. JP; phone-number.ts). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable()
    .optional(),
  /** Queue, capacity, re-routing of away agents' waiting conversations, unanswered passes. */
  routing: ChannelRouting.prefault({}),
  /** When the team works; null = always open (no auto-reply). docs/lifecycle.md, "Business hours". */
  hours: BusinessHours.nullable().default(null),
  /** Sent once per conversation when the customer writes outside `hours` (services/auto-messages.ts). */
  autoReply: AutoReplySetting.nullable().default(null),
  /** Sent once when a customer's message opens a new conversation (not a reopen). */
  greeting: AutoReplySetting.nullable().default(null),
  // Canned replies used to be `cannedReplies` here; they are CannedReply rows now (hub migration 0007 moved
  // them). Settings stored or cached before still parse: the old key is dropped on read.
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
  /** An admin's low-balance warning: at or below it the balance is shown as low; null = no warning. */
  lowBalanceThreshold: z.number().int().nonnegative().max(1_000_000).nullable().default(null),
  updatedAt: Millis,
});
export type Credits = z.infer<typeof Credits>;

/** True when the balance is at or below the channel's low-balance warning threshold. */
export function isCreditsLow(credits: Pick<Credits, 'balance' | 'lowBalanceThreshold'>): boolean {
  return credits.lowBalanceThreshold !== null && credits.balance <= credits.lowBalanceThreshold;
}

/** A channel's health in one word (docs/hub.md, "Channel health"): derived by the hub from what it saw. */
export const HealthStatus = z.enum(['ok', 'warning', 'failing', 'unknown']);
export type HealthStatus = z.infer<typeof HealthStatus>;
/** Why a channel is not ok; null while it is. Each reason has one status (docs/hub.md, "Channel health"). */
export const HealthReason = z.enum([
  'token-refused',
  'sends-failing',
  'webhook-inactive',
  'webhook-errors',
  'send-failed',
  'webhook-recent-error',
  'quality-low',
  'provider-unreachable',
  'not-checked',
]);
export type HealthReason = z.infer<typeof HealthReason>;
/** What every agent's client knows of a channel's health: re-emitted with the channel only when it changes. */
export const ChannelHealthSummary = z.object({
  status: HealthStatus,
  reason: HealthReason.nullable(),
  /** When the channel got this status and reason. */
  since: Millis,
});
export type ChannelHealthSummary = z.infer<typeof ChannelHealthSummary>;

/** Whom the provider says a channel's credentials belong to (POST /api/channels/verify's answer). */
export const ProviderIdentity = z.object({
  /** One line for people: "Shop (+1 555-000-1111)", "@shop_bot", the LINE bot's name … */
  label: z.string().max(500),
  /** The provider's fields: displayPhoneNumber, verifiedName, qualityRating; username; basicId … */
  details: z.record(z.string(), z.string().max(500)),
});
export type ProviderIdentity = z.infer<typeof ProviderIdentity>;

/**
 * What the hub learned from the provider when the credentials were last saved (created or rotated).
 * `unverified`: saved explicitly without the provider's yes — it refused, or could not be reached —
 * or saved before the hub verified credentials (then `checkedAt` is null).
 */
export const ChannelVerification = z.object({
  status: z.enum(['verified', 'unverified']),
  /** When the hub asked the provider; null when it never did. */
  checkedAt: Millis.nullable(),
  /** Unverified: the provider's refusal in words ("Telegram: 401 Unauthorized") and its ErrorCode. */
  reason: z.string().max(500).nullable(),
  code: z.string().max(64).nullable(),
  /** Verified: who the credentials belong to (shown as the channel's number or bot). */
  identity: ProviderIdentity.nullable(),
});
export type ChannelVerification = z.infer<typeof ChannelVerification>;
export const NEVER_VERIFIED: ChannelVerification = {
  status: 'unverified',
  checkedAt: null,
  reason: null,
  code: null,
  identity: null,
};

/** A channel as every API returns it: credentials are never included. */
export const Channel = z.object({
  id: Id,
  kind: ChannelKind,
  name: z.string().min(1).max(100),
  settings: ChannelSettings,
  linkedAgentIds: z.array(Id),
  credits: Credits.nullable(),
  createdAt: Millis,
  /** Absent until the hub has judged the channel (and from hubs before channel health): unknown. */
  health: ChannelHealthSummary.optional(),
  verification: ChannelVerification.default(NEVER_VERIFIED),
  /**
   * Set while the channel is in the trash (DELETE /api/channels/:id): its conversations are hidden from
   * every client and its webhooks refused until it is restored; null otherwise.
   */
  trashedAt: Millis.nullable().default(null),
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

/** The longest contact note an agent can keep (characters). */
export const CONTACT_NOTES_MAX = 5000;

/** A contact's picture in the hub's blob store (GET /api/contacts/:id/avatar serves it; issue 13 §3). */
export const ContactAvatar = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mimeType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  size: z.number().int().nonnegative(),
});
export type ContactAvatar = z.infer<typeof ContactAvatar>;

/** Custom attributes agents keep on a contact (issue 14 §4): at most this many keys… */
export const CONTACT_ATTRIBUTES_MAX = 20;
export const CONTACT_ATTRIBUTE_KEY_MAX = 40;
export const CONTACT_ATTRIBUTE_VALUE_MAX = 500;
/** Key → short text ("Plan" → "Gold"); keys are trimmed, non-empty. */
export const ContactAttributes = z
  .record(z.string().trim().min(1).max(CONTACT_ATTRIBUTE_KEY_MAX), z.string().max(CONTACT_ATTRIBUTE_VALUE_MAX))
  .refine((attributes) => Object.keys(attributes).length <= CONTACT_ATTRIBUTES_MAX, {
    message: `at most ${CONTACT_ATTRIBUTES_MAX} attributes`,
  });
export type ContactAttributes = z.infer<typeof ContactAttributes>;

export const Contact = z.object({
  id: Id,
  channelId: Id,
  name: z.string().max(256),
  identity: ContactIdentity,
  /** Set when the contact is in the trash (SPEC §2, FAQ 55); null otherwise. */
  deletedAt: Millis.nullable(),
  createdAt: Millis,
  /** An agent renamed the contact: provider profiles never overwrite the name (issue 13 §3). */
  nameSetByAgent: z.boolean().optional(),
  /** The agents' notes on the contact (PATCH /api/contacts/:id). */
  notes: z.string().max(CONTACT_NOTES_MAX).optional(),
  /** The provider's picture of the customer, downloaded by the hub; absent or null when there is none. */
  avatar: ContactAvatar.nullable().optional(),
  /** The customer's email address, set by an agent (PATCH /api/contacts/:id). */
  email: z.string().email().max(254).optional(),
  /** Custom attributes set by agents (PATCH /api/contacts/:id). */
  attributes: ContactAttributes.optional(),
  /**
   * The person this contact is merged into with contacts of other channels (POST /api/contacts/:id/merge);
   * contacts with the same personId are one customer. Absent or null: not merged.
   */
  personId: Id.nullable().optional(),
  /** The customer's language as the provider gave it (BCP 47: Telegram language_code, LINE profile language). */
  language: z.string().max(35).optional(),
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
  /**
   * Set when the preview is no words of the message but the hub's label of its kind ("[Image]"): the client
   * shows that kind in the agent's language (an event with its name; a kind it does not know: the preview).
   * Absent from older hubs and cache rows.
   */
  lastMessageLabel: z
    .object({ kind: z.string().max(32), event: z.string().max(64).optional() })
    .nullable()
    .optional(),
  /**
   * The conversation's last credit charge not refunded (WhatsApp): templates within 24 h of it are free
   * (template-charge.ts). Absent from older hubs and cache rows.
   */
  lastChargedAt: Millis.nullable().optional(),
  snoozedUntil: Millis.nullable(),
  labels: z.array(z.string().max(50)).max(20),
  /** Set while the conversation waits in its channel's queue for an agent (services/routing/). */
  queuedAt: Millis.nullable().optional(),
  /** How many times it passed from an assignee who did not answer in time (routing.unansweredPassMinutes). */
  passCount: z.number().int().nonnegative().optional(),
  /** When it was last resolved (hub clock), null while it is not resolved; the reopen window counts from it. */
  resolvedAt: Millis.nullable().optional(),
  createdAt: Millis,
  updatedAt: Millis,
});
export type Conversation = z.infer<typeof Conversation>;

/** A channel's queue: conversations waiting for an agent (docs/lifecycle.md, "Queues and routing"). */
export const ChannelQueue = z.object({
  channelId: Id,
  length: z.number().int().nonnegative(),
  /** When the longest-waiting conversation joined the queue; null when it is empty. */
  oldestQueuedAt: Millis.nullable(),
  updatedAt: Millis,
});
export type ChannelQueue = z.infer<typeof ChannelQueue>;

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
    /** Sent by the hub, not an agent: the auto-reply outside business hours or the greeting (auto-messages.ts). */
    automatic: z.enum(['autoReply', 'greeting']).optional(),
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
/**
 * Meta's template states, lower-cased (WhatsApp Business Management API): only `approved` may be sent.
 * Twilio templates are local and use pending / approved / rejected.
 */
export const TEMPLATE_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'paused',
  'disabled',
  'in_appeal',
  'archived',
  'deleted',
] as const;
export const TemplateStatus = z.enum(TEMPLATE_STATUSES);
export type TemplateStatus = z.infer<typeof TemplateStatus>;
export const MERGE_FIELDS = [
  'contact.name',
  'contact.phone',
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'agent.name',
  'channel.name',
  'custom',
] as const;
export const MergeField = z.enum(MERGE_FIELDS);
export type MergeField = z.infer<typeof MergeField>;

/** An example value Meta reviews a placeholder with (WhatsApp templates). */
const TemplateExample = z.string().max(1024);
/**
 * A WhatsApp template's header: text (≤ 60 characters, at most one placeholder {{1}}) or media. A media
 * header needs a file when sent: `mediaUrl` (https, the hub's own setting) is sent as its link; `example`
 * is the sample Meta reviewed (an upload handle, or the URL Meta lists it under).
 */
export const TemplateHeader = z.union([
  z.object({
    format: z.literal('text'),
    text: z.string().min(1).max(60),
    placeholder: MergeField.nullable().default(null),
    example: TemplateExample.nullable().default(null),
  }),
  z.object({
    format: z.enum(['image', 'video', 'document']),
    mediaUrl: z.string().url().max(2000).nullable().default(null),
    example: z.string().max(4096).nullable().default(null),
  }),
]);
export type TemplateHeader = z.infer<typeof TemplateHeader>;
/** Template buttons (Meta: at most 10; text ≤ 25). A URL may end in {{1}}, filled from `placeholder`. */
export const TemplateButton = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: z.string().min(1).max(25) }),
  z.object({
    type: z.literal('url'),
    text: z.string().min(1).max(25),
    url: z.string().min(1).max(2000),
    placeholder: MergeField.nullable().default(null),
    example: TemplateExample.nullable().default(null),
  }),
  z.object({
    type: z.literal('phone_number'),
    text: z.string().min(1).max(25),
    phoneNumber: z.string().min(1).max(20),
  }),
]);
export type TemplateButton = z.infer<typeof TemplateButton>;
/** A re-categorisation Meta announced (`template_category_update`, impending): the category and when. */
export const TemplateCategoryChange = z.object({ category: TemplateCategory, at: Millis.nullable() });
export type TemplateCategoryChange = z.infer<typeof TemplateCategoryChange>;
/**
 * An approved WhatsApp template submitted again in another category (FAQ 64): Meta cannot change an approved
 * template's category, so the same content went to Meta as a new template named `name`. The approved one
 * stays sendable until Meta approves this one; then the template takes its name, id and category.
 */
export const TemplateResubmission = z.object({
  providerTemplateId: z.string().min(1).max(64),
  name: z.string().min(1).max(512),
  category: TemplateCategory,
  status: TemplateStatus,
  rejectionReason: z.string().max(1000).nullable(),
  submittedAt: Millis,
});
export type TemplateResubmission = z.infer<typeof TemplateResubmission>;

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
  // WhatsApp templates come from Meta with the parts below; older rows and caches read as body only.
  header: TemplateHeader.nullable().default(null),
  footer: z.string().max(60).nullable().default(null),
  buttons: z.array(TemplateButton).max(10).default([]),
  /** examples[i] is the example Meta reviews {{i+1}} of the body with. */
  examples: z.array(TemplateExample).max(20).default([]),
  /** Meta's template id; null for Twilio templates and ones not submitted. */
  providerTemplateId: z.string().max(64).nullable().default(null),
  /** Meta's reason for a rejection, pause or disabling, in its words. */
  rejectionReason: z.string().max(1000).nullable().default(null),
  /** Meta will change the category (WhatsApp); null when it announced nothing. */
  categoryChange: TemplateCategoryChange.nullable().default(null),
  /** The new template an approved one's category change is waiting for (WhatsApp); null when none. */
  resubmission: TemplateResubmission.nullable().default(null),
  createdAt: Millis,
  updatedAt: Millis,
});
export type Template = z.infer<typeof Template>;

export const CANNED_REPLY_TITLE_MAX = 100;
export const CANNED_REPLY_SHORTCUT_MAX = 32;
export const CANNED_REPLY_TEXT_MAX = 4096;
/**
 * A reusable text the composer inserts when the agent types `/` (issue 12): a team reply (admins
 * manage it; every agent who sees its channel uses it) or an agent's personal one (only its owner sees
 * it); for one channel or for all. `{{contact.name}}`-style placeholders are filled on insertion.
 */
export const CannedReply = z.object({
  id: Id,
  /** null: a team reply; else the agent whose personal reply it is. */
  ownerId: Id.nullable(),
  /** null: for every channel. */
  channelId: Id.nullable(),
  title: z.string().min(1).max(CANNED_REPLY_TITLE_MAX),
  /** Typed after `/` to find it at once (letters, digits, - and _); null when it has none. */
  shortcut: z.string().min(1).max(CANNED_REPLY_SHORTCUT_MAX).nullable(),
  text: z.string().min(1).max(CANNED_REPLY_TEXT_MAX),
  createdAt: Millis,
  updatedAt: Millis,
});
export type CannedReply = z.infer<typeof CannedReply>;
