/**
 * Verifying Cloud API credentials before saving:
 * `GET /{phone-number-id}?fields=display_phone_number,verified_name,quality_rating`
 * with the access token answers the business number as customers see it;
 * a bad token answers Graph error 190, a number id the token cannot see 100.
 * The app secret and verify token are only used by webhooks: no call checks them.
 */
import { z } from 'zod';
import { refused, refusedBy, verified } from '../verify-outcome.js';
import type { AdapterContext, VerifyOutcome } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';
import { graphCall } from './send.js';

const PHONE_NUMBER_FIELDS = 'display_phone_number,verified_name,quality_rating';

const PhoneNumber = z.looseObject({
  id: z.string(),
  display_phone_number: z.string(),
  verified_name: z.string(),
  quality_rating: z.string().optional(),
});

export async function verifyWhatsappCredentials(
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<VerifyOutcome> {
  const query = new URLSearchParams({ fields: PHONE_NUMBER_FIELDS });
  const answer = await graphCall(
    graphUrl(credentials, `${credentials.phoneNumberId}?${query.toString()}`),
    { method: 'GET' },
    PhoneNumber,
    credentials,
    ctx,
  );
  if (!answer.ok) return refusedBy('WhatsApp', answer.error);
  const number = answer.value;
  if (number.id !== credentials.phoneNumberId) {
    return refused(
      'WhatsApp',
      'PROVIDER_REJECTED',
      `Graph answered for ${number.id}, not ${credentials.phoneNumberId}`,
    );
  }
  return verified(`${number.verified_name} (${number.display_phone_number})`, {
    displayPhoneNumber: number.display_phone_number,
    verifiedName: number.verified_name,
    qualityRating: number.quality_rating,
    phoneNumberId: number.id,
  });
}
