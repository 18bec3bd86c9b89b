/**
 * A LINE user's profile: `GET /v2/bot/profile/{userId}` answers `{ displayName, userId, language?,
 * pictureUrl?, statusMessage? }` (https://developers.line.biz/en/reference/messaging-api/#get-profile).
 * A user who has not added the account as a friend (or blocked it) answers 404: no profile, not a failure.
 * Group and room members have their own endpoints; the hub asks only about one-to-one users.
 */
import { z } from 'zod';
import { clip, unreachableFailure } from '../provider-call.js';
import type { AdapterContext, ProfileOutcome } from '../types.js';
import { getLine } from './api.js';
import type { LineCredentials } from './credentials.js';
import { describeLineError } from './errors.js';

const LineProfile = z.looseObject({
  displayName: z.string(),
  userId: z.string().optional(),
  pictureUrl: z.string().optional(),
  statusMessage: z.string().optional(),
  language: z.string().optional(),
});

export async function fetchLineProfile(
  userId: string,
  credentials: LineCredentials,
  ctx: AdapterContext,
): Promise<ProfileOutcome> {
  try {
    const answer = await getLine(credentials, ctx, `/v2/bot/profile/${encodeURIComponent(userId)}`);
    if (answer.status === 404) return { ok: true, profile: null };
    if (answer.status !== 200) {
      const retryable = answer.status >= 500 || answer.status === 429;
      return { ok: false, retryable, reason: `LINE: ${describeLineError(answer.status, answer.body)}` };
    }
    const profile = LineProfile.safeParse(answer.body);
    if (!profile.success) return { ok: false, retryable: false, reason: 'LINE: the profile answer has no displayName' };
    const name = clip(profile.data.displayName.trim(), 256);
    return {
      ok: true,
      profile: {
        name: name === '' ? null : name,
        pictureUrl: profile.data.pictureUrl ?? null,
        language: profile.data.language ? clip(profile.data.language.trim(), 35) : null,
      },
    };
  } catch (err) {
    return { ok: false, retryable: true, reason: unreachableFailure(err).providerError };
  }
}
