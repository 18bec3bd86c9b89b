/**
 * Inbound WeChat media: `GET /cgi-bin/media/get?access_token&media_id`. WeChat
 * keeps temporary media for 3 days. It answers the bytes (with a
 * Content-Disposition file name), or JSON: `{ video_url }` for a video, whose
 * bytes are then fetched from that URL, or `{ errcode, errmsg }`.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { refusal } from '../provider-codes.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { errcodeOutcome, wechatRoot, withAccessToken, type TokenCallOutcome } from './api.js';
import type { WechatCredentials } from './credentials.js';

const VideoLink = z.looseObject({ video_url: z.string().url() });

function fileNameOf(res: Response): string | null {
  const disposition = res.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

function contentTypeOf(res: Response): string {
  return res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
}

async function bytesOf(res: Response, media: MediaRef): Promise<DownloadedMedia> {
  const type = contentTypeOf(res);
  return {
    bytes: Buffer.from(await res.arrayBuffer()),
    mimeType:
      type === '' || type === 'application/octet-stream' ? (media.mimeType ?? 'application/octet-stream') : type,
    fileName: fileNameOf(res) ?? media.fileName,
  };
}

async function fetchVideo(
  url: string,
  media: MediaRef,
  ctx: AdapterContext,
): Promise<TokenCallOutcome<DownloadedMedia>> {
  const res = await providerFetch(ctx, url, { method: 'GET' }, MEDIA_TRANSFER_TIMEOUT_MS);
  if (!res.ok) {
    const retryable = res.status >= 500;
    return {
      ok: false,
      failure: {
        code: 'MEDIA_DOWNLOAD_FAILED',
        providerError: `video_url: HTTP ${res.status}`,
        retryable,
        retryAfterMs: null,
      },
    };
  }
  return { ok: true, value: await bytesOf(res, media) };
}

async function getMedia(
  token: string,
  media: MediaRef,
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<TokenCallOutcome<DownloadedMedia>> {
  const query = new URLSearchParams({ access_token: token, media_id: media.ref });
  try {
    const res = await providerFetch(
      ctx,
      `${wechatRoot(credentials)}/cgi-bin/media/get?${query.toString()}`,
      { method: 'GET' },
      MEDIA_TRANSFER_TIMEOUT_MS,
    );
    const type = contentTypeOf(res);
    // Errors and video links come as JSON (sometimes labelled text/plain); media never does.
    if (!res.ok || type.includes('json') || type === 'text/plain') {
      const body = await readJsonBody(res);
      const video = VideoLink.safeParse(body);
      if (video.success) return await fetchVideo(video.data.video_url, media, ctx);
      return (
        errcodeOutcome(res.status, body) ?? {
          ok: false,
          failure: refusal('MEDIA_DOWNLOAD_FAILED', 'media/get: unexpected answer'),
        }
      );
    }
    return { ok: true, value: await bytesOf(res, media) };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

export async function downloadWechatMedia(
  media: MediaRef,
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<DownloadedMedia> {
  const result = await withAccessToken(credentials, ctx, (token) => getMedia(token, media, credentials, ctx));
  if (result.ok) return result.value;
  throw new AppError('MEDIA_DOWNLOAD_FAILED', `WeChat: ${result.failure.providerError}`, {
    retryable: result.failure.retryable,
  });
}
