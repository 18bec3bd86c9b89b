/**
 * Inbound LINE media: `GET {api-data}/v2/bot/message/{messageId}/content` with
 * the channel access token. LINE keeps content for a limited time only (404
 * afterwards), and answers 202 while it is still preparing a video or audio
 * file — both fail the download, the second one as worth retrying. Media an
 * external provider hosts (contentProvider.type "external") is fetched from
 * its own URL: any https host at a public address, never with the token.
 */
import { AppError } from '../../../shared/errors.js';
import { contentTypeOf, discardBody, downloaded, openMedia, readSmallBody } from '../media-download.js';
import { configuredOrigins, LINE_MEDIA_HOSTS } from '../media-hosts.js';
import type { FetchRules, GuardedResponse, MediaTransfer } from '../safe-fetch.js';
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

function request(media: MediaRef, credentials: LineCredentials): { url: string; rules: FetchRules } {
  const configured = configuredOrigins(credentials.apiBaseUrl);
  if (isUrl(media.ref)) {
    return { url: media.ref, rules: { configuredOrigins: configured, hosts: [], anyPublicHost: { allowHttp: false } } };
  }
  const root = lineDataRoot(credentials);
  return {
    url: `${root}/v2/bot/message/${encodeURIComponent(media.ref)}/content`,
    rules: {
      configuredOrigins: configured,
      hosts: LINE_MEDIA_HOSTS,
      credentials: {
        origins: [new URL(root).origin],
        headers: { authorization: `Bearer ${credentials.channelAccessToken}` },
      },
    },
  };
}

async function failureReason(res: GuardedResponse): Promise<string> {
  const text = await readSmallBody(res);
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
  _ctx: AdapterContext,
  transfer: MediaTransfer,
): Promise<DownloadedMedia> {
  const { url, rules } = request(media, credentials);
  const res = await openMedia(transfer, url, rules, 'LINE: content download');
  if (res.status === 202) {
    discardBody(res);
    throw downloadFailed('the content is still being prepared', true);
  }
  if (res.status < 200 || res.status >= 300) {
    throw downloadFailed(await failureReason(res), res.status >= 500 || res.status === 429);
  }
  return downloaded(res, contentTypeOf(res.headers) ?? media.mimeType ?? 'application/octet-stream', media.fileName);
}
