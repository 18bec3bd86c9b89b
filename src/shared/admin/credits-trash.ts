/**
 * Credits, click-to-chat and the contacts trash: the HTTP bodies of their
 * admin endpoints (the hub validates with these, the client parses the
 * answers with them) and the hub-call client methods of the admin console.
 * See src/shared/hub-calls.ts.
 */
import { z } from 'zod';
import { ChannelKind, Contact, Credits, Id, Millis } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';

// ───────────────────────────── credits ─────────────────────────────
/** What a ledger entry is: a charge for a business-initiated conversation, its refund, or a top-up. */
export const CREDIT_ENTRY_KINDS = ['charge', 'refund', 'top-up'] as const;
export const CreditEntryKind = z.enum(CREDIT_ENTRY_KINDS);
export type CreditEntryKind = z.infer<typeof CreditEntryKind>;

export const CreditEntry = z.object({
  id: Id,
  channelId: Id,
  kind: CreditEntryKind,
  /** Positive for a top-up or refund, negative for a charge. */
  delta: z.number().int(),
  /** `conversation:<template category>` for a charge, `refund`, `top-up`. */
  reason: z.string().max(64),
  /** Null for top-ups, and once the contact the conversation belonged to was purged. */
  conversationId: Id.nullable(),
  /** The contact of that conversation, read when the ledger is; null when there is none. */
  contactName: z.string().max(256).nullable(),
  /** The template message a charge or refund was for. */
  messageId: Id.nullable(),
  /** The admin who bought a top-up, and their name; null for what the hub did itself. */
  agentId: Id.nullable(),
  agentName: z.string().max(100).nullable(),
  createdAt: Millis,
});
export type CreditEntry = z.infer<typeof CreditEntry>;

export const LEDGER_PAGE_DEFAULT = 100;
export const LEDGER_PAGE_MAX = 500;
const CURSOR = z.string().max(512);
/**
 * The ledger's filters, newest first: `kind`, `from` (inclusive) and `to` (exclusive) in ms, one
 * conversation. Pass `nextCursor` back as `cursor` with the same filters for the next page.
 */
export const LedgerFilter = z.object({
  kind: CreditEntryKind.optional(),
  from: Millis.optional(),
  to: Millis.optional(),
  conversationId: Id.optional(),
  cursor: CURSOR.optional(),
  limit: z.number().int().positive().max(LEDGER_PAGE_MAX).optional(),
});
export type LedgerFilter = z.infer<typeof LedgerFilter>;
/** The same as a query string (numbers arrive as text). */
export const LedgerQuery = LedgerFilter.extend({
  from: z.coerce.number().pipe(Millis).optional(),
  to: z.coerce.number().pipe(Millis).optional(),
  limit: z.coerce.number().int().positive().max(LEDGER_PAGE_MAX).default(LEDGER_PAGE_DEFAULT),
});
export const LedgerPage = z.object({ items: z.array(CreditEntry), nextCursor: z.string().nullable() });
export type LedgerPage = z.infer<typeof LedgerPage>;

export const CREDITS_THRESHOLD_MAX = 1_000_000;
/** The low-balance warning of a channel; null turns it off. */
export const ThresholdRequest = z.object({
  threshold: z.number().int().nonnegative().max(CREDITS_THRESHOLD_MAX).nullable(),
});

// ───────────────────────────── click-to-chat ─────────────────────────────
export const ClickToChatLink = z.object({ url: z.string().max(2048), label: z.string().max(500) });
export type ClickToChatLink = z.infer<typeof ClickToChatLink>;
export const QrFormat = z.enum(['png', 'svg']);
export type QrFormat = z.infer<typeof QrFormat>;

// ───────────────────────────── contacts trash ─────────────────────────────
export const TRASH_PAGE_DEFAULT = 50;
export const TRASH_PAGE_MAX = 200;
/** `query` matches the name, phone, username or provider id (any part, any case). */
export const TrashFilter = z.object({
  query: z.string().max(200).optional(),
  cursor: CURSOR.optional(),
  limit: z.number().int().positive().max(TRASH_PAGE_MAX).optional(),
});
export type TrashFilter = z.infer<typeof TrashFilter>;
/** The same as a query string. */
export const TrashQuery = TrashFilter.extend({
  query: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().positive().max(TRASH_PAGE_MAX).default(TRASH_PAGE_DEFAULT),
});
export const TrashedContact = z.object({
  contact: Contact,
  /** Null when the contact's channel no longer exists. */
  channel: z.object({ id: Id, name: z.string(), kind: ChannelKind }).nullable(),
  conversationCount: z.number().int().nonnegative(),
});
export type TrashedContact = z.infer<typeof TrashedContact>;
export const TrashPage = z.object({ items: z.array(TrashedContact), nextCursor: z.string().nullable() });
export type TrashPage = z.infer<typeof TrashPage>;

/** `confirm` repeats the id of the contact to purge, so a request meant for another one cannot delete this one. */
export const PurgeContactRequest = z.object({ confirm: Id });
/** What a purge removed. */
export const PurgeResult = z.object({
  contactId: Id,
  conversations: z.number().int().nonnegative(),
  messages: z.number().int().nonnegative(),
  attachments: z.number().int().nonnegative(),
  /** Stored files no other message (or unused upload) needed any more, deleted from the hub's disk. */
  filesRemoved: z.number().int().nonnegative(),
});
export type PurgeResult = z.infer<typeof PurgeResult>;

// ───────────────────────────── client methods ─────────────────────────────
const Bytes = z.instanceof(Uint8Array);

export const CREDITS_TRASH_METHODS = {
  /** A page of a WhatsApp channel's credit ledger, newest first, filtered. */
  adminListCreditLedger: hubMethod({
    args: z.tuple([Id, LedgerFilter]),
    result: LedgerPage,
    call: (channelId, query) => ({
      method: 'GET',
      path: `api/channels/${segment(channelId)}/credits/ledger`,
      query: { ...query },
    }),
  }),
  /** Buys credits; refused with CANCELLATION_SCHEDULED while a cancellation is scheduled (FAQ 24). */
  adminTopUpCredits: hubMethod({
    args: z.tuple([Id, z.number().int().positive().max(1_000_000)]),
    result: Credits,
    call: (channelId, amount) => ({
      method: 'POST',
      path: `api/channels/${segment(channelId)}/credits/top-up`,
      body: { amount },
    }),
  }),
  adminSetCreditsCancellation: hubMethod({
    args: z.tuple([Id, z.boolean()]),
    result: Credits,
    call: (channelId, scheduled) => ({
      method: 'PUT',
      path: `api/channels/${segment(channelId)}/credits/cancellation`,
      body: { scheduled },
    }),
  }),
  /** The low-balance warning threshold; null turns the warning off. */
  adminSetCreditsThreshold: hubMethod({
    args: z.tuple([Id, ThresholdRequest.shape.threshold]),
    result: Credits,
    call: (channelId, threshold) => ({
      method: 'PUT',
      path: `api/channels/${segment(channelId)}/credits/threshold`,
      body: { threshold },
    }),
  }),
  adminGetClickToChat: hubMethod({
    args: z.tuple([Id]),
    result: ClickToChatLink,
    call: (channelId) => ({ method: 'GET', path: `api/channels/${segment(channelId)}/click-to-chat` }),
  }),
  /** The click-to-chat link as a QR code image, its bytes (PNG or SVG) as the hub serves them. */
  adminGetClickToChatQr: hubMethod({
    args: z.tuple([Id, QrFormat]),
    result: Bytes,
    call: (channelId, format) => ({
      method: 'GET',
      path: `api/channels/${segment(channelId)}/click-to-chat.${format}`,
      answer: 'bytes',
    }),
  }),
  adminListTrashedContacts: hubMethod({
    args: z.tuple([TrashFilter]),
    result: TrashPage,
    call: (query) => ({ method: 'GET', path: 'api/contacts/trash', query: { ...query } }),
  }),
  adminRestoreContact: hubMethod({
    args: z.tuple([Id]),
    result: Contact,
    call: (contactId) => ({ method: 'POST', path: `api/contacts/${segment(contactId)}/restore` }),
  }),
  /** Deletes a trashed contact for good, with its conversations, messages and files. */
  adminPurgeContact: hubMethod({
    args: z.tuple([Id]),
    result: PurgeResult,
    call: (contactId) => ({
      method: 'DELETE',
      path: `api/contacts/${segment(contactId)}`,
      body: { confirm: contactId },
    }),
  }),
} as const satisfies Record<string, HubMethod>;
