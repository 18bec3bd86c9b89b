/**
 * What an admin does in the provider's console after saving a channel
 * (GET /api/channels/:id/setup): the values to paste, the events or webhook
 * fields to subscribe to, how the provider reaches the hub, and what is wrong
 * with the hub's public URL. The hub sends names and values; the admin screen
 * words them in Japanese or English.
 */
import { z } from 'zod';
import { ChannelKind, Id } from './domain.js';

export const SETUP_VALUE_NAMES = [
  /** Where the provider posts: SWITCHBOARD_PUBLIC_URL + /webhooks/:channelId. */
  'webhookUrl',
  /** Twilio's "Status callback URL": the same address (receipts and messages share the route). */
  'statusCallbackUrl',
  /** WhatsApp: Meta's "Verify token" field (the GET handshake's hub.verify_token). */
  'verifyToken',
  /** WeChat: 令牌 (Token) of 服务器配置. */
  'serverToken',
  /** WeChat: EncodingAESKey of 服务器配置 (safe mode). */
  'encodingAESKey',
  /** WeChat: 消息加解密方式 — `safe` (安全模式) with an EncodingAESKey, else `plaintext` (明文模式). */
  'encryptionMode',
] as const;
export const SetupValueName = z.enum(SETUP_VALUE_NAMES);
export type SetupValueName = z.infer<typeof SetupValueName>;

export const SetupValue = z.object({ name: SetupValueName, value: z.string().max(2048) });
export type SetupValue = z.infer<typeof SetupValue>;

/**
 * How messages reach the hub: `console-webhook` — the admin pastes the webhook URL in the provider's
 * console; `hub-webhook` — the hub registered it itself (Telegram setWebhook); `long-polling` — the hub
 * has no public URL and asks the provider for updates (Telegram getUpdates).
 */
export const ChannelConnection = z.enum(['console-webhook', 'hub-webhook', 'long-polling']);
export type ChannelConnection = z.infer<typeof ChannelConnection>;

/** `missing`: no SWITCHBOARD_PUBLIC_URL, providers cannot reach the hub; `not-https`: providers refuse http. */
export const PublicUrlProblem = z.enum(['missing', 'not-https']);
export type PublicUrlProblem = z.infer<typeof PublicUrlProblem>;

/** The docs section an admin reads to put the hub behind TLS; cited by the public-URL warning. */
export const REVERSE_PROXY_DOCS = 'docs/hub.md → Running behind a reverse proxy';

export const ChannelSetup = z.object({
  channelId: Id,
  kind: ChannelKind,
  connection: ChannelConnection,
  /** Null without a public URL: there is nothing a provider could post to. */
  webhookUrl: z.string().max(2048).nullable(),
  /** What to paste where, in the order the provider's console asks for it (webhookUrl first). */
  values: z.array(SetupValue),
  /** The provider's own names of what to subscribe to (WhatsApp webhook fields, LINE event types …). */
  events: z.array(z.string().max(100)),
  publicUrl: z.string().max(2048).nullable(),
  publicUrlProblem: PublicUrlProblem.nullable(),
  reverseProxyDocs: z.string().max(200),
});
export type ChannelSetup = z.infer<typeof ChannelSetup>;
