/**
 * Twilio's webhook body: `application/x-www-form-urlencoded`, a name may
 * repeat. Decoded in one linear pass, after the parameters are counted: a
 * WhatsApp message or status callback carries a few dozen (each of up to ten
 * media adds two), so a body with more is refused before any decoding or HMAC.
 */
import { AppError } from '../../../shared/errors.js';

/** Twilio's incoming-message and status-callback references list well under 100 parameters; room for new ones. */
export const TWILIO_MAX_FORM_PARAMETERS = 256;

/** Form parameters as Twilio posted them, values in order of arrival. */
export type TwilioParams = ReadonlyMap<string, readonly string[]>;

/** Counts `&`-separated fields without decoding anything; stops as soon as the cap is passed. */
function exceedsParameterCap(text: string): boolean {
  let fields = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    fields += 1;
    if (fields > TWILIO_MAX_FORM_PARAMETERS) return true;
  }
  return false;
}

/** Throws VALIDATION_FAILED when the body has more fields than Twilio sends. */
export function parseTwilioForm(rawBody: Buffer): TwilioParams {
  const text = rawBody.toString('utf8');
  if (exceedsParameterCap(text)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A Twilio webhook has at most ${TWILIO_MAX_FORM_PARAMETERS} form parameters; this body has more.`,
    );
  }
  const params = new Map<string, string[]>();
  // Appending in place keeps this linear; copying each name's array per value made 40,000 fields take seconds.
  for (const [name, value] of new URLSearchParams(text)) {
    const values = params.get(name);
    if (values) values.push(value);
    else params.set(name, [value]);
  }
  return params;
}
