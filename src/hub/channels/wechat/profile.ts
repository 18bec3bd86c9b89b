/**
 * A WeChat follower's basic info: `GET /cgi-bin/user/info?access_token&openid&lang`. `subscribe: 0`
 * means the user does not follow the account and nothing else is returned. Since 2021-12-27 WeChat no
 * longer gives most accounts `nickname` and `headimgurl` (they come back empty, "微信昵称和头像调整"),
 * so an empty name is a normal answer: the clients show a readable fallback instead.
 */
import { z } from 'zod';
import { clip, readJsonBody, providerFetch, unreachableFailure } from '../provider-call.js';
import type { AdapterContext, ProfileOutcome } from '../types.js';
import { errcodeOutcome, wechatRoot, withAccessToken, type TokenCallOutcome } from './api.js';
import type { WechatCredentials } from './credentials.js';

const UserInfo = z.looseObject({
  subscribe: z.number().int(),
  openid: z.string().optional(),
  nickname: z.string().optional(),
  headimgurl: z.string().optional(),
  language: z.string().optional(),
});

/** 40003: invalid openid (not a follower of this account) — there is no profile to ask about. */
const UNKNOWN_OPENID = 40003;

interface Info {
  readonly name: string | null;
  readonly pictureUrl: string | null;
  readonly follows: boolean;
}

async function getUserInfo(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  token: string,
  openid: string,
): Promise<TokenCallOutcome<Info | null>> {
  const query = new URLSearchParams({ access_token: token, openid, lang: 'zh_CN' });
  const res = await providerFetch(ctx, `${wechatRoot(credentials)}/cgi-bin/user/info?${query.toString()}`, {
    method: 'GET',
  });
  const body = await readJsonBody(res);
  if (typeof body === 'object' && body !== null && (body as { errcode?: unknown }).errcode === UNKNOWN_OPENID) {
    return { ok: true, value: null };
  }
  const error = errcodeOutcome(res.status, body);
  if (error) return error;
  const info = UserInfo.safeParse(body);
  if (!info.success) return { ok: true, value: null };
  const name = clip((info.data.nickname ?? '').trim(), 256);
  const picture = (info.data.headimgurl ?? '').trim();
  return {
    ok: true,
    value: {
      name: name === '' ? null : name,
      pictureUrl: picture === '' ? null : picture,
      follows: info.data.subscribe === 1,
    },
  };
}

export async function fetchWechatProfile(
  openid: string,
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<ProfileOutcome> {
  try {
    const result = await withAccessToken(credentials, ctx, (token) => getUserInfo(credentials, ctx, token, openid));
    if (!result.ok)
      return { ok: false, retryable: result.failure.retryable, reason: `WeChat: ${result.failure.providerError}` };
    const info = result.value;
    if (info === null || !info.follows) return { ok: true, profile: null };
    return { ok: true, profile: { name: info.name, pictureUrl: info.pictureUrl } };
  } catch (err) {
    return { ok: false, retryable: true, reason: unreachableFailure(err).providerError };
  }
}
