/**
 * What the adapters' media downloads share: opening a guarded transfer with
 * one error shape, reading a small answer (an error body, a JSON link) without
 * ever reading a big one, and handing the body on as DownloadedMedia for the
 * media fetcher to stream into the blob store.
 */
import { AppError } from '../../shared/errors.js';
import { clip } from './provider-call.js';
import type { FetchRules, GuardedResponse, MediaTransfer } from './safe-fetch.js';
import type { DownloadedMedia } from './types.js';

/** Error bodies and JSON answers (WeChat's video link) are small; more than this is not one of them. */
export const SMALL_BODY_MAX_BYTES = 64 * 1024;
const REASON_MAX = 500;

function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no complete answer in time';
  const code = Reflect.get(err, 'code');
  return typeof code === 'string' ? `${code} ${err.message}` : err.message;
}

/**
 * Starts a download under `rules`. Refusals keep their permanent AppError
 * (prefixed with `label`); network failures and timeouts are retryable.
 */
export async function openMedia(
  transfer: MediaTransfer,
  url: string,
  rules: FetchRules,
  label: string,
): Promise<GuardedResponse> {
  try {
    return await transfer.get(url, rules);
  } catch (err) {
    if (err instanceof AppError)
      throw new AppError(err.code, clip(`${label}: ${err.message}`, REASON_MAX), err.details);
    throw new AppError('MEDIA_DOWNLOAD_FAILED', clip(`${label}: ${networkReason(err)}`, REASON_MAX), {
      retryable: true,
    });
  }
}

/** The body as text, at most `max` bytes of it; the rest is never read (the connection is closed). */
export async function readSmallBody(res: GuardedResponse, max = SMALL_BODY_MAX_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      chunks.push(piece.subarray(0, max - size));
      size += piece.length;
      if (size >= max) break;
    }
  } finally {
    res.body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Closes an answer whose body is not wanted (a status that says enough). */
export function discardBody(res: GuardedResponse): void {
  res.body.destroy();
}

/** Content-Length as announced, or null when absent or not a plain number. */
export function declaredLength(headers: Headers): number | null {
  const value = headers.get('content-length')?.trim() ?? '';
  return /^\d{1,16}$/.test(value) ? Number(value) : null;
}

/** The media type the answer names (without parameters), or null when it names none. */
export function contentTypeOf(headers: Headers): string | null {
  const type = headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  return type === '' ? null : type;
}

/** The answer's body as the download, to be streamed into the blob store by the media fetcher. */
export function downloaded(res: GuardedResponse, mimeType: string, fileName: string | null): DownloadedMedia {
  return { body: res.body, declaredSize: declaredLength(res.headers), mimeType, fileName };
}
