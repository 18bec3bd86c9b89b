/**
 * Inbound media: `getFile(file_id)` gives a `file_path`, and the bytes are at
 * `{base}/file/bot{token}/{file_path}`. The Bot API lets bots download files
 * up to 20 MB; bigger ones fail getFile ("file is too big") and the
 * attachment is marked failed with that reason. The token is in the path, so
 * the file URL is only ever fetched from the Telegram API origin.
 */
import { z } from 'zod';
import { extensionOf, mimeTypeForExtension } from '../../../shared/channel-rules.js';
import { AppError } from '../../../shared/errors.js';
import { contentTypeOf, discardBody, downloaded, openMedia } from '../media-download.js';
import { configuredOrigins, TELEGRAM_MEDIA_HOSTS } from '../media-hosts.js';
import { lastPathSegment } from '../provider-call.js';
import type { MediaTransfer } from '../safe-fetch.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import type { TelegramCredentials } from './credentials.js';
import { callTelegram, telegramRoot } from './api.js';

const TgFileInfo = z.looseObject({ file_id: z.string(), file_path: z.string().min(1).optional() });

function downloadFailed(reason: string, retryable: boolean): AppError {
  return new AppError('MEDIA_DOWNLOAD_FAILED', `Telegram: ${reason}`, { retryable });
}

/** Telegram's file server often says octet-stream; the message told us better. */
function usefulType(headers: Headers): string | null {
  const type = contentTypeOf(headers);
  return type === 'application/octet-stream' ? null : type;
}

export async function downloadTelegramMedia(
  media: MediaRef,
  credentials: TelegramCredentials,
  ctx: AdapterContext,
  transfer: MediaTransfer,
): Promise<DownloadedMedia> {
  const info = await callTelegram(credentials, ctx, 'getFile', { file_id: media.ref }, TgFileInfo);
  if (!info.ok) throw downloadFailed(`getFile: ${info.failure.providerError}`, info.failure.retryable);
  const filePath = info.result.file_path;
  if (filePath === undefined) throw downloadFailed('getFile returned no file_path', false);
  const url = `${telegramRoot(credentials)}/file/bot${credentials.botToken}/${filePath}`;
  const rules = { configuredOrigins: configuredOrigins(credentials.apiBaseUrl), hosts: TELEGRAM_MEDIA_HOSTS };
  const res = await openMedia(transfer, url, rules, 'Telegram: file download');
  if (res.status < 200 || res.status >= 300) {
    discardBody(res);
    throw downloadFailed(`file download: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  }
  const mimeType = media.mimeType ?? usefulType(res.headers) ?? mimeTypeForExtension(extensionOf(filePath));
  return downloaded(res, mimeType, media.fileName ?? lastPathSegment(filePath));
}
