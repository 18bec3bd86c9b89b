/**
 * WeChat Official Account adapter. Owns everything WeChat-shaped: query
 * signatures and safe-mode decryption, the XML pushes, the access token, the
 * customer-service send API, temporary media and WeChat's errcodes. It never
 * touches the store.
 */
import { AppError } from '../../../shared/errors.js';
import type { ChannelAdapter, ClickToChat } from '../types.js';
import { WechatCredentials } from './credentials.js';
import { verifyWechatCredentials } from './credentials-check.js';
import { wechatSetup } from './setup.js';
import { downloadWechatMedia } from './media.js';
import { parseWechatWebhook } from './parse.js';
import { fetchWechatProfile } from './profile.js';
import { wechatClickToChatAsync } from './qrcode.js';
import { sendWechatMessage } from './send.js';
import { verifyWechatRequest, wechatHandshake } from './verify.js';

/** Without an API call: WeChat's QR image of the account by its original id (gh_…) or WeChat ID. */
function wechatClickToChat(handle: string | undefined): ClickToChat {
  const username = handle?.trim();
  if (!username) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Set the Official Account original ID (gh_…) or WeChat ID as the channel public handle.',
    );
  }
  return {
    url: `https://open.weixin.qq.com/qr/code?username=${encodeURIComponent(username)}`,
    label: `WeChat ${username}`,
  };
}

export const wechatAdapter: ChannelAdapter<WechatCredentials> = {
  kind: 'wechat',
  capabilities: { mediaByUrl: false },
  credentialsSchema: WechatCredentials,
  // WeChat posts text/xml (some gateways say application/xml). Compatible mode roughly triples a push
  // ("消息包长度增加到原来的3倍左右"); a text push is a few KB, so 128 KiB leaves ample room.
  webhook: { contentTypes: ['text/xml', 'application/xml'], maxBodyBytes: 128 * 1024 },
  identityOf: (credentials) => credentials.appId,
  handshake: wechatHandshake,
  verify: verifyWechatRequest,
  parse: parseWechatWebhook,
  send: sendWechatMessage,
  verifyCredentials: verifyWechatCredentials,
  setup: wechatSetup,
  downloadMedia: downloadWechatMedia,
  fetchProfile: fetchWechatProfile,
  clickToChat: (_credentials, settings) => wechatClickToChat(settings.publicHandle),
  // The hub serves this one: the QR content WeChat itself encodes, from the account-QR API.
  clickToChatAsync: wechatClickToChatAsync,
};
