/**
 * The hosts each provider documents for media downloads. The hub fetches
 * inbound media only from these (over https, at public addresses), from the
 * origin a channel's `apiBaseUrl` names, or from origins the operator lists
 * in SWITCHBOARD_MEDIA_HOSTS; see safe-fetch.ts for the rules.
 */

/** Twilio: `MediaUrl{n}` is a Media resource on the REST API host (needs basic auth when media protection is on). */
export const TWILIO_MEDIA_HOSTS = ['api.twilio.com'] as const;

/**
 * Twilio redirects a Media resource to the file: with "Enforce HTTP Auth on
 * Media URLs" to a short-lived URL on mms.twiliocdn.com, before that (and for
 * older media) to s3-external-1.amazonaws.com (Twilio support article
 * 223183748). Reached only by that redirect, never with the credentials.
 */
export const TWILIO_MEDIA_REDIRECT_HOSTS = ['mms.twiliocdn.com', 's3-external-1.amazonaws.com'] as const;

/**
 * WhatsApp Cloud API: `GET /{media-id}` on graph.facebook.com answers a URL on
 * lookaside.fbsbx.com (`/whatsapp_business/attachments/?mid=…`, valid about
 * five minutes) that must be fetched with the same bearer token.
 */
export const WHATSAPP_MEDIA_HOSTS = ['lookaside.fbsbx.com'] as const;

/** Telegram Bot API: files are served by the API host at `/file/bot<token>/<file_path>`. */
export const TELEGRAM_MEDIA_HOSTS = ['api.telegram.org'] as const;

/** LINE Messaging API: message content is served by api-data.line.me (`/v2/bot/message/{id}/content`). */
export const LINE_MEDIA_HOSTS = ['api-data.line.me'] as const;

/** WeChat Official Accounts: `cgi-bin/media/get` on the API host. */
export const WECHAT_MEDIA_HOSTS = ['api.weixin.qq.com'] as const;

/**
 * Profile pictures (issue 13 §3). LINE's `GET /v2/bot/profile/{userId}` answers an https `pictureUrl`
 * on LINE's profile CDN (https://developers.line.biz/en/reference/messaging-api/#get-profile).
 */
export const LINE_AVATAR_HOSTS = ['profile.line-scdn.net'] as const;

/** WeChat `cgi-bin/user/info` answers `headimgurl` on the qlogo.cn image hosts (often as http://; fetched over https). */
export const WECHAT_AVATAR_HOSTS = ['thirdwx.qlogo.cn', 'wx.qlogo.cn'] as const;

/** The origin of a configured base URL (`apiBaseUrl`), or none when it is unset. */
export function configuredOrigins(baseUrl: string | undefined): string[] {
  if (baseUrl === undefined) return [];
  return [new URL(baseUrl).origin];
}

/** `https://<host>` for each documented host: where an adapter may send its credentials. */
export function httpsOrigins(hosts: readonly string[]): string[] {
  return hosts.map((host) => `https://${host}`);
}
