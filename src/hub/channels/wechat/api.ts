/**
 * Calling the WeChat API with an access token. Tokens come from
 * `GET /cgi-bin/token?grant_type=client_credential&appid&secret`, live
 * `expires_in` seconds (7200) and are cached per channel until shortly before
 * they expire. WeChat may invalidate a token early (another server fetched a
 * new one): on 40001 / 40014 / 42001 the call is repeated once with a fresh
 * token. On several hub nodes the token is one per channel shared by all of them (ctx.sharedToken,
 * docs/scaling.md "Work done by one node"): a node fetching its own would invalidate the others'.
 */
import { z } from 'zod';
import { apiRoot, providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import type { AdapterContext, ProviderFailure } from '../types.js';
import type { WechatCredentials } from './credentials.js';
import { ACCESS_TOKEN_ERRCODES, mapWechatErrcode, mapWechatHttpStatus } from './errors.js';

const WECHAT_API = 'https://api.weixin.qq.com';
/** Refresh this long before WeChat's expiry, so a token never dies mid-send. */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
const MIN_TOKEN_TTL_MS = 60 * 1000;

export const WechatErrorBody = z.looseObject({ errcode: z.number().int(), errmsg: z.string().optional() });
const TokenAnswer = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });

export type WechatCall<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ProviderFailure };

export function wechatRoot(credentials: WechatCredentials): string {
  return apiRoot(credentials.apiBaseUrl, WECHAT_API);
}

function cacheKey(credentials: WechatCredentials): string {
  return `wechat:access_token:${credentials.appId}`;
}

/** Concurrent sends share one token request instead of each invalidating the other's token. */
const inFlight = new Map<string, Promise<WechatCall<string>>>();

/** A fresh token from `/cgi-bin/token` and its lifetime, uncached (channel verification uses it as is). */
export async function requestWechatAccessToken(
  credentials: WechatCredentials,
  ctx: Pick<AdapterContext, 'fetch'>,
): Promise<WechatCall<{ readonly token: string; readonly expiresInSeconds: number }>> {
  const query = new URLSearchParams({
    grant_type: 'client_credential',
    appid: credentials.appId,
    secret: credentials.appSecret,
  });
  try {
    const res = await providerFetch(ctx, `${wechatRoot(credentials)}/cgi-bin/token?${query.toString()}`, {
      method: 'GET',
    });
    const body = await readJsonBody(res);
    const token = TokenAnswer.safeParse(body);
    if (res.ok && token.success) {
      return { ok: true, value: { token: token.data.access_token, expiresInSeconds: token.data.expires_in } };
    }
    const error = WechatErrorBody.safeParse(body);
    if (!error.success) return { ok: false, failure: mapWechatHttpStatus(res.status) };
    return { ok: false, failure: mapWechatErrcode(error.data.errcode, error.data.errmsg ?? 'access token refused') };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

async function fetchAccessToken(credentials: WechatCredentials, ctx: AdapterContext): Promise<WechatCall<string>> {
  const answer = await requestWechatAccessToken(credentials, ctx);
  if (!answer.ok) return answer;
  const ttl = Math.max(answer.value.expiresInSeconds * 1000 - TOKEN_REFRESH_MARGIN_MS, MIN_TOKEN_TTL_MS);
  ctx.cache.set(cacheKey(credentials), answer.value.token, ttl);
  return { ok: true, value: answer.value.token };
}

/** The token to call with; `stale` is one WeChat just refused (fetch a new one unless another node did). */
async function wechatAccessToken(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  stale: string | null,
): Promise<WechatCall<string>> {
  if (ctx.sharedToken) {
    return await ctx.sharedToken(
      'wechat-token',
      async () => {
        const answer = await requestWechatAccessToken(credentials, ctx);
        if (!answer.ok) return answer;
        const ttlMs = Math.max(answer.value.expiresInSeconds * 1000 - TOKEN_REFRESH_MARGIN_MS, MIN_TOKEN_TTL_MS);
        return { ok: true, value: answer.value.token, ttlMs };
      },
      stale,
    );
  }
  if (stale === null) {
    const cached = ctx.cache.get(cacheKey(credentials));
    if (cached !== null) return { ok: true, value: cached };
  }
  const key = `${wechatRoot(credentials)}|${credentials.appId}`;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const request = fetchAccessToken(credentials, ctx).finally(() => inFlight.delete(key));
  inFlight.set(key, request);
  return request;
}

/** What one API call returned: a token problem (retry with a fresh token), another failure, or a success. */
export type TokenCallOutcome<T> =
  WechatCall<T> | { readonly ok: false; readonly staleToken: true; readonly failure: ProviderFailure };

async function attemptWithToken<T>(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  call: (token: string) => Promise<TokenCallOutcome<T>>,
  stale: string | null,
): Promise<TokenCallOutcome<T> & { readonly token?: string }> {
  const token = await wechatAccessToken(credentials, ctx, stale);
  return token.ok ? { ...(await call(token.value)), token: token.value } : token;
}

/** Runs `call` with the cached token; after a stale-token answer, once more with a fresh one. */
export async function withAccessToken<T>(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  call: (token: string) => Promise<TokenCallOutcome<T>>,
): Promise<WechatCall<T>> {
  const first = await attemptWithToken(credentials, ctx, call, null);
  const outcome =
    !first.ok && 'staleToken' in first ? await attemptWithToken(credentials, ctx, call, first.token ?? '') : first;
  return outcome.ok ? { ok: true, value: outcome.value } : { ok: false, failure: outcome.failure };
}

/** Classifies a JSON answer that may be `{ errcode, errmsg }`. */
export function errcodeOutcome(status: number, body: unknown): TokenCallOutcome<never> | null {
  const error = WechatErrorBody.safeParse(body);
  if (!error.success) return status >= 300 ? { ok: false, failure: mapWechatHttpStatus(status) } : null;
  if (error.data.errcode === 0) return null;
  const failure = mapWechatErrcode(error.data.errcode, error.data.errmsg ?? '');
  return ACCESS_TOKEN_ERRCODES.has(error.data.errcode)
    ? { ok: false, staleToken: true, failure }
    : { ok: false, failure };
}
