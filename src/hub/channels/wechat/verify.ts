/**
 * WeChat webhook authentication. WeChat signs the query, not the body:
 * `signature` = sha1(sort[token, timestamp, nonce]). In safe mode the body is
 * encrypted and `msg_signature` also covers the `Encrypt` ciphertext, so the
 * body is authenticated too; decrypting it proves it was meant for our AppID.
 * The GET URL check echoes `echostr` once the signature holds.
 */
import { AppError } from '../../../shared/errors.js';
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest, WebhookResponse } from '../types.js';
import type { WechatCredentials } from './credentials.js';
import { decryptWechatMessage, wechatSignature } from './crypto.js';
import { field, parseWechatXml } from './xml.js';

function refuse(reason: string): VerifyResult {
  return { ok: false, status: 401, reason };
}

function plainSignatureHolds(query: Readonly<Record<string, string>>, token: string): boolean {
  const { signature, timestamp, nonce } = query;
  if (signature === undefined || timestamp === undefined || nonce === undefined) return false;
  return safeEqual(wechatSignature([token, timestamp, nonce]), signature.toLowerCase());
}

function msgSignatureHolds(query: Readonly<Record<string, string>>, token: string, encrypted: string): boolean {
  const { msg_signature: msgSignature, timestamp, nonce } = query;
  if (msgSignature === undefined || timestamp === undefined || nonce === undefined) return false;
  return safeEqual(wechatSignature([token, timestamp, nonce, encrypted]), msgSignature.toLowerCase());
}

/** The `Encrypt` element of a safe-mode body, if the body is XML and has one. */
function encryptedPart(rawBody: Buffer): string | undefined {
  try {
    return field(parseWechatXml(rawBody.toString('utf8')), 'Encrypt');
  } catch (err) {
    // Not XML: there is nothing encrypted to check; parse() reports the malformed body.
    if (err instanceof AppError) return undefined;
    throw err;
  }
}

function safeModeResult(
  req: WebhookRequest,
  credentials: WechatCredentials,
  key: string,
  encrypted: string,
): VerifyResult {
  if (!msgSignatureHolds(req.query, credentials.token, encrypted)) return refuse('msg_signature does not match');
  try {
    decryptWechatMessage(encrypted, key, credentials.appId);
  } catch (err) {
    return refuse(err instanceof Error ? err.message : String(err));
  }
  return { ok: true };
}

export function verifyWechatRequest(req: WebhookRequest, credentials: WechatCredentials): VerifyResult {
  const key = credentials.encodingAESKey;
  if (key !== undefined && req.query.msg_signature !== undefined) {
    const encrypted = encryptedPart(req.rawBody);
    if (encrypted === undefined) return refuse('safe mode: the body has no Encrypt element');
    return safeModeResult(req, credentials, key, encrypted);
  }
  if (!plainSignatureHolds(req.query, credentials.token))
    return refuse('signature does not match token, timestamp and nonce');
  return { ok: true };
}

const TEXT = 'text/plain; charset=utf-8';

/**
 * GET URL verification. Official Accounts send `signature` and a plain
 * `echostr`; the WeCom-style check sends `msg_signature` and an encrypted
 * `echostr`, answered with its decryption.
 */
export function wechatHandshake(req: WebhookRequest, credentials: WechatCredentials): WebhookResponse | null {
  if (req.method !== 'GET') return null;
  const echostr = req.query.echostr;
  const failed: WebhookResponse = { status: 403, contentType: TEXT, body: 'signature verification failed' };
  if (echostr === undefined) return failed;
  const key = credentials.encodingAESKey;
  if (req.query.msg_signature !== undefined && key !== undefined) {
    if (!msgSignatureHolds(req.query, credentials.token, echostr)) return failed;
    try {
      return { status: 200, contentType: TEXT, body: decryptWechatMessage(echostr, key, credentials.appId) };
    } catch (err) {
      if (err instanceof AppError) return failed;
      throw err;
    }
  }
  return plainSignatureHolds(req.query, credentials.token) ? { status: 200, contentType: TEXT, body: echostr } : failed;
}
