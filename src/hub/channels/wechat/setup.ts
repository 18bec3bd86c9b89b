/**
 * WeChat Official Accounts Platform → 设置与开发 → 基本配置 → 服务器配置: URL (http on port 80 or
 * https on 443), 令牌 Token, EncodingAESKey and 消息加解密方式 — 安全模式 (safe) when the channel has
 * an EncodingAESKey, else 明文模式; WeChat checks the URL with a signed GET (echostr) on submit. Every
 * push (messages and events) goes to that one URL; there is nothing to subscribe to one by one.
 */
import type { SetupValue } from '../../../shared/channel-setup.js';
import type { WebhookSetup } from '../types.js';
import type { WechatCredentials } from './credentials.js';

function wechatValues(credentials: WechatCredentials): SetupValue[] {
  const values: SetupValue[] = [{ name: 'serverToken', value: credentials.token }];
  if (credentials.encodingAESKey !== undefined) {
    values.push({ name: 'encodingAESKey', value: credentials.encodingAESKey });
  }
  values.push({ name: 'encryptionMode', value: credentials.encodingAESKey === undefined ? 'plaintext' : 'safe' });
  return values;
}

export const wechatSetup: WebhookSetup<WechatCredentials> = {
  connection: 'console',
  events: ['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link', 'event'],
  pasteValues: (credentials) => wechatValues(credentials),
};
