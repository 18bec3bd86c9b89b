/** WhatsApp-through-Twilio channel credentials, checked when the channel is created. */
import { z } from 'zod';

export const TWILIO_API_BASE_URL = 'https://api.twilio.com';
export const TWILIO_API_VERSION = '2010-04-01';
/** Twilio addresses WhatsApp users as `whatsapp:+<E.164>`. */
export const WHATSAPP_PREFIX = 'whatsapp:';

export const TwilioCredentials = z
  .object({
    /** Account SID: "AC" + 32 hex digits. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an Account SID starts with AC followed by 32 hex digits'),
    /** Auth token: basic-auth password for the REST API and the key of X-Twilio-Signature. */
    authToken: z.string().min(1).max(256),
    /** The WhatsApp sender, e.g. `whatsapp:+14155238886`. */
    from: z.string().regex(/^whatsapp:\+\d{6,15}$/, 'a WhatsApp sender looks like whatsapp:+14155238886'),
    /** Replaces https://api.twilio.com (tests, staging). */
    apiBaseUrl: z.string().url().optional(),
  })
  .strict();
export type TwilioCredentials = z.infer<typeof TwilioCredentials>;

export function twilioBase(credentials: TwilioCredentials): string {
  return (credentials.apiBaseUrl ?? TWILIO_API_BASE_URL).replace(/\/+$/, '');
}

export function basicAuth(credentials: TwilioCredentials): string {
  return `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
}

/** `whatsapp:+819012345678` for any of "+819012345678", "819012345678" or the prefixed form. */
export function toWhatsappAddress(to: string): string {
  if (to.startsWith(WHATSAPP_PREFIX)) return to;
  const digits = to.replace(/[^\d]/g, '');
  return `${WHATSAPP_PREFIX}+${digits}`;
}
