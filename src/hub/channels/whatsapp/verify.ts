/**
 * WhatsApp webhook authentication. Meta signs the raw body:
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, so we
 * verify the bytes before parsing JSON (re-serialising changes them). The GET
 * handshake echoes `hub.challenge` only for `hub.mode=subscribe` with our
 * verify token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest, WebhookResponse } from '../types.js';
import type { WhatsappCredentials } from './credentials.js';

// Meta sends lower-case hex; upper-case hex is accepted too because it names the same digest.
const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

export function verifyWhatsappSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  const hex = SIGNATURE_HEADER.exec(header ?? '')?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

export function verifyWhatsappRequest(req: WebhookRequest, credentials: WhatsappCredentials): VerifyResult {
  const header = req.headers['x-hub-signature-256'];
  if (header === undefined || header === '') return { ok: false, status: 401, reason: 'missing X-Hub-Signature-256' };
  if (!verifyWhatsappSignature(credentials.appSecret, req.rawBody, header)) {
    return { ok: false, status: 401, reason: 'X-Hub-Signature-256 does not match the body' };
  }
  return { ok: true };
}

/** GET verification: 200 with the challenge verbatim, else 403. */
export function whatsappHandshake(req: WebhookRequest, credentials: WhatsappCredentials): WebhookResponse | null {
  if (req.method !== 'GET') return null;
  const mode = req.query['hub.mode'];
  const token = req.query['hub.verify_token'];
  const challenge = req.query['hub.challenge'];
  if (
    mode === 'subscribe' &&
    token !== undefined &&
    challenge !== undefined &&
    safeEqual(token, credentials.verifyToken)
  ) {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: challenge };
  }
  return { status: 403, contentType: 'text/plain; charset=utf-8', body: 'verification failed' };
}
