/**
 * Inbound WhatsApp media: `GET /{media-id}` answers a short-lived URL (valid
 * about five minutes), and that URL also needs the bearer token. Both steps
 * run at download time, never at webhook time, so the URL is always fresh.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch } from '../provider-call.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';

const MediaUrlResponse = z.looseObject({ url: z.string().url(), mime_type: z.string().optional() });

async function getOrFail(
  url: string,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
  step: string,
): Promise<Response> {
  let res: Response;
  try {
    res = await providerFetch(
      ctx,
      url,
      { headers: { authorization: `Bearer ${credentials.accessToken}` } },
      MEDIA_TRANSFER_TIMEOUT_MS,
    );
  } catch (err) {
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `WhatsApp ${step}: ${String(err)}`.slice(0, 500));
  }
  if (!res.ok) {
    const detail = (await res.text()).slice(0, 200);
    throw new AppError('MEDIA_DOWNLOAD_FAILED', `WhatsApp ${step}: HTTP ${res.status} ${detail}`.trim(), {
      status: res.status,
    });
  }
  return res;
}

export async function downloadWhatsappMedia(
  media: MediaRef,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<DownloadedMedia> {
  const meta = await getOrFail(graphUrl(credentials, encodeURIComponent(media.ref)), credentials, ctx, 'media lookup');
  const parsed = MediaUrlResponse.safeParse(await meta.json().catch((err: unknown) => ({ invalid: String(err) })));
  if (!parsed.success)
    throw new AppError('MEDIA_DOWNLOAD_FAILED', 'WhatsApp media lookup: no download URL in the answer');
  const file = await getOrFail(parsed.data.url, credentials, ctx, 'media download');
  const bytes = Buffer.from(await file.arrayBuffer());
  const mimeType =
    media.mimeType ?? parsed.data.mime_type ?? file.headers.get('content-type') ?? 'application/octet-stream';
  return { bytes, mimeType, fileName: media.fileName };
}
