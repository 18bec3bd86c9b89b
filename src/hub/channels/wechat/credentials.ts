/**
 * WeChat Official Account credentials (mp.weixin.qq.com → 开发 → 基本配置).
 * The AppID names the identity. `token` signs webhook calls; with an
 * `encodingAESKey` the account runs in safe mode (encrypted pushes).
 */
import { z } from 'zod';

export const WechatCredentials = z.object({
  appId: z.string().min(1).max(64),
  appSecret: z.string().min(1).max(128),
  /** The server-configuration Token used in `signature` / `msg_signature`. */
  token: z.string().min(1).max(128),
  /** 43 characters from the console; base64 of the 32-byte AES key without its trailing '='. */
  encodingAESKey: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}$/, 'EncodingAESKey is 43 letters and digits')
    .optional(),
  /** Replaces https://api.weixin.qq.com (tests, staging). */
  apiBaseUrl: z.string().url().optional(),
});
export type WechatCredentials = z.infer<typeof WechatCredentials>;
