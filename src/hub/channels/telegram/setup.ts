/**
 * Telegram needs nothing pasted: with a public URL the hub calls setWebhook itself (with the secret
 * token and these update types), without one it long-polls getUpdates for the same types.
 */
import type { WebhookSetup } from '../types.js';
import type { TelegramCredentials } from './credentials.js';
import { TELEGRAM_ALLOWED_UPDATES } from './poller.js';

export const telegramSetup: WebhookSetup<TelegramCredentials> = {
  connection: 'registered',
  events: TELEGRAM_ALLOWED_UPDATES,
  pasteValues: () => [],
};
