/**
 * LINE webhook authentication: `X-Line-Signature` is base64(HMAC-SHA256(channel
 * secret, raw body)). Verify the raw bytes before parsing JSON — a re-serialised
 * body would not match — and compare in constant time.
 */
import { createHmac } from 'node:crypto';
import { safeEqual } from '../provider-http.js';
import type { VerifyResult, WebhookRequest } from '../types.js';
import type { LineCredentials } from './credentials.js';

export function lineSignature(channelSecret: string, rawBody: Buffer): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}

function verifyLineSignature(channelSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  return safeEqual(lineSignature(channelSecret, rawBody), header);
}

export function verifyLineRequest(req: WebhookRequest, credentials: LineCredentials): VerifyResult {
  const header = req.headers['x-line-signature'];
  if (header === undefined || header === '') return { ok: false, status: 401, reason: 'missing X-Line-Signature' };
  if (!verifyLineSignature(credentials.channelSecret, req.rawBody, header)) {
    return { ok: false, status: 401, reason: 'X-Line-Signature does not match the body' };
  }
  return { ok: true };
}
