/**
 * Twilio request validation. `X-Twilio-Signature` is
 * base64(HMAC-SHA1(auth token, URL + each POST parameter sorted by name as
 * name+value)). The URL is the one Twilio called (our public URL, query
 * included); Twilio's own validators also accept it with the default port
 * added or removed, so we try those forms too. JSON bodies are signed via a
 * `bodySHA256` query parameter over the URL alone. The signature covers no
 * timestamp of Twilio's own, so there is no freshness window to check.
 */
import { createHash, createHmac } from 'node:crypto';
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest } from '../types.js';
import type { TwilioCredentials } from './credentials.js';
import { parseTwilioForm, type TwilioParams } from './form.js';

function computeTwilioSignature(authToken: string, url: string, params: TwilioParams): string {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    // Twilio's validators sort a repeated parameter's values and sign each distinct one once.
    const values = [...new Set(params.get(name) ?? [])].sort();
    for (const value of values) data += name + value;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The URL as signed: WHATWG-normalised (so `'` becomes %27 in the query), with and without the default port. */
function urlVariants(url: string): string[] {
  if (!URL.canParse(url)) return [url];
  const parsed = new URL(url);
  const variants = new Set<string>([url, parsed.href]);
  const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : null;
  const withoutPort = new URL(parsed.href);
  withoutPort.port = '';
  variants.add(withoutPort.href);
  if (defaultPort) {
    // URL drops a default port on assignment, so splice it into the string by hand.
    const auth = withoutPort.username
      ? `${withoutPort.username}${withoutPort.password ? `:${withoutPort.password}` : ''}@`
      : '';
    variants.add(
      `${withoutPort.protocol}//${auth}${withoutPort.hostname}:${defaultPort}${withoutPort.pathname}${withoutPort.search}`,
    );
  }
  return [...variants];
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: TwilioParams,
  header: string | undefined,
): boolean {
  if (!header) return false;
  return urlVariants(url).some((variant) => safeEqual(computeTwilioSignature(authToken, variant, params), header));
}

/** A JSON-body request: the body hash must match `bodySHA256`, and the signature covers the URL only. */
export function verifyTwilioJsonBody(
  authToken: string,
  url: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  const claimed = URL.canParse(url) ? new URL(url).searchParams.get('bodySHA256') : null;
  if (!claimed) return false;
  const actual = createHash('sha256').update(rawBody).digest('hex');
  return safeEqual(actual, claimed) && verifyTwilioSignature(authToken, url, new Map(), header);
}

export function verifyTwilioRequest(req: WebhookRequest, credentials: TwilioCredentials): VerifyResult {
  const header = req.headers['x-twilio-signature'];
  if (!header) return { ok: false, status: 401, reason: 'missing X-Twilio-Signature' };
  const isJson = (req.headers['content-type'] ?? '').includes('json');
  const valid = isJson
    ? verifyTwilioJsonBody(credentials.authToken, req.publicUrl, req.rawBody, header)
    : verifyTwilioSignature(credentials.authToken, req.publicUrl, parseTwilioForm(req.rawBody), header);
  return valid
    ? { ok: true }
    : { ok: false, status: 401, reason: 'X-Twilio-Signature does not match the URL and parameters' };
}
