/**
 * WhatsApp through Twilio: the sender's configuration in the Twilio Console (Messaging → Senders →
 * WhatsApp senders, or the Sandbox settings) takes the URL for "A message comes in" (HTTP POST) and a
 * "Status callback URL"; both are the channel's webhook, which answers messages and receipts alike.
 * The hub also names that URL as StatusCallback on every message it sends.
 */
import type { WebhookSetup } from '../types.js';
import type { TwilioCredentials } from './credentials.js';

export const twilioSetup: WebhookSetup<TwilioCredentials> = {
  connection: 'console',
  events: ['A message comes in', 'Status callback URL'],
  pasteValues: (_credentials, webhookUrl) =>
    webhookUrl === null ? [] : [{ name: 'statusCallbackUrl', value: webhookUrl }],
};
