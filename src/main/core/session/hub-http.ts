/**
 * HTTP calls to the hub (sign-in, media upload, attachment download): turns
 * network failures into HUB_UNREACHABLE and the hub's `{error: {code,
 * message}}` bodies into AppError, and parses every answer with a schema.
 */
import { z } from 'zod';
import { AppError, isErrorCode } from '../../../shared/errors.js';
import { errorMessage } from '../logger.js';

export type FetchLike = typeof globalThis.fetch;

const HubErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export function hubUrlOf(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}

/** Sends a request; throws HUB_UNREACHABLE when no answer comes back. */
export async function hubRequest(fetch: FetchLike, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new AppError('HUB_UNREACHABLE', `${new URL(url).origin}: ${errorMessage(error)}`);
  }
}

/** Throws the hub's error (or one for the HTTP status) unless the response is 2xx. */
export async function ensureOk(response: Response): Promise<Response> {
  if (response.ok) return response;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch (error) {
    body = { parseError: errorMessage(error) };
  }
  const parsed = HubErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message } = parsed.data.error;
    throw new AppError(isErrorCode(code) ? code : 'INTERNAL', message);
  }
  if (response.status === 401) throw new AppError('UNAUTHENTICATED');
  if (response.status === 404) throw new AppError('NOT_FOUND');
  throw new AppError(response.status >= 500 ? 'HUB_UNREACHABLE' : 'INTERNAL', `HTTP ${response.status}`);
}

export async function readJson<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new AppError('INTERNAL', 'the hub answered in an unexpected shape');
  return parsed.data;
}
