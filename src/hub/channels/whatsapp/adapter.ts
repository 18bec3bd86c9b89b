/**
 * WhatsApp Business Cloud API adapter (direct, Graph API). Owns Meta's webhook
 * format, signature, send API and error codes; must never touch the store.
 */
import { AppError } from '../../../shared/errors.js';
import type { ChannelAdapter } from '../types.js';
import { WhatsappCredentials } from './credentials.js';
import { verifyWhatsappCredentials } from './credentials-check.js';
import { probeWhatsappHealth } from './health-check.js';
import { whatsappSetup } from './setup.js';
import { downloadWhatsappMedia } from './media.js';
import { parseWhatsappWebhook } from './parse.js';
import { sendWhatsappMessage } from './send.js';
import { whatsappTemplates } from './templates-api.js';
import { verifyWhatsappRequest, whatsappHandshake } from './verify.js';

/** Digits of a phone number for wa.me links ("+81 90-1234-5678" → "819012345678"). */
function waMeDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

export const whatsappAdapter: ChannelAdapter<WhatsappCredentials> = {
  kind: 'whatsapp',
  capabilities: { mediaByUrl: false },
  credentialsSchema: WhatsappCredentials,
  // Meta: "Webhooks payloads can be up to 3MB", always JSON.
  webhook: { contentTypes: ['application/json'], maxBodyBytes: 3 * 1024 * 1024 },
  identityOf: (credentials) => credentials.phoneNumberId,
  handshake: (req, credentials) => whatsappHandshake(req, credentials),
  verify: (req, credentials) => verifyWhatsappRequest(req, credentials),
  parse: (req, credentials) => parseWhatsappWebhook(req, req.receivedAt, credentials.phoneNumberId),
  send: (message, credentials, ctx) => sendWhatsappMessage(message, credentials, ctx),
  templates: whatsappTemplates,
  verifyCredentials: verifyWhatsappCredentials,
  probeHealth: probeWhatsappHealth,
  setup: whatsappSetup,
  downloadMedia: (media, credentials, ctx, transfer) => downloadWhatsappMedia(media, credentials, ctx, transfer),
  clickToChat: (credentials, settings) => {
    const digits = waMeDigits(settings.publicHandle ?? credentials.displayPhoneNumber ?? '');
    if (digits.length < 6) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Set the channel’s public WhatsApp number (settings.publicHandle) to get a click-to-chat link.',
      );
    }
    return { url: `https://wa.me/${digits}`, label: `WhatsApp +${digits}` };
  },
};
