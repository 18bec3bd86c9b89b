/**
 * WhatsApp through Twilio adapter. Owns Twilio's form webhooks (messages and
 * status callbacks on one URL), request signature, Messages API and error
 * codes; must never touch the store.
 */
import type { ChannelAdapter } from '../types.js';
import { WHATSAPP_PREFIX, TwilioCredentials } from './credentials.js';
import { verifyTwilioCredentials } from './credentials-check.js';
import { twilioSetup } from './setup.js';
import { downloadTwilioMedia } from './media.js';
import { parseTwilioWebhook } from './parse.js';
import { sendTwilioMessage } from './send.js';
import { verifyTwilioRequest } from './verify.js';

export const twilioAdapter: ChannelAdapter<TwilioCredentials> = {
  kind: 'twilio',
  capabilities: { mediaByUrl: true },
  credentialsSchema: TwilioCredentials,
  // Messaging webhooks are form posts (JSON ones belong to other Twilio products). Twilio documents no size:
  // a WhatsApp text is at most 4,096 characters, percent-encoded at most ~48 KB, plus a few dozen short fields.
  webhook: { contentTypes: ['application/x-www-form-urlencoded'], maxBodyBytes: 128 * 1024 },
  identityOf: (credentials) => credentials.from,
  // Twilio has no GET handshake: the webhook URL is set in the Twilio console.
  handshake: () => null,
  verify: (req, credentials) => verifyTwilioRequest(req, credentials),
  parse: (req) => parseTwilioWebhook(req),
  send: (message, credentials, ctx) => sendTwilioMessage(message, credentials, ctx),
  verifyCredentials: verifyTwilioCredentials,
  setup: twilioSetup,
  downloadMedia: (media, credentials, _ctx, transfer) => downloadTwilioMedia(media, credentials, transfer),
  clickToChat: (credentials, settings) => {
    const number = settings.publicHandle ?? credentials.from.slice(WHATSAPP_PREFIX.length);
    const digits = number.replace(/\D/g, '');
    return { url: `https://wa.me/${digits}`, label: `WhatsApp +${digits}` };
  },
};
