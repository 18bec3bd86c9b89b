/**
 * Telegram channel credentials. The bot token's numeric prefix is the bot id,
 * which names the channel's identity (FAQ 33, 36: it never changes).
 */
import { z } from 'zod';

/** Bot API: "secret_token … 1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed." */
const TELEGRAM_SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export const TelegramCredentials = z.object({
  /** From @BotFather: `<bot id>:<secret>`. */
  botToken: z.string().regex(/^\d{1,20}:[A-Za-z0-9_-]{1,200}$/, 'a bot token looks like 123456789:AAE…'),
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token on every webhook call. */
  secretToken: z.string().regex(TELEGRAM_SECRET_TOKEN, '1–256 characters from A-Z a-z 0-9 _ -'),
  /** Replaces https://api.telegram.org (tests, staging). */
  apiBaseUrl: z.string().url().optional(),
});
export type TelegramCredentials = z.infer<typeof TelegramCredentials>;

export function telegramBotId(credentials: TelegramCredentials): string {
  return credentials.botToken.split(':')[0] ?? credentials.botToken;
}
