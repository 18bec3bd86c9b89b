/**
 * WhatsApp Cloud API setup: in the Meta App Dashboard (WhatsApp → Configuration → Webhook) the admin
 * enters the Callback URL and the Verify token — Meta checks both with the GET handshake at once —
 * then subscribes the WhatsApp Business Account's `messages` field (messages and status receipts),
 * `message_template_status_update` (template approvals) and `template_category_update` (Meta's
 * re-categorisation of a template). Meta only calls https URLs with a valid certificate.
 */
import type { WebhookSetup } from '../types.js';
import type { WhatsappCredentials } from './credentials.js';

export const whatsappSetup: WebhookSetup<WhatsappCredentials> = {
  connection: 'console',
  events: ['messages', 'message_template_status_update', 'template_category_update'],
  pasteValues: (credentials) => [{ name: 'verifyToken', value: credentials.verifyToken }],
};
