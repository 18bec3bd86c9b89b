/**
 * Inbound WhatsApp media: `GET /{media-id}` answers a short-lived URL (valid
 * about five minutes) on lookaside.fbsbx.com, and that URL also needs the
 * bearer token. Both steps run at download time, never at webhook time, so the
 * URL is always fresh. The URL comes from an answer, so it is fetched under the
 * same rules as a webhook's: only Meta's media host (or the configured
 * `apiBaseUrl` origin) ever sees the token.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { contentTypeOf, downloaded, openMedia, readSmallBody } from '../media-download.js';
import { configuredOrigins, httpsOrigins, WHATSAPP_MEDIA_HOSTS } from '../media-hosts.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch } from '../provider-call.js';
import type { FetchRules, MediaTransfer } from '../safe-fetch.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';

const MediaUrlResponse = z.looseObject({ url: z.string().url(), mime_type: z.string().optional() });

function lookupFailed(reason: string, status?: number): AppError {
  return new AppError(
    'MEDIA_DOWNLOAD_FAILED',
    `WhatsApp media lookup: ${reason}`.slice(0, 500),
    status ? { status } : undefined,
  );
}

async function lookupMedia(
  media: MediaRef,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<z.infer<typeof MediaUrlResponse>> {
  let res: Response;
  try {
    res = await providerFetch(
      ctx,
      graphUrl(credentials, encodeURIComponent(media.ref)),
      { headers: { authorization: `Bearer ${credentials.accessToken}` } },
      MEDIA_TRANSFER_TIMEOUT_MS,
    );
  } catch (err) {
    throw lookupFailed(String(err));
  }
  if (!res.ok) throw lookupFailed(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`.trim(), res.status);
  const parsed = MediaUrlResponse.safeParse(await res.json().catch((err: unknown) => ({ invalid: String(err) })));
  if (!parsed.success) throw lookupFailed('no download URL in the answer');
  return parsed.data;
}

function whatsappRules(credentials: WhatsappCredentials): FetchRules {
  const configured = configuredOrigins(credentials.apiBaseUrl);
  return {
    configuredOrigins: configured,
    hosts: WHATSAPP_MEDIA_HOSTS,
    credentials: {
      origins: [...configured, ...httpsOrigins(WHATSAPP_MEDIA_HOSTS)],
      headers: { authorization: `Bearer ${credentials.accessToken}` },
    },
  };
}

export async function downloadWhatsappMedia(
  media: MediaRef,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
  transfer: MediaTransfer,
): Promise<DownloadedMedia> {
  const link = await lookupMedia(media, credentials, ctx);
  const file = await openMedia(transfer, link.url, whatsappRules(credentials), 'WhatsApp media download');
  if (file.status < 200 || file.status >= 300) {
    const detail = (await readSmallBody(file, 200)).trim();
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `WhatsApp media download: HTTP ${file.status} ${detail}`.trim(), {
      status: file.status,
    });
  }
  const mimeType = media.mimeType ?? link.mime_type ?? contentTypeOf(file.headers) ?? 'application/octet-stream';
  return downloaded(file, mimeType, media.fileName);
}
