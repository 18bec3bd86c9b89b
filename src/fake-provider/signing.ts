/**
 * How each provider signs the webhooks it sends, so the fake's webhooks (the
 * tests', the demo's) take the hub's real verification path
 * (src/hub/channels/<kind>/verify.ts checks the same bytes):
 *   WhatsApp Cloud  X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, raw body)
 *   Twilio          X-Twilio-Signature: base64 HMAC-SHA1(auth token, URL + each POST field's name and
 *                   value, sorted by name)
 *   LINE            X-Line-Signature: base64 HMAC-SHA256(channel secret, raw body)
 *   WeChat          ?signature= hex SHA-1 of token, timestamp and nonce, sorted and joined
 *   Telegram        X-Telegram-Bot-Api-Secret-Token: the secret token given to setWebhook, as is
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A webhook as the provider would post it: the body, its headers, and the query (WeChat signs there). */
export interface SignedWebhook {
  readonly body: string;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Query string including '?', or ''. */
  readonly query: string;
}

/** X-Hub-Signature-256 for a body (WhatsApp Cloud; also Meta's template and account webhooks). */
export function metaSignature(appSecret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** X-Twilio-Signature for a form body posted to `url`. */
export function twilioSignature(authToken: string, url: string, form: URLSearchParams): string {
  let data = url;
  for (const name of [...new Set(form.keys())].sort())
    for (const value of [...new Set(form.getAll(name))].sort()) data += name + value;
  return createHmac('sha1', authToken).update(data).digest('base64');
}

/** X-Line-Signature for a body. */
export function lineSignature(channelSecret: string, body: string | Buffer): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/** WeChat's `signature` query parameter for a push at `timestamp` (Unix seconds, as text) with `nonce`. */
export function wechatSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

/** A WhatsApp Cloud webhook: a JSON body signed with the app secret. */
export function signedWhatsappWebhook(appSecret: string, body: string): SignedWebhook {
  return {
    body,
    contentType: 'application/json',
    headers: { 'x-hub-signature-256': metaSignature(appSecret, body) },
    query: '',
  };
}

/** A Twilio webhook: the form, signed together with the URL Twilio posts it to. */
export function signedTwilioWebhook(authToken: string, url: string, form: URLSearchParams): SignedWebhook {
  return {
    body: form.toString(),
    contentType: 'application/x-www-form-urlencoded',
    headers: { 'x-twilio-signature': twilioSignature(authToken, url, form) },
    query: '',
  };
}

/** A LINE webhook: a JSON body signed with the channel secret. */
export function signedLineWebhook(channelSecret: string, body: string): SignedWebhook {
  return {
    body,
    contentType: 'application/json',
    headers: { 'x-line-signature': lineSignature(channelSecret, body) },
    query: '',
  };
}

/** A WeChat push: XML, signed in the query at `now` with a fresh nonce (plus `openid`, as WeChat adds). */
export function signedWechatWebhook(token: string, xml: string, openid: string, now: number): SignedWebhook {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(6).toString('hex');
  const signature = wechatSignature(token, timestamp, nonce);
  const query = `?${new URLSearchParams({ signature, timestamp, nonce, openid }).toString()}`;
  return { body: xml, contentType: 'text/xml', headers: {}, query };
}

/** A Telegram webhook update: JSON with the secret token setWebhook was given. */
export function signedTelegramWebhook(secretToken: string, update: unknown): SignedWebhook {
  return {
    body: JSON.stringify(update),
    contentType: 'application/json',
    headers: { 'x-telegram-bot-api-secret-token': secretToken },
    query: '',
  };
}

/**
 * Posts a webhook to the hub as the provider does, trying again (up to `attempts` in all, `retryMs` apart)
 * while the answer is not 2xx or the connection fails — providers redeliver what got no 2xx. Answers the
 * last response, or throws the last connection error.
 */
export async function deliverWebhook(
  url: string,
  webhook: SignedWebhook,
  options: { readonly attempts?: number; readonly retryMs?: number } = {},
): Promise<Response> {
  const attempts = Math.max(1, options.attempts ?? 1);
  let failure: unknown = null;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1000));
    try {
      const res = await fetch(`${url}${webhook.query}`, {
        method: 'POST',
        headers: { 'content-type': webhook.contentType, ...webhook.headers },
        body: webhook.body,
      });
      if (res.ok || attempt === attempts) return res;
      await res.arrayBuffer();
    } catch (err) {
      failure = err;
      if (attempt === attempts) throw err;
    }
  }
  throw failure instanceof Error ? failure : new Error('webhook not delivered');
}
