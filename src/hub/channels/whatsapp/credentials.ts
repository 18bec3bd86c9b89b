/** WhatsApp Cloud API channel credentials, checked when the channel is created. */
import { z } from 'zod';

/** Graph API version the adapter speaks; Meta keeps each version for about two years. */
const GRAPH_VERSION = 'v21.0';
const GRAPH_BASE_URL = 'https://graph.facebook.com';

export const WhatsappCredentials = z
  .object({
    /** System-user or permanent access token (sent as `Authorization: Bearer`). */
    accessToken: z.string().min(1).max(2048),
    /** App secret: the key of the X-Hub-Signature-256 HMAC. */
    appSecret: z.string().min(1).max(256),
    /** The token Meta echoes in the GET verification handshake (`hub.verify_token`). */
    verifyToken: z.string().min(1).max(256),
    /** Graph id of the business phone number (not the number itself). */
    phoneNumberId: z.string().regex(/^\d{1,32}$/, 'digits only'),
    /**
     * WhatsApp Business Account id: the templates live there (`/{waba-id}/message_templates`). Optional so
     * channels saved before keep working; without it templates cannot be synced (TEMPLATES_NEED_WABA_ID).
     */
    wabaId: z
      .string()
      .regex(/^\d{1,32}$/, 'digits only')
      .optional(),
    /** The Meta app id: only needed to upload a media header's sample (`POST /{app-id}/uploads`). */
    appId: z
      .string()
      .regex(/^\d{1,32}$/, 'digits only')
      .optional(),
    /** The number customers see, digits only, for click-to-chat (optional; settings.publicHandle wins). */
    displayPhoneNumber: z
      .string()
      .regex(/^\+?\d{6,15}$/)
      .optional(),
    /** Replaces https://graph.facebook.com (tests, staging). */
    apiBaseUrl: z.string().url().optional(),
  })
  .strict();
export type WhatsappCredentials = z.infer<typeof WhatsappCredentials>;

export function graphUrl(credentials: WhatsappCredentials, path: string): string {
  const base = (credentials.apiBaseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  return `${base}/${GRAPH_VERSION}/${path}`;
}
