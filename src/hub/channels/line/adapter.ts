/**
 * LINE Messaging API adapter. Owns everything LINE-shaped: the X-Line-Signature
 * check, webhook event parsing, reply/push sends with their errors and the
 * content API. It never touches the store.
 */
import { AppError } from '../../../shared/errors.js';
import type { ChannelAdapter, ClickToChat } from '../types.js';
import { LineCredentials, lineIdentity } from './credentials.js';
import { verifyLineCredentials } from './credentials-check.js';
import { probeLineHealth } from './health-check.js';
import { lineSetup } from './setup.js';
import { downloadLineMedia } from './media.js';
import { parseLineWebhook } from './parse.js';
import { fetchLineProfile } from './profile.js';
import { sendLineMessage } from './send.js';
import { verifyLineRequest } from './verify.js';

/** LINE's add-friend URL takes the account's basic id, "@" included and percent-encoded (https://line.me/R/ti/p/%40abc1234x). */
function lineClickToChat(handle: string | undefined): ClickToChat {
  const basicId = handle?.replace(/^https?:\/\/line\.me\/R\/ti\/p\//, '').trim();
  if (!basicId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Set the LINE Official Account basic ID (e.g. @abc1234x) as the channel public handle.',
    );
  }
  const id = basicId.startsWith('@') ? basicId : `@${basicId}`;
  return { url: `https://line.me/R/ti/p/${encodeURIComponent(id)}`, label: `LINE ${id}` };
}

export const lineAdapter: ChannelAdapter<LineCredentials> = {
  kind: 'line',
  capabilities: { mediaByUrl: true },
  credentialsSchema: LineCredentials,
  // LINE posts JSON and documents no size; a batch of its events (a text is at most 5,000 characters) fits 1 MiB.
  webhook: { contentTypes: ['application/json'], maxBodyBytes: 1024 * 1024 },
  identityOf: lineIdentity,
  // LINE has no GET handshake: its console "Verify" button POSTs a signed body with no events.
  handshake: () => null,
  verify: (req, credentials) => verifyLineRequest(req, credentials),
  parse: (req) => parseLineWebhook(req),
  send: sendLineMessage,
  verifyCredentials: verifyLineCredentials,
  probeHealth: probeLineHealth,
  setup: lineSetup,
  downloadMedia: downloadLineMedia,
  fetchProfile: fetchLineProfile,
  clickToChat: (_credentials, settings) => lineClickToChat(settings.publicHandle),
};
