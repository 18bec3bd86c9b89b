/**
 * Channel health as the hub keeps it (docs/hub.md, "Channel health"): the
 * facts it saw per channel, the status derived from them, and the hub-call
 * methods of the admin console that read them and ask for a check now. The
 * same schema is the `channel-health` socket push admins get on every change.
 * See src/shared/hub-calls.ts for the method table.
 */
import { z } from 'zod';
import { ChannelHealthSummary, ChannelKind, Id, Millis } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';

/** The last failure a provider answered: a send (each attempt) or an inbound media download. */
export const ProviderErrorFact = z.object({
  /** Our error code (src/shared/errors.ts), e.g. PROVIDER_AUTH_FAILED. */
  code: z.string().max(64),
  /** The provider's own code and words, e.g. "401 Unauthorized". */
  message: z.string().max(1000),
  source: z.enum(['send', 'download']),
  at: Millis,
});
export type ProviderErrorFact = z.infer<typeof ProviderErrorFact>;

/**
 * Whether the provider accepts the channel's credentials, asked with the same call as "verify before
 * saving": `valid`, `refused` (with the provider's code and words), `unreachable` (the provider could
 * not be asked: network, 5xx, rate limit) or `not-checked` yet.
 */
export const TokenFact = z.object({
  status: z.enum(['valid', 'refused', 'unreachable', 'not-checked']),
  code: z.string().max(64).nullable(),
  message: z.string().max(1000).nullable(),
  checkedAt: Millis.nullable(),
});
export type TokenFact = z.infer<typeof TokenFact>;

/** LINE `POST /v2/bot/channel/webhook/test`: what LINE got back when it called the webhook URL. */
export const WebhookTestFact = z.object({
  success: z.boolean(),
  /** The webhook's HTTP status; 0 or negative when LINE got no answer. */
  statusCode: z.number().int(),
  reason: z.string().max(500),
  detail: z.string().max(1000),
});
export type WebhookTestFact = z.infer<typeof WebhookTestFact>;

/**
 * Where the provider delivers, as it reports it: Telegram `getWebhookInfo` (url, pending updates, last
 * delivery error), LINE `GET /v2/bot/channel/webhook/endpoint` (endpoint, active) and its webhook test.
 * A Telegram channel of a hub without a public URL is long-polled: `mode: 'polling'`, nothing asked.
 */
export const WebhookFact = z.object({
  mode: z.enum(['webhook', 'polling']),
  /** The URL the provider posts to; null when none is set. */
  url: z.string().max(2048).nullable(),
  /** The URL this hub expects (SWITCHBOARD_PUBLIC_URL + /webhooks/:id); null without a public URL. */
  expectedUrl: z.string().max(2048).nullable(),
  /** LINE: whether webhook delivery is switched on; null where the provider does not say. */
  active: z.boolean().nullable(),
  /** Telegram: updates waiting for delivery. */
  pendingUpdateCount: z.number().int().nonnegative().nullable(),
  /** Telegram: the last error delivering to the URL, in its words. */
  lastErrorAt: Millis.nullable(),
  lastErrorMessage: z.string().max(1000).nullable(),
  test: WebhookTestFact.nullable(),
  checkedAt: Millis,
});
export type WebhookFact = z.infer<typeof WebhookFact>;

/** WhatsApp phone number fields `quality_rating`, `messaging_limit_tier` and `status`, as Graph names them. */
export const QualityFact = z.object({
  /** GREEN, YELLOW, RED, NA or UNKNOWN. */
  qualityRating: z.string().max(32).nullable(),
  /** TIER_50, TIER_250, TIER_1K, TIER_10K, TIER_100K or TIER_UNLIMITED. */
  messagingLimitTier: z.string().max(32).nullable(),
  /** CONNECTED, FLAGGED, RESTRICTED … */
  numberStatus: z.string().max(32).nullable(),
  checkedAt: Millis,
});
export type QualityFact = z.infer<typeof QualityFact>;

export const ChannelHealth = z.object({
  channelId: Id,
  kind: ChannelKind,
  ...ChannelHealthSummary.shape,
  /** The last time the provider delivered anything (a message, an event, a receipt). */
  lastInboundAt: Millis.nullable(),
  /** The last send the provider accepted. */
  lastSentAt: Millis.nullable(),
  /** Send attempts in a row that failed for the channel's sake (credentials, provider down), since the last success. */
  sendFailuresInRow: z.number().int().nonnegative(),
  lastError: ProviderErrorFact.nullable(),
  token: TokenFact,
  /** Null for kinds whose provider reports nothing about its webhook (WhatsApp, Twilio, WeChat), or not checked yet. */
  webhook: WebhookFact.nullable(),
  /** WhatsApp only; null otherwise or not checked yet. */
  quality: QualityFact.nullable(),
});
export type ChannelHealth = z.infer<typeof ChannelHealth>;

export const ChannelHealthList = z.object({ items: z.array(ChannelHealth) });

export const HEALTH_METHODS = {
  /** Every live channel's health (admins only). */
  adminListChannelHealth: hubMethod({
    args: z.tuple([]),
    result: ChannelHealthList.transform((page) => page.items),
    call: () => ({ method: 'GET', path: 'api/channels/health' }),
  }),
  /** One channel's health. */
  adminGetChannelHealth: hubMethod({
    args: z.tuple([Id]),
    result: ChannelHealth,
    call: (id) => ({ method: 'GET', path: `api/channels/${segment(id)}/health` }),
  }),
  /** Asks the provider now (token, webhook, number quality) and answers the health after it. */
  adminCheckChannelHealth: hubMethod({
    args: z.tuple([Id]),
    result: ChannelHealth,
    call: (id) => ({ method: 'POST', path: `api/channels/${segment(id)}/health/check` }),
  }),
} as const satisfies Record<string, HubMethod>;
