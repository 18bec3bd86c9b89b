/**
 * How the Telegram, LINE and WeChat adapters call a provider over HTTP: base
 * URLs that tests can replace, bounded requests, reading bodies that may not be
 * JSON, and the failure for a provider that could not be reached. Provider
 * meaning (error codes, body shapes) stays in each adapter's folder.
 */
import { clipText } from '../../shared/text.js';
import type { AdapterContext, ProviderFailure } from './types.js';

/** A send or API call that takes longer than this is treated as a timeout (retryable). */
const PROVIDER_CALL_TIMEOUT_MS = 30_000;
/** Media transfers may be large (LINE video up to 200 MB), so they get longer. */
export const MEDIA_TRANSFER_TIMEOUT_MS = 120_000;

/** The provider's API root: `apiBaseUrl` when a test or staging points elsewhere, without a trailing slash. */
export function apiRoot(apiBaseUrl: string | undefined, productionUrl: string): string {
  return (apiBaseUrl ?? productionUrl).replace(/\/+$/, '');
}

/** `fetch` bounded by a timeout; network errors and timeouts throw. */
export function providerFetch(
  ctx: Pick<AdapterContext, 'fetch'>,
  url: string,
  init: RequestInit,
  timeoutMs: number = PROVIDER_CALL_TIMEOUT_MS,
): Promise<Response> {
  return ctx.fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) });
}

/** The provider was not reached or did not answer in time: retry later. */
export function unreachableFailure(err: unknown): ProviderFailure {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return {
    code: 'PROVIDER_UNAVAILABLE',
    providerError: clip(`network: ${reason}`, 500),
    retryable: true,
    retryAfterMs: null,
  };
}

/** Reads a JSON body; a body that is not JSON (a proxy's HTML error page) becomes `{ unparsedBody }`. */
export async function readJsonBody(res: Response): Promise<unknown> {
  return parseJsonText(await res.text());
}

/** JSON text as readJsonBody reads it: empty is null, not JSON is `{ unparsedBody, parseError }`. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch (err) {
    // The caller falls back to the HTTP status; keep the start of the body as the provider's words.
    return { unparsedBody: text.slice(0, 200), parseError: String(err) };
  }
}

/** Cuts provider text to a schema's length limit, never splitting a character (src/shared/text.ts). */
export const clip = clipText;

/** The last path segment of a path or URL (a file name), or null. */
export function lastPathSegment(path: string): string | null {
  const clean = path.split(/[?#]/)[0] ?? '';
  const last = clean.split('/').pop() ?? '';
  if (last === '') return null;
  try {
    return decodeURIComponent(last);
  } catch (err) {
    // A malformed %-escape: keep the raw segment, it is only a display name.
    return err instanceof URIError ? last : null;
  }
}

/** Splits text into pieces of at most `max` UTF-16 units (how providers count) without cutting a character in two. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (current.length + char.length > max) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  return current === '' ? pieces : [...pieces, current];
}
