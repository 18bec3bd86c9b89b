/**
 * Inbound media: `getFile(file_id)` gives a `file_path`, and the bytes are at
 * `{base}/file/bot{token}/{file_path}`. The Bot API lets bots download files
 * up to 20 MB; bigger ones fail getFile ("file is too big") and the
 * attachment is marked failed with that reason.
 */
import { z } from 'zod';
import { extensionOf, mimeTypeForExtension } from '../../../shared/channel-rules.js';
import { AppError } from '../../../shared/errors.js';
import type { AdapterContext, DownloadedMedia, MediaRef } from '../types.js';
import { lastPathSegment, MEDIA_TRANSFER_TIMEOUT_MS, providerFetch } from '../provider-call.js';
import type { TelegramCredentials } from './credentials.js';
import { callTelegram, telegramRoot } from './api.js';

const TgFileInfo = z.looseObject({ file_id: z.string(), file_path: z.string().min(1).optional() });

function downloadFailed(reason: string, retryable: boolean): AppError {
  return new AppError('MEDIA_DOWNLOAD_FAILED', `Telegram: ${reason}`, { retryable });
}

function contentTypeOf(res: Response): string | null {
  const type = res.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  // Telegram's file server often says octet-stream; the message told us better.
  return type === '' || type === 'application/octet-stream' ? null : type;
}

export async function downloadTelegramMedia(
  media: MediaRef,
  credentials: TelegramCredentials,
  ctx: AdapterContext,
): Promise<DownloadedMedia> {
  const info = await callTelegram(credentials, ctx, 'getFile', { file_id: media.ref }, TgFileInfo);
  if (!info.ok) throw downloadFailed(`getFile: ${info.failure.providerError}`, info.failure.retryable);
  const filePath = info.result.file_path;
  if (filePath === undefined) throw downloadFailed('getFile returned no file_path', false);
  const url = `${telegramRoot(credentials)}/file/bot${credentials.botToken}/${filePath}`;
  let res: Response;
  try {
    res = await providerFetch(ctx, url, { method: 'GET' }, MEDIA_TRANSFER_TIMEOUT_MS);
  } catch (err) {
    throw downloadFailed(`file download: ${err instanceof Error ? err.message : String(err)}`, true);
  }
  if (!res.ok) throw downloadFailed(`file download: HTTP ${res.status}`, res.status >= 500 || res.status === 429);
  const bytes = Buffer.from(await res.arrayBuffer());
  const mimeType = media.mimeType ?? contentTypeOf(res) ?? mimeTypeForExtension(extensionOf(filePath));
  return { bytes, mimeType, fileName: media.fileName ?? lastPathSegment(filePath) };
}
