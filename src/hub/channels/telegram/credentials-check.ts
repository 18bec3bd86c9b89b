/**
 * Verifying a bot token before saving: `getMe` (Bot API) answers the bot's own
 * User; a wrong or revoked token answers 401 "Unauthorized". The bot id must
 * be the token's numeric prefix, which is the channel's identity.
 */
import { refused, refusedBy, verified } from '../verify-outcome.js';
import type { AdapterContext, VerifyOutcome } from '../types.js';
import { callTelegram } from './api.js';
import { telegramBotId, type TelegramCredentials } from './credentials.js';
import { TgUser } from './payload.js';

export async function verifyTelegramCredentials(
  credentials: TelegramCredentials,
  ctx: AdapterContext,
): Promise<VerifyOutcome> {
  const answer = await callTelegram(credentials, ctx, 'getMe', {}, TgUser);
  if (!answer.ok) return refusedBy('Telegram', answer.failure);
  const bot = answer.result;
  if (String(bot.id) !== telegramBotId(credentials)) {
    return refused(
      'Telegram',
      'PROVIDER_AUTH_FAILED',
      `getMe names bot ${bot.id}, not the token's ${telegramBotId(credentials)}`,
    );
  }
  const name = [bot.first_name, bot.last_name].filter((p) => p !== undefined).join(' ');
  return verified(bot.username === undefined ? name : `@${bot.username}`, {
    botId: String(bot.id),
    username: bot.username,
    name,
  });
}
