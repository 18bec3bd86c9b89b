/**
 * Verifying WeChat credentials before saving: `/cgi-bin/token` issues an
 * access token only for a matching AppID and AppSecret from a whitelisted IP
 * (40013 invalid appid, 40125 invalid appsecret, 40164 IP not whitelisted).
 * The token is not kept: the channel asks for its own once it is saved. The
 * server Token and EncodingAESKey only sign and encrypt pushes: no call checks them.
 */
import { refusedBy, verified } from '../verify-outcome.js';
import type { AdapterContext, VerifyOutcome } from '../types.js';
import { requestWechatAccessToken } from './api.js';
import type { WechatCredentials } from './credentials.js';

export async function verifyWechatCredentials(
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<VerifyOutcome> {
  const answer = await requestWechatAccessToken(credentials, ctx);
  if (!answer.ok) return refusedBy('WeChat', answer.failure);
  return verified(`WeChat ${credentials.appId}`, {
    appId: credentials.appId,
    accessToken: 'issued',
    expiresInSeconds: String(answer.value.expiresInSeconds),
    mode: credentials.encodingAESKey === undefined ? 'plaintext' : 'safe',
  });
}
