/**
 * One Bot API call: `POST {base}/bot{token}/{method}` with a JSON or
 * multipart body, answered by the `{ ok, result }` envelope. The bot token is
 * part of the URL, so the URL never goes into an error or a log line.
 */
import type { z } from 'zod';
import type { AdapterContext, ProviderFailure } from '../types.js';
import { apiRoot, providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { refusal } from '../provider-codes.js';
import type { TelegramCredentials } from './credentials.js';
import { mapTelegramFailure } from './errors.js';
import { TgResponse } from './payload.js';

const TELEGRAM_API = 'https://api.telegram.org';

export type TelegramCallResult<T> =
  | { readonly ok: true; readonly result: T }
  | {
      readonly ok: false;
      readonly failure: ProviderFailure;
      /** Set when a basic group became a supergroup: resend to this chat id. */
      readonly migrateToChatId: number | null;
    };

export interface TelegramCallOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export function telegramRoot(credentials: TelegramCredentials): string {
  return apiRoot(credentials.apiBaseUrl, TELEGRAM_API);
}

function requestInit(body: Record<string, unknown> | FormData, signal: AbortSignal | undefined): RequestInit {
  const base: RequestInit =
    body instanceof FormData
      ? { method: 'POST', body }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  return signal === undefined ? base : { ...base, signal };
}

export async function callTelegram<S extends z.ZodType>(
  credentials: TelegramCredentials,
  ctx: Pick<AdapterContext, 'fetch'>,
  method: string,
  body: Record<string, unknown> | FormData,
  resultSchema: S,
  options: TelegramCallOptions = {},
): Promise<TelegramCallResult<z.infer<S>>> {
  const url = `${telegramRoot(credentials)}/bot${credentials.botToken}/${method}`;
  let status: number;
  let json: unknown;
  try {
    const res = await providerFetch(ctx, url, requestInit(body, options.signal), options.timeoutMs);
    status = res.status;
    json = await readJsonBody(res);
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err), migrateToChatId: null };
  }
  const envelope = TgResponse.safeParse(json);
  if (status < 300 && envelope.success && envelope.data.ok) {
    const result = resultSchema.safeParse(envelope.data.result);
    if (result.success) return { ok: true, result: result.data };
    // It may have been sent: retrying could send it twice.
    return {
      ok: false,
      failure: refusal('PROVIDER_REJECTED', `${method}: unexpected result shape`),
      migrateToChatId: null,
    };
  }
  const data = envelope.success ? envelope.data : null;
  return {
    ok: false,
    failure: mapTelegramFailure(status, data),
    migrateToChatId: data?.parameters?.migrate_to_chat_id ?? null,
  };
}
