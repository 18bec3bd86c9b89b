/**
 * WhatsApp number quality for channel health: `GET /{phone-number-id}` with
 * `fields=quality_rating,messaging_limit_tier,status` (Graph API
 * WhatsAppBusinessPhoneNumber). `quality_rating` is GREEN, YELLOW, RED (or NA
 * / UNKNOWN while Meta has too little data); `messaging_limit_tier` is how
 * many customers the number may start conversations with per 24 h (TIER_50 …
 * TIER_UNLIMITED); `status` is FLAGGED while low quality threatens the tier.
 * Meta reports nothing about webhook delivery to an API call, so there is no
 * webhook fact for WhatsApp.
 */
import { z } from 'zod';
import type { AdapterContext, ProviderHealthFacts } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';
import { graphCall } from './send.js';

const QUALITY_FIELDS = 'quality_rating,messaging_limit_tier,status';

const NumberQuality = z.looseObject({
  quality_rating: z.string().max(32).optional(),
  messaging_limit_tier: z.string().max(32).optional(),
  status: z.string().max(32).optional(),
});

export async function probeWhatsappHealth(
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<ProviderHealthFacts> {
  const query = new URLSearchParams({ fields: QUALITY_FIELDS });
  const answer = await graphCall(
    graphUrl(credentials, `${credentials.phoneNumberId}?${query.toString()}`),
    { method: 'GET' },
    NumberQuality,
    credentials,
    ctx,
  );
  if (!answer.ok) return {};
  return {
    quality: {
      qualityRating: answer.value.quality_rating ?? null,
      messagingLimitTier: answer.value.messaging_limit_tier ?? null,
      numberStatus: answer.value.status ?? null,
      checkedAt: ctx.now(),
    },
  };
}
