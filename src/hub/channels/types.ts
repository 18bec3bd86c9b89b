/**
 * The contract every provider adapter implements. An adapter owns one
 * provider's format: it verifies webhooks, parses them into InboundEvents,
 * sends outbound messages and maps provider errors to our codes. The rest of
 * the hub never sees a provider's payload.
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ChannelKind, MessageKind, MessageMeta } from '../../shared/domain.js';
import type { SetupValue } from '../../shared/channel-setup.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { QualityFact, WebhookFact } from '../../shared/admin/health.js';
import type { MediaTransfer } from './safe-fetch.js';
import type { ProviderTemplates, TemplateCategoryUpdate, TemplateStatusChange } from './template-types.js';
import type { TemplateContent } from '../../shared/template-slots.js';

/** A webhook request as the HTTP layer hands it over: raw bytes, never pre-parsed. */
export interface WebhookRequest {
  readonly method: 'GET' | 'POST';
  /** The public URL the provider called: SWITCHBOARD_PUBLIC_URL + path + query (Twilio signs it). */
  readonly publicUrl: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
  /** The hub's clock (ms) when the request arrived: signed timestamps are judged against it, never Date.now. */
  readonly receivedAt: number;
}

/**
 * What a provider's webhook POSTs look like, declared by its adapter so the
 * route refuses anything else before reading, verifying or parsing the body.
 */
export interface WebhookLimits {
  /** Media types (lower case, no parameters) the provider posts; any other is refused with 415. */
  readonly contentTypes: readonly string[];
  /** The largest body the provider sends, with room; a larger one is refused with 413 before it is read. */
  readonly maxBodyBytes: number;
}

/** What to answer the provider. */
export interface WebhookResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A provider's reference to media: fetched later by `downloadMedia`. */
export interface MediaRef {
  /** Provider media id (WhatsApp id, Telegram file_id, LINE message id, WeChat MediaId) or a URL (Twilio). */
  readonly ref: string;
  readonly mimeType: string | null;
  readonly fileName: string | null;
  readonly size: number | null;
}

export interface SenderInfo {
  /** wa_id, Telegram user id, LINE userId, WeChat openid, Twilio 'whatsapp:+…'. */
  readonly externalId: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly username: string | null;
  /** The customer's language when the provider tells it (BCP 47: Telegram `from.language_code`). */
  readonly language?: string;
}

export type InboundEvent =
  | {
      readonly type: 'message';
      readonly providerMessageId: string;
      readonly sender: SenderInfo;
      /**
       * Where the conversation lives when it is not the sender's private chat
       * (Telegram or LINE group id); null for one-to-one chats.
       */
      readonly threadKey: string | null;
      readonly kind: MessageKind;
      readonly text: string | null;
      readonly media: readonly MediaRef[];
      readonly meta: MessageMeta;
      readonly at: number;
      /** LINE reply token and its expiry, kept for the reply. */
      readonly replyToken: { readonly token: string; readonly expiresAt: number } | null;
    }
  | {
      /** The customer edited a message (Telegram edited_message). */
      readonly type: 'edit';
      readonly providerMessageId: string;
      readonly text: string | null;
      readonly at: number;
    }
  | {
      /** The customer unsent a message (LINE unsend). */
      readonly type: 'unsend';
      readonly providerMessageId: string;
      readonly at: number;
    }
  | {
      /** A delivery receipt for one of our outbound messages. */
      readonly type: 'status';
      readonly providerMessageId: string;
      readonly state: 'sent' | 'delivered' | 'read' | 'failed';
      readonly errorCode: ErrorCode | null;
      /** The provider's own code and words, kept for the failure reason. */
      readonly providerError: string | null;
      readonly at: number;
    };

export interface ParsedWebhook {
  readonly events: readonly InboundEvent[];
  /** Overrides the default `200 OK` answer (WeChat answers 'success'). */
  readonly response?: WebhookResponse;
  /** Entries of a batch that could not be read at all (logged by the route; the rest of the batch is kept). */
  readonly skipped?: readonly SkippedEntry[];
  /** Template status changes the provider reported (WhatsApp `message_template_status_update`). */
  readonly templateStatuses?: readonly TemplateStatusChange[];
  /** Template category changes the provider reported (WhatsApp `template_category_update`). */
  readonly templateCategories?: readonly TemplateCategoryUpdate[];
  /**
   * Events addressed to another identity of the same provider account (WhatsApp: another
   * `phone_number_id` of the same Meta app, FAQ 13): never stored on this channel; the route hands them
   * to the channel holding that identity, or drops them with a log line (docs/lifecycle.md).
   */
  readonly elsewhere?: readonly AddressedEvents[];
}

/** Events a webhook carried for one provider identity other than the receiving channel's. */
export interface AddressedEvents {
  readonly identity: string;
  readonly events: readonly InboundEvent[];
}

export interface SkippedEntry {
  /** Where in the body: `entry.0.changes.1.messages.2`, `events.3`. */
  readonly path: string;
  readonly reason: string;
}

export type VerifyResult =
  { readonly ok: true } | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

export interface OutboundMedia {
  readonly mimeType: string;
  readonly fileName: string;
  readonly size: number;
  readonly bytes: Buffer;
  /** A URL the provider can fetch the file from (LINE and Twilio send media by URL). */
  readonly publicUrl: string;
  /** For a video: a URL of its preview image, a PNG (LINE `previewImageUrl`); null or absent otherwise. */
  readonly posterUrl?: string | null;
}

export interface OutboundMessage {
  readonly messageId: string;
  /** The contact's provider id. */
  readonly to: string;
  /** Group id when the conversation is a group chat. */
  readonly threadKey: string | null;
  readonly kind: 'text' | 'attachment' | 'template';
  readonly text: string | null;
  readonly media: readonly OutboundMedia[];
  readonly template: {
    readonly name: string;
    readonly language: string;
    readonly params: readonly string[];
    readonly renderedBody: string;
    /** Header, body, footer and buttons, to place `params` where they belong (template-slots.ts). */
    readonly content: TemplateContent;
  } | null;
  readonly replyToProviderMessageId: string | null;
  /** A LINE reply token still valid now, if any. */
  readonly replyToken: string | null;
  /**
   * Where the provider should post delivery receipts for this message, when it
   * takes one per message (Twilio `StatusCallback`): the channel's webhook URL.
   */
  readonly statusCallbackUrl?: string | null;
}

export type SendResult =
  | {
      readonly ok: true;
      readonly providerMessageId: string;
      /** Further provider ids of the same message (Twilio: one SID per attachment); receipts arrive for each. */
      readonly extraProviderMessageIds?: string[];
    }
  | { readonly ok: false; readonly error: ProviderFailure };

export interface ProviderFailure {
  readonly code: ErrorCode;
  /** The provider's code and message, e.g. "131047 Re-engagement message". */
  readonly providerError: string;
  /** Transient failures (5xx, timeouts, rate limits) are retried with backoff. */
  readonly retryable: boolean;
  /** Provider-advised delay before retrying, when it gave one. */
  readonly retryAfterMs: number | null;
}

/**
 * A download as it starts: the media fetcher checks the announced size against
 * the channel's limit, then streams the body into the blob store, counting.
 */
export interface DownloadedMedia {
  /** The bytes as they arrive, read once; never buffered whole. */
  readonly body: Readable;
  /** Content-Length as the provider announced it, or null. */
  readonly declaredSize: number | null;
  /** The provider's own words, unsanitised (the attachment service cleans what it stores). */
  readonly mimeType: string;
  readonly fileName: string | null;
}

/** What an adapter may use from the hub: HTTP, time and a small per-channel key-value cache. */
export interface AdapterContext {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Per-channel cache for access tokens (WeChat) and the like. */
  readonly cache: {
    get(key: string): string | null;
    set(key: string, value: string, ttlMs: number): void;
  };
  /**
   * On several hub nodes (Postgres): one token per channel shared by every node, because a new one invalidates
   * the old (WeChat). Returns the stored token unless it expired or is `stale`; then the one node holding the
   * token's lease calls `fetchFresh` and stores it, and the others wait for it. Absent on one node.
   */
  readonly sharedToken?: (
    name: string,
    fetchFresh: () => Promise<SharedTokenFetch>,
    stale: string | null,
  ) => Promise<SharedTokenAnswer>;
}

export type SharedTokenFetch =
  | { readonly ok: true; readonly value: string; readonly ttlMs: number }
  | { readonly ok: false; readonly failure: ProviderFailure };
export type SharedTokenAnswer =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly failure: ProviderFailure };

/**
 * What the provider said about credentials before a channel is saved: who they
 * belong to, or its refusal in words ("Telegram: 401 Unauthorized").
 */
export type VerifyOutcome =
  | {
      readonly ok: true;
      readonly identity: { readonly label: string; readonly details: Readonly<Record<string, string>> };
    }
  | { readonly ok: false; readonly code: ErrorCode; readonly reason: string };

/**
 * How the provider reaches the hub and what an admin sets in its console after saving a channel
 * (GET /api/channels/:id/setup). Each adapter declares its own, so the setup screen names no provider.
 */
export interface WebhookSetup<C> {
  /** `console`: the admin pastes the webhook URL; `registered`: the hub registers it (or polls without one). */
  readonly connection: 'console' | 'registered';
  /** The provider's own names of the events or webhook fields to subscribe to (or that the hub registers). */
  readonly events: readonly string[];
  /** What else goes into the console, from the saved credentials; `webhookUrl` is null without a public URL. */
  pasteValues(credentials: C, webhookUrl: string | null): readonly SetupValue[];
}

export interface ClickToChat {
  readonly url: string;
  readonly label: string;
}

/** How the hub is linked to the provider, for a health probe. */
export interface HealthProbeLink {
  /** The webhook URL this hub expects the provider to post to; null without SWITCHBOARD_PUBLIC_URL. */
  readonly webhookUrl: string | null;
  /** The hub long-polls this channel (Telegram without a public URL): there is no webhook to ask about. */
  readonly polling: boolean;
}

/**
 * What a provider reports about a channel beyond its credentials (docs/hub.md, "Channel health"). A fact
 * left out could not be asked this time and keeps its last value.
 */
export interface ProviderHealthFacts {
  readonly webhook?: WebhookFact;
  readonly quality?: QualityFact;
}

/** What the provider says about a customer (LINE profile, WeChat user info); names may be missing. */
export interface ProviderProfile {
  readonly name: string | null;
  /** A picture on the provider's own host, or null. */
  readonly pictureUrl: string | null;
  /** The customer's language (BCP 47, LINE `language`), when the provider tells it. */
  readonly language?: string | null;
}

/**
 * A profile lookup's result: the profile, `null` when the provider has none for this customer (a LINE
 * user who has not added the bot, a WeChat user who does not follow), or a failure worth retrying or not.
 */
export type ProfileOutcome =
  | { readonly ok: true; readonly profile: ProviderProfile | null }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string };

/** One channel's long polling (Telegram getUpdates), started and stopped by the provider runtime. */
export interface ChannelPoller {
  readonly running: boolean;
  start(): void;
  stop(): Promise<void>;
}

/** What a poller is given: where its events go and, on several nodes, where its confirmed offset is kept. */
export interface PollerOptions<C> {
  readonly credentials: C;
  readonly fetch: typeof fetch;
  /** Stores one update's events; the update is confirmed to the provider only after this resolves. */
  readonly onEvents: (events: readonly InboundEvent[]) => Promise<void>;
  /** Where to start: what the bot's previous poller (another node) confirmed up to. */
  readonly initialOffset: number | null;
  /** Keeps the confirmed offset for the next poller; false means this one must stop (its node lost the bot). */
  readonly onOffset?: (offset: number) => Promise<boolean>;
  readonly logger: { warn(details: Record<string, unknown>, message: string): void };
  readonly pollTimeoutSeconds?: number;
}

/**
 * What sets a provider apart, declared by its adapter, so the provider runtime (src/hub/providers/) never
 * asks for a kind by name.
 */
export interface AdapterCapabilities<C> {
  /** The provider fetches outbound attachments from a URL (LINE, Twilio): without a public hub URL it cannot. */
  readonly mediaByUrl: boolean;
  /** Long polling for a hub without a public URL (Telegram getUpdates): one poller per bot across the nodes. */
  readonly polling?: { create(options: PollerOptions<C>): ChannelPoller };
}

export interface ChannelAdapter<C = unknown> {
  readonly kind: ChannelKind;
  readonly capabilities: AdapterCapabilities<C>;
  /** Validates credentials at channel creation (with optional `apiBaseUrl`). */
  readonly credentialsSchema: z.ZodType<C>;
  readonly webhook: WebhookLimits;
  /** The credential that names the provider identity; it can never change (FAQ 33, 36). */
  identityOf(credentials: C): string;
  /** GET handshakes (WhatsApp hub.challenge, WeChat echostr); null when the kind has none. */
  handshake(req: WebhookRequest, credentials: C): WebhookResponse | null;
  /**
   * Judges the signature (and a signed timestamp by `req.receivedAt`). Throws a VALIDATION_FAILED AppError
   * when the body must be decoded to verify and cannot be (a Twilio form over its cap, malformed safe-mode XML).
   */
  verify(req: WebhookRequest, credentials: C): VerifyResult;
  /** Throws a VALIDATION_FAILED AppError for a malformed body. */
  parse(req: WebhookRequest, credentials: C): ParsedWebhook;
  send(message: OutboundMessage, credentials: C, ctx: AdapterContext): Promise<SendResult>;
  /** Starts a download through `transfer`, which fetches only what the adapter's rules allow (safe-fetch.ts). */
  downloadMedia(
    media: MediaRef,
    credentials: C,
    ctx: AdapterContext,
    transfer: MediaTransfer,
  ): Promise<DownloadedMedia>;
  /** Asks the provider whom the credentials belong to; read-only, never changes the account. */
  verifyCredentials(credentials: C, ctx: AdapterContext): Promise<VerifyOutcome>;
  /**
   * Webhook status and number quality where the provider reports them (Telegram getWebhookInfo, LINE
   * webhook endpoint and test, WhatsApp phone number quality); read-only. Kinds that report nothing omit it.
   */
  probeHealth?(credentials: C, ctx: AdapterContext, link: HealthProbeLink): Promise<ProviderHealthFacts>;
  /** The provider keeps the templates (WhatsApp Business Account): listed, submitted and approved there. */
  readonly templates?: ProviderTemplates<C>;
  /**
   * Asks the provider for a one-to-one customer's profile (docs/hub.md, "Contact profiles"). Kinds whose
   * webhooks carry the name already (Telegram, WhatsApp, Twilio) omit it.
   */
  fetchProfile?(externalId: string, credentials: C, ctx: AdapterContext): Promise<ProfileOutcome>;
  /** Registers the webhook with the provider where it allows it (Telegram setWebhook). */
  registerWebhook?(webhookUrl: string, credentials: C, ctx: AdapterContext): Promise<void>;
  /**
   * Takes the registration back (Telegram deleteWebhook) while the channel is in the trash; what the
   * provider holds for us meanwhile stays with it until the channel is registered again.
   */
  unregisterWebhook?(credentials: C, ctx: AdapterContext): Promise<void>;
  readonly setup: WebhookSetup<C>;
  clickToChat(credentials: C, settings: { publicHandle?: string | undefined }): ClickToChat;
  /** When the link needs a provider call (WeChat's account QR); preferred over clickToChat when present. */
  clickToChatAsync?(
    credentials: C,
    settings: { publicHandle?: string | undefined },
    ctx: AdapterContext,
  ): Promise<ClickToChat>;
}
