/**
 * Telegram Bot API adapter. Owns everything Telegram-shaped: the secret-token
 * check, Update parsing, the send methods and their errors, file downloads,
 * setWebhook and (in poller.ts) getUpdates long polling. It never touches the
 * store: the hub hands it requests and credentials and gets events back.
 */
import { AppError } from '../../../shared/errors.js';
import type { AdapterContext, ChannelAdapter, ClickToChat } from '../types.js';
import { callTelegram } from './api.js';
import { TelegramCredentials, telegramBotId } from './credentials.js';
import { verifyTelegramCredentials } from './credentials-check.js';
import { probeTelegramHealth } from './health-check.js';
import { telegramSetup } from './setup.js';
import { downloadTelegramMedia } from './media.js';
import { parseTelegramWebhook } from './parse.js';
import { TELEGRAM_ALLOWED_UPDATES, TelegramPoller } from './poller.js';
import { sendTelegramMessage } from './send.js';
import { verifyTelegramRequest } from './verify.js';
import { z } from 'zod';

/** Registers `webhookUrl` with Telegram; Telegram will send the secret token back on every call. */
async function registerTelegramWebhook(
  webhookUrl: string,
  credentials: TelegramCredentials,
  ctx: AdapterContext,
): Promise<void> {
  const body = {
    url: webhookUrl,
    secret_token: credentials.secretToken,
    allowed_updates: TELEGRAM_ALLOWED_UPDATES,
    // Keep what arrived while the hub had no webhook: it must not be lost (FAQ 18).
    drop_pending_updates: false,
  };
  const result = await callTelegram(credentials, ctx, 'setWebhook', body, z.unknown());
  if (!result.ok) throw new AppError(result.failure.code, `Telegram setWebhook: ${result.failure.providerError}`);
}

/**
 * Stops Telegram posting to the hub (the channel went to the trash). Updates then wait at Telegram —
 * "not kept longer than 24 hours" (Bot API, getUpdates) — and arrive once the webhook is set again.
 */
async function unregisterTelegramWebhook(credentials: TelegramCredentials, ctx: AdapterContext): Promise<void> {
  const result = await callTelegram(credentials, ctx, 'deleteWebhook', { drop_pending_updates: false }, z.unknown());
  if (!result.ok) throw new AppError(result.failure.code, `Telegram deleteWebhook: ${result.failure.providerError}`);
}

/** t.me link to the bot; the bot's @username is the channel's public handle. */
function telegramClickToChat(credentials: TelegramCredentials, handle: string | undefined): ClickToChat {
  const username = handle
    ?.replace(/^(https?:\/\/)?t\.me\//, '')
    .replace(/^@/, '')
    .trim();
  if (username) return { url: `https://t.me/${encodeURIComponent(username)}`, label: `@${username}` };
  // Without a username only the bot id is known; Telegram apps open tg://user links by id.
  const botId = telegramBotId(credentials);
  return { url: `tg://user?id=${botId}`, label: `Telegram bot ${botId}` };
}

export const telegramAdapter: ChannelAdapter<TelegramCredentials> = {
  kind: 'telegram',
  capabilities: {
    mediaByUrl: false,
    polling: { create: (options) => new TelegramPoller(options) },
  },
  credentialsSchema: TelegramCredentials,
  // Telegram posts one JSON-serialized Update per request (a text is at most 4,096 characters).
  webhook: { contentTypes: ['application/json'], maxBodyBytes: 1024 * 1024 },
  identityOf: telegramBotId,
  // Telegram has no GET handshake: setWebhook registers the URL.
  handshake: () => null,
  verify: (req, credentials) => verifyTelegramRequest(req, credentials),
  parse: (req) => parseTelegramWebhook(req),
  send: sendTelegramMessage,
  downloadMedia: downloadTelegramMedia,
  verifyCredentials: verifyTelegramCredentials,
  probeHealth: probeTelegramHealth,
  setup: telegramSetup,
  registerWebhook: registerTelegramWebhook,
  unregisterWebhook: unregisterTelegramWebhook,
  clickToChat: (credentials, settings) => telegramClickToChat(credentials, settings.publicHandle),
};
