/**
 * Inbound WeChat media: `GET /cgi-bin/media/get?access_token&media_id`. WeChat
 * keeps temporary media for 3 days. It answers the bytes (with a
 * Content-Disposition file name), or JSON: `{ video_url }` for a video, whose
 * bytes are then fetched from that URL, or `{ errcode, errmsg }`. WeChat names
 * no host for video links and serves video over plain http ("视频文件不支持https下载"),
 * so a video link may go to any host, http included, but only at public
 * addresses and never with the access token.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { contentTypeOf, discardBody, downloaded, openMedia, readSmallBody } from '../media-download.js';
import { configuredOrigins, WECHAT_MEDIA_HOSTS } from '../media-hosts.js';
import { parseJsonText, unreachableFailure } from '../provider-call.js';
import { refusal } from '../provider-codes.js';
import type { FetchRules, GuardedResponse, MediaTransfer } from '../safe-fetch.js';
import type { AdapterContext, DownloadedMedia, MediaRef, ProviderFailure } from '../types.js';
import { errcodeOutcome, wechatRoot, withAccessToken, type TokenCallOutcome } from './api.js';
import type { WechatCredentials } from './credentials.js';

const VideoLink = z.looseObject({ video_url: z.string().url() });

function fileNameOf(headers: Headers): string | null {
  const disposition = headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

function typeOf(headers: Headers): string {
  return contentTypeOf(headers)?.toLowerCase() ?? '';
}

function asDownload(res: GuardedResponse, media: MediaRef): DownloadedMedia {
  const type = typeOf(res.headers);
  const mimeType =
    type === '' || type === 'application/octet-stream' ? (media.mimeType ?? 'application/octet-stream') : type;
  return downloaded(res, mimeType, fileNameOf(res.headers) ?? media.fileName);
}

/** A failed transfer as WeChat outcomes carry it: refusals stay permanent, network failures retryable. */
function transferFailure(err: AppError): ProviderFailure {
  const retryable = !(
    typeof err.details === 'object' &&
    err.details !== null &&
    Reflect.get(err.details, 'retryable') === false
  );
  return { code: 'MEDIA_DOWNLOAD_FAILED', providerError: err.message, retryable, retryAfterMs: null };
}

async function fetchVideo(
  url: string,
  media: MediaRef,
  credentials: WechatCredentials,
  transfer: MediaTransfer,
): Promise<TokenCallOutcome<DownloadedMedia>> {
  const rules: FetchRules = {
    configuredOrigins: configuredOrigins(credentials.apiBaseUrl),
    hosts: [],
    anyPublicHost: { allowHttp: true },
  };
  const res = await openMedia(transfer, url, rules, 'video_url');
  if (res.status < 200 || res.status >= 300) {
    discardBody(res);
    const failure = refusal('MEDIA_DOWNLOAD_FAILED', `video_url: HTTP ${res.status}`);
    return { ok: false, failure: { ...failure, retryable: res.status >= 500 } };
  }
  return { ok: true, value: asDownload(res, media) };
}

async function getMedia(
  token: string,
  media: MediaRef,
  credentials: WechatCredentials,
  transfer: MediaTransfer,
): Promise<TokenCallOutcome<DownloadedMedia>> {
  const query = new URLSearchParams({ access_token: token, media_id: media.ref });
  const rules: FetchRules = { configuredOrigins: configuredOrigins(credentials.apiBaseUrl), hosts: WECHAT_MEDIA_HOSTS };
  try {
    const url = `${wechatRoot(credentials)}/cgi-bin/media/get?${query.toString()}`;
    const res = await openMedia(transfer, url, rules, 'media/get');
    const type = typeOf(res.headers);
    // Errors and video links come as JSON (sometimes labelled text/plain); media never does.
    if (res.status < 200 || res.status >= 300 || type.includes('json') || type === 'text/plain') {
      const body = parseJsonText(await readSmallBody(res));
      const video = VideoLink.safeParse(body);
      if (video.success) return await fetchVideo(video.data.video_url, media, credentials, transfer);
      return (
        errcodeOutcome(res.status, body) ?? {
          ok: false,
          failure: refusal('MEDIA_DOWNLOAD_FAILED', 'media/get: unexpected answer'),
        }
      );
    }
    return { ok: true, value: asDownload(res, media) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, failure: transferFailure(err) };
    return { ok: false, failure: unreachableFailure(err) };
  }
}

export async function downloadWechatMedia(
  media: MediaRef,
  credentials: WechatCredentials,
  ctx: AdapterContext,
  transfer: MediaTransfer,
): Promise<DownloadedMedia> {
  const result = await withAccessToken(credentials, ctx, (token) => getMedia(token, media, credentials, transfer));
  if (result.ok) return result.value;
  throw new AppError('MEDIA_DOWNLOAD_FAILED', `WeChat: ${result.failure.providerError}`, {
    retryable: result.failure.retryable,
  });
}
