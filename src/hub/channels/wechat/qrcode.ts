/**
 * WeChat click-to-chat: the account's permanent QR code. WeChat's account-QR
 * flow is `POST /cgi-bin/qrcode/create?access_token=` with
 * `{"action_name":"QR_LIMIT_STR_SCENE","action_info":{"scene":{"scene_str":…}}}`,
 * answered `{ticket, url}`: `url` is the content WeChat's own QR encodes
 * (scanning it opens the account), and `showqrcode?ticket=` serves WeChat's
 * image of it. A permanent scene QR never expires, so the answer is cached
 * per channel; a restarted hub asks again (WeChat returns the same ticket).
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { refusal } from '../provider-codes.js';
import type { AdapterContext, ClickToChat } from '../types.js';
import type { WechatCredentials } from './credentials.js';
import { errcodeOutcome, wechatRoot, withAccessToken, type TokenCallOutcome } from './api.js';

/** The scene string names where a follower came from; WeChat sends it back in the subscribe event. */
export const WECHAT_QR_SCENE = 'switchboard';
const QR_CACHE_TTL_MS = 24 * 60 * 60 * 1000;
const QrAnswer = z.looseObject({ ticket: z.string().min(1), url: z.string().url() });

function cacheKey(credentials: WechatCredentials): string {
  return `wechat:qrcode-url:${credentials.appId}`;
}

async function createQrCode(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  token: string,
): Promise<TokenCallOutcome<string>> {
  const url = `${wechatRoot(credentials)}/cgi-bin/qrcode/create?access_token=${encodeURIComponent(token)}`;
  const body = {
    action_name: 'QR_LIMIT_STR_SCENE',
    action_info: { scene: { scene_str: WECHAT_QR_SCENE } },
  };
  try {
    const res = await providerFetch(ctx, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await readJsonBody(res);
    const error = errcodeOutcome(res.status, answer);
    if (error) return error;
    const qr = QrAnswer.safeParse(answer);
    if (!qr.success) return { ok: false, failure: refusal('PROVIDER_REJECTED', 'unexpected QR code answer') };
    return { ok: true, value: qr.data.url };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

/** The account's QR content (WeChat's `url`), fetched once per channel and cached. */
export async function wechatClickToChatAsync(
  credentials: WechatCredentials,
  settings: { publicHandle?: string | undefined },
  ctx: AdapterContext,
): Promise<ClickToChat> {
  const label = `WeChat ${settings.publicHandle?.trim() || credentials.appId}`;
  const cached = ctx.cache.get(cacheKey(credentials));
  if (cached !== null) return { url: cached, label };
  const created = await withAccessToken(credentials, ctx, (token) => createQrCode(credentials, ctx, token));
  if (!created.ok) {
    throw new AppError(created.failure.code, `WeChat QR code: ${created.failure.providerError}`, {
      retryable: created.failure.retryable,
    });
  }
  ctx.cache.set(cacheKey(credentials), created.value, QR_CACHE_TTL_MS);
  return { url: created.value, label };
}
