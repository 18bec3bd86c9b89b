/**
 * Inbound LINE media: `GET {api-data}/v2/bot/message/{messageId}/content` with
 * the channel access token. LINE keeps content for a limited time only (404
 * afterwards), and answers 202 while it is still preparing a video or audio
 * file — both fail the download, the second one as worth retrying. Media an
 * external provider hosts (contentProvider.type "external") is fetched from
 * its own URL.
 */
import { AppError } from '../../../shared/errors.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch } from '../provider-call.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { lineDataRoot } from './api.js';
import type { LineCredentials } from './credentials.js';
import { describeLineError } from './errors.js';

function downloadFailed(reason: string, retryable: boolean): AppError {
  return new AppError('MEDIA_DOWNLOAD_FAILED', `LINE: ${reason}`, { retryable });
}

function isUrl(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

function request(media: MediaRef, credentials: LineCredentials): { url: string; init: RequestInit } {
  if (isUrl(media.ref)) return { url: media.ref, init: { method: 'GET' } };
  return {
    url: `${lineDataRoot(credentials)}/v2/bot/message/${encodeURIComponent(media.ref)}/content`,
    init: { method: 'GET', headers: { authorization: `Bearer ${credentials.channelAccessToken}` } },
  };
}

async function failureReason(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return describeLineError(res.status, JSON.parse(text));
  } catch (err) {
    // Not LINE's JSON error body (an external host, a proxy): the status says enough.
    return err instanceof SyntaxError ? `${res.status} HTTP ${res.status}` : String(err);
  }
}

export async function downloadLineMedia(
  media: MediaRef,
  credentials: LineCredentials,
  ctx: AdapterContext,
): Promise<DownloadedMedia> {
  const { url, init } = request(media, credentials);
  let res: Response;
  try {
    res = await providerFetch(ctx, url, init, MEDIA_TRANSFER_TIMEOUT_MS);
  } catch (err) {
    throw downloadFailed(`content download: ${err instanceof Error ? err.message : String(err)}`, true);
  }
  if (res.status === 202) throw downloadFailed('the content is still being prepared', true);
  if (!res.ok) throw downloadFailed(await failureReason(res), res.status >= 500 || res.status === 429);
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type')?.split(';')[0]?.trim();
  const mimeType =
    contentType !== undefined && contentType !== '' ? contentType : (media.mimeType ?? 'application/octet-stream');
  return { bytes, mimeType, fileName: media.fileName };
}
