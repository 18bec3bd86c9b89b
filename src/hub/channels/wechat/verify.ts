/**
 * WeChat webhook authentication. WeChat signs the query, not the body:
 * `signature` = sha1(sort[token, timestamp, nonce]). With an EncodingAESKey
 * (safe or compatible mode) WeChat adds `msg_signature`, which also covers
 * the `Encrypt` ciphertext; decrypting it proves it was meant for our AppID.
 * Order: what the query alone shows (timestamp window, `signature`) before
 * the body is touched; then, in safe mode, the bounded XML for `Encrypt`,
 * `msg_signature` over it and the decryption. A channel with a key accepts
 * nothing that `msg_signature` does not cover: a plaintext push signed only
 * with `signature` would let one captured URL inject messages.
 * The GET URL check echoes `echostr` once the signature holds.
 */
import { AppError } from '../../../shared/errors.js';
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest, WebhookResponse } from '../types.js';
import type { WechatCredentials } from './credentials.js';
import { decryptWechatMessage, wechatSignature } from './crypto.js';
import { field, parseWechatXml } from './xml.js';

/**
 * How far the signed `timestamp` may be from the hub's clock. WeChat documents
 * no window; it retries a push three times within about 15 s (5 s timeout
 * each), so ±5 minutes keeps every genuine retry and clock drift.
 */
export const WECHAT_TIMESTAMP_WINDOW_MS = 5 * 60_000;

type Query = Readonly<Record<string, string>>;

function refuse(reason: string): VerifyResult {
  return { ok: false, status: 401, reason };
}

/** Why the signed timestamp cannot be trusted now, or null when it is within the window. */
function staleTimestamp(query: Query, receivedAt: number): string | null {
  const { timestamp } = query;
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return 'timestamp is missing or not a number';
  if (Math.abs(Number(timestamp) * 1000 - receivedAt) > WECHAT_TIMESTAMP_WINDOW_MS)
    return 'timestamp is more than 5 minutes from the hub clock';
  return null;
}

/** `signature` over token, timestamp and nonce (the algorithm alone; the window is checked apart). */
export function wechatQuerySignatureHolds(query: Query, token: string): boolean {
  const { signature, timestamp, nonce } = query;
  if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
  return safeEqual(wechatSignature([token, timestamp, nonce]), signature.toLowerCase());
}

function msgSignatureHolds(query: Query, token: string, encrypted: string): boolean {
  const { msg_signature: msgSignature, timestamp, nonce } = query;
  if (msgSignature === undefined || timestamp === undefined || nonce === undefined) return false;
  return safeEqual(wechatSignature([token, timestamp, nonce, encrypted]), msgSignature.toLowerCase());
}

/** Everything the query can refuse without the body. */
function queryVerdict(req: WebhookRequest, credentials: WechatCredentials): VerifyResult {
  const stale = staleTimestamp(req.query, req.receivedAt);
  if (stale) return refuse(stale);
  const safeMode = credentials.encodingAESKey !== undefined;
  if (safeMode && req.query.msg_signature === undefined)
    return refuse('the channel is in safe mode: msg_signature over the encrypted body is required');
  // In safe mode WeChat sends `signature` too; when present it must hold, and it costs no body.
  if ((!safeMode || req.query.signature !== undefined) && !wechatQuerySignatureHolds(req.query, credentials.token))
    return refuse('signature does not match token, timestamp and nonce');
  return { ok: true };
}

function safeModeVerdict(req: WebhookRequest, credentials: WechatCredentials, key: string): VerifyResult {
  // Bounded and checked before the parser sees it; a malformed body throws VALIDATION_FAILED (400).
  const encrypted = field(parseWechatXml(req.rawBody.toString('utf8')), 'Encrypt');
  if (encrypted === undefined || encrypted === '') return refuse('safe mode: the body has no Encrypt element');
  if (!msgSignatureHolds(req.query, credentials.token, encrypted)) return refuse('msg_signature does not match');
  try {
    decryptWechatMessage(encrypted, key, credentials.appId);
  } catch (err) {
    if (err instanceof AppError) return refuse(err.message);
    throw err;
  }
  return { ok: true };
}

export function verifyWechatRequest(req: WebhookRequest, credentials: WechatCredentials): VerifyResult {
  const byQuery = queryVerdict(req, credentials);
  if (!byQuery.ok) return byQuery;
  const key = credentials.encodingAESKey;
  return key === undefined ? byQuery : safeModeVerdict(req, credentials, key);
}

const TEXT = 'text/plain; charset=utf-8';

function failedHandshake(reason: string): WebhookResponse {
  return { status: 403, contentType: TEXT, body: `signature verification failed: ${reason}` };
}

/** The WeCom-style check: `msg_signature` over an encrypted `echostr`, answered with its decryption. */
function encryptedHandshake(req: WebhookRequest, credentials: WechatCredentials, key: string): WebhookResponse {
  const echostr = req.query.echostr ?? '';
  if (!msgSignatureHolds(req.query, credentials.token, echostr)) return failedHandshake('msg_signature does not match');
  try {
    return { status: 200, contentType: TEXT, body: decryptWechatMessage(echostr, key, credentials.appId) };
  } catch (err) {
    if (err instanceof AppError) return failedHandshake(err.message);
    throw err;
  }
}

/**
 * GET URL verification. Official Accounts send `signature` and a plain
 * `echostr`; the WeCom-style check sends `msg_signature` and an encrypted
 * `echostr`. Both carry the signed timestamp, judged like a push's.
 */
export function wechatHandshake(req: WebhookRequest, credentials: WechatCredentials): WebhookResponse | null {
  if (req.method !== 'GET') return null;
  if (req.query.echostr === undefined) return failedHandshake('echostr is missing');
  const stale = staleTimestamp(req.query, req.receivedAt);
  if (stale) return failedHandshake(stale);
  const key = credentials.encodingAESKey;
  if (req.query.msg_signature !== undefined && key !== undefined) return encryptedHandshake(req, credentials, key);
  return wechatQuerySignatureHolds(req.query, credentials.token)
    ? { status: 200, contentType: TEXT, body: req.query.echostr }
    : failedHandshake('signature does not match token, timestamp and nonce');
}
