/**
 * Telegram webhook authentication. Telegram does not sign the body: setWebhook
 * takes a `secret_token` and Telegram sends it back in
 * `X-Telegram-Bot-Api-Secret-Token` on every call. Compare in constant time;
 * a missing or different header is refused (aiogram answers 401 too).
 */
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest } from '../types.js';
import type { TelegramCredentials } from './credentials.js';

const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export function verifyTelegramRequest(req: WebhookRequest, credentials: TelegramCredentials): VerifyResult {
  const received = req.headers[TELEGRAM_SECRET_HEADER];
  if (received === undefined || received === '') {
    return { ok: false, status: 401, reason: 'missing X-Telegram-Bot-Api-Secret-Token' };
  }
  if (!safeEqual(credentials.secretToken, received)) {
    return { ok: false, status: 401, reason: 'X-Telegram-Bot-Api-Secret-Token does not match' };
  }
  return { ok: true };
}
