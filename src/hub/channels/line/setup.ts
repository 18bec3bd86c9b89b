/**
 * LINE Developers Console → the Messaging API channel → Messaging API tab: Webhook URL (Edit, then
 * Verify: LINE posts `events: []`, which the hub answers 200) and "Use webhook" on. LINE offers no
 * choice of events; it sends every kind to the one URL, these being the ones the hub reads. LINE
 * requires https with a certificate from a public authority.
 */
import type { WebhookSetup } from '../types.js';
import type { LineCredentials } from './credentials.js';

export const lineSetup: WebhookSetup<LineCredentials> = {
  connection: 'console',
  events: ['message', 'follow', 'unfollow', 'join', 'leave', 'memberJoined', 'memberLeft', 'postback', 'unsend'],
  pasteValues: () => [],
};
