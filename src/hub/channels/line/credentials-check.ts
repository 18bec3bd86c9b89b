/**
 * Verifying LINE credentials before saving: `GET /v2/bot/info` answers the
 * bot's userId, basicId (@…) and displayName; a wrong channel access token
 * answers 401. When a channel id is given (it is then the channel's
 * identity), `GET /oauth2/v2.1/verify?access_token=` must name the same
 * channel in `client_id`, so a token of another channel is not saved under it.
 * The channel secret only signs webhooks: no API call can check it.
 */
import { z } from 'zod';
import { unreachableFailure } from '../provider-call.js';
import { refused, refusedBy, verified } from '../verify-outcome.js';
import type { AdapterContext, VerifyOutcome } from '../types.js';
import { getLine } from './api.js';
import type { LineCredentials } from './credentials.js';
import { mapLineFailure } from './errors.js';

const BotInfo = z.looseObject({
  userId: z.string(),
  basicId: z.string(),
  displayName: z.string(),
  premiumId: z.string().optional(),
  chatMode: z.string().optional(),
});
const TokenInfo = z.looseObject({ client_id: z.string(), expires_in: z.number() });
const OAuthError = z.looseObject({ error: z.string(), error_description: z.string().optional() });

async function checkChannelId(
  credentials: LineCredentials,
  channelId: string,
  ctx: AdapterContext,
): Promise<VerifyOutcome | null> {
  const query = new URLSearchParams({ access_token: credentials.channelAccessToken });
  const answer = await getLine(credentials, ctx, `/oauth2/v2.1/verify?${query.toString()}`);
  const info = TokenInfo.safeParse(answer.body);
  if (answer.status === 200 && info.success) {
    if (info.data.client_id === channelId) return null;
    return refused(
      'LINE',
      'PROVIDER_AUTH_FAILED',
      `the access token belongs to channel ${info.data.client_id}, not ${channelId}`,
    );
  }
  // The OAuth endpoint answers `{ error, error_description }` ("invalid_request", "access token expired").
  const error = OAuthError.safeParse(answer.body);
  if (error.success && answer.status === 400) {
    return refused(
      'LINE',
      'PROVIDER_AUTH_FAILED',
      `${answer.status} ${error.data.error_description ?? error.data.error}`,
    );
  }
  return refusedBy('LINE', mapLineFailure(answer.status, answer.body));
}

export async function verifyLineCredentials(credentials: LineCredentials, ctx: AdapterContext): Promise<VerifyOutcome> {
  try {
    const answer = await getLine(credentials, ctx, '/v2/bot/info');
    if (answer.status !== 200) return refusedBy('LINE', mapLineFailure(answer.status, answer.body));
    const bot = BotInfo.safeParse(answer.body);
    if (!bot.success) return refused('LINE', 'PROVIDER_REJECTED', 'unexpected /v2/bot/info answer');
    if (credentials.channelId !== undefined) {
      const mismatch = await checkChannelId(credentials, credentials.channelId, ctx);
      if (mismatch) return mismatch;
    }
    return verified(bot.data.displayName, {
      displayName: bot.data.displayName,
      basicId: bot.data.basicId,
      premiumId: bot.data.premiumId,
      userId: bot.data.userId,
      channelId: credentials.channelId,
    });
  } catch (err) {
    return refusedBy('LINE', unreachableFailure(err));
  }
}
