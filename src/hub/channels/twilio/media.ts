/**
 * Inbound Twilio media: `MediaUrl{n}` points at the Media resource on
 * api.twilio.com, which needs basic auth (when media protection is on) and
 * redirects to the file on Twilio's CDN. With `apiBaseUrl` set, a URL on the
 * api.twilio.com origin is moved onto it so tests and staging never reach
 * Twilio. The credentials go only to that API origin, compared as parsed
 * origins (a host like api.twilio.com.attacker.example is someone else).
 */
import { AppError } from '../../../shared/errors.js';
import { contentTypeOf, downloaded, openMedia, readSmallBody } from '../media-download.js';
import { configuredOrigins, TWILIO_MEDIA_HOSTS, TWILIO_MEDIA_REDIRECT_HOSTS } from '../media-hosts.js';
import type { FetchRules, MediaTransfer } from '../safe-fetch.js';
import type { DownloadedMedia, MediaRef } from '../types.js';
import { basicAuth, TWILIO_API_BASE_URL, twilioBase, type TwilioCredentials } from './credentials.js';

const TWILIO_ORIGIN = new URL(TWILIO_API_BASE_URL).origin;

/** The Media URL, moved from api.twilio.com onto `apiBaseUrl` when one is set; other URLs stay as they are. */
function twilioMediaUrl(ref: string, credentials: TwilioCredentials): string {
  if (credentials.apiBaseUrl === undefined || !URL.canParse(ref)) return ref;
  const url = new URL(ref);
  if (url.origin !== TWILIO_ORIGIN) return ref;
  return `${twilioBase(credentials)}${url.pathname}${url.search}`;
}

/** Where Twilio media may be fetched from, and where the account's credentials may go. */
export function twilioMediaRules(credentials: TwilioCredentials): FetchRules {
  return {
    configuredOrigins: configuredOrigins(credentials.apiBaseUrl),
    hosts: TWILIO_MEDIA_HOSTS,
    redirectHosts: TWILIO_MEDIA_REDIRECT_HOSTS,
    credentials: {
      origins: [new URL(twilioBase(credentials)).origin],
      headers: { authorization: basicAuth(credentials) },
    },
  };
}

export async function downloadTwilioMedia(
  media: MediaRef,
  credentials: TwilioCredentials,
  transfer: MediaTransfer,
): Promise<DownloadedMedia> {
  const res = await openMedia(
    transfer,
    twilioMediaUrl(media.ref, credentials),
    twilioMediaRules(credentials),
    'Twilio media',
  );
  if (res.status < 200 || res.status >= 300) {
    const detail = (await readSmallBody(res, 200)).trim();
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `Twilio media: HTTP ${res.status} ${detail}`.trim(), {
      status: res.status,
    });
  }
  return downloaded(res, media.mimeType ?? contentTypeOf(res.headers) ?? 'application/octet-stream', media.fileName);
}
