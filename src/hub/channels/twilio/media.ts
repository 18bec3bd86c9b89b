/**
 * Inbound Twilio media: `MediaUrl{n}` points at the Media resource under
 * api.twilio.com, which needs basic auth (when media protection is on) and
 * redirects to the file. With `apiBaseUrl` set, the api.twilio.com host is
 * replaced by it so tests and staging never reach Twilio.
 */
import { AppError } from '../../../shared/errors.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch } from '../provider-call.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { basicAuth, TWILIO_API_BASE_URL, twilioBase, type TwilioCredentials } from './credentials.js';

function twilioMediaUrl(ref: string, credentials: TwilioCredentials): string {
  return ref.startsWith(TWILIO_API_BASE_URL)
    ? `${twilioBase(credentials)}${ref.slice(TWILIO_API_BASE_URL.length)}`
    : ref;
}

export async function downloadTwilioMedia(
  media: MediaRef,
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<DownloadedMedia> {
  const url = twilioMediaUrl(media.ref, credentials);
  // Only our own API host gets the credentials: never send the auth token elsewhere.
  const trusted = url.startsWith(twilioBase(credentials));
  let res: Response;
  try {
    res = await providerFetch(
      ctx,
      url,
      { headers: trusted ? { authorization: basicAuth(credentials) } : {} },
      MEDIA_TRANSFER_TIMEOUT_MS,
    );
  } catch (err) {
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `Twilio media: ${String(err)}`.slice(0, 500));
  }
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `Twilio media: HTTP ${res.status} ${detail}`.trim(), {
      status: res.status,
    });
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  const mimeType = media.mimeType ?? res.headers.get('content-type') ?? 'application/octet-stream';
  return { bytes, mimeType, fileName: media.fileName };
}
