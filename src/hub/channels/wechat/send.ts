/**
 * Outbound WeChat messages through the customer-service API
 * (`POST /cgi-bin/message/custom/send`), allowed for 48 hours after the
 * customer last wrote. Files are first uploaded as temporary media
 * (`POST /cgi-bin/media/upload?type=image|voice|video`, field "media") and
 * then sent by media_id. Text is limited to 2,048 bytes per message, so longer
 * text goes as several messages. The API returns no message id; ours stands
 * in for it.
 */
import { z } from 'zod';
import { MEDIA_TRANSFER_TIMEOUT_MS, providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { refusal, refusedSend } from '../provider-codes.js';
import type { AdapterContext, OutboundMedia, OutboundMessage, SendResult } from '../types.js';
import { errcodeOutcome, wechatRoot, withAccessToken, type TokenCallOutcome, type WechatCall } from './api.js';
import type { WechatCredentials } from './credentials.js';

const WECHAT_TEXT_MAX_BYTES = 2048;

const UploadAnswer = z.looseObject({ media_id: z.string().min(1) });

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes without cutting a character. */
function splitUtf8(text: string, maxBytes: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) {
      pieces.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  return current === '' ? pieces : [...pieces, current];
}

/** WeChat temporary media types: images (jpg/png/gif), voice (amr/mp3), video (mp4). */
function mediaType(mimeType: string): 'image' | 'voice' | 'video' | null {
  if (mimeType === 'image/jpeg' || mimeType === 'image/png' || mimeType === 'image/gif') return 'image';
  if (mimeType === 'audio/amr' || mimeType === 'audio/mpeg') return 'voice';
  if (mimeType === 'video/mp4') return 'video';
  return null;
}

async function postJson(url: string, body: unknown, ctx: AdapterContext): Promise<TokenCallOutcome<true>> {
  try {
    const res = await providerFetch(ctx, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // WeChat reads UTF-8 JSON; it must not get \u escapes for CJK text, which JSON.stringify does not produce.
      body: JSON.stringify(body),
    });
    return errcodeOutcome(res.status, await readJsonBody(res)) ?? { ok: true, value: true };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

async function uploadMedia(
  media: OutboundMedia,
  type: string,
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<WechatCall<string>> {
  return withAccessToken<string>(credentials, ctx, async (token) => {
    const form = new FormData();
    form.append('media', new Blob([media.bytes], { type: media.mimeType }), media.fileName);
    const query = new URLSearchParams({ access_token: token, type });
    try {
      const res = await providerFetch(
        ctx,
        `${wechatRoot(credentials)}/cgi-bin/media/upload?${query.toString()}`,
        { method: 'POST', body: form },
        MEDIA_TRANSFER_TIMEOUT_MS,
      );
      const body = await readJsonBody(res);
      const failed = errcodeOutcome(res.status, body);
      if (failed) return failed;
      const uploaded = UploadAnswer.safeParse(body);
      if (uploaded.success) return { ok: true, value: uploaded.data.media_id };
      return { ok: false, failure: refusal('PROVIDER_REJECTED', 'media/upload: no media_id') };
    } catch (err) {
      return { ok: false, failure: unreachableFailure(err) };
    }
  });
}

function sendCustom(
  credentials: WechatCredentials,
  ctx: AdapterContext,
  payload: Record<string, unknown>,
): Promise<WechatCall<true>> {
  return withAccessToken(credentials, ctx, (token) =>
    postJson(
      `${wechatRoot(credentials)}/cgi-bin/message/custom/send?access_token=${encodeURIComponent(token)}`,
      payload,
      ctx,
    ),
  );
}

export async function sendWechatMessage(
  message: OutboundMessage,
  credentials: WechatCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const text = message.kind === 'template' ? (message.template?.renderedBody ?? message.text) : message.text;
  const pieces = text !== null && text.trim() !== '' ? splitUtf8(text, WECHAT_TEXT_MAX_BYTES) : [];
  const types = message.media.map((m) => mediaType(m.mimeType));
  const unsupportedIndex = types.indexOf(null);
  if (unsupportedIndex >= 0) {
    return refusedSend(
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      `WeChat cannot send ${message.media[unsupportedIndex]?.mimeType ?? 'this'} files`,
    );
  }
  if (pieces.length === 0 && message.media.length === 0) return refusedSend('VALIDATION_FAILED', 'nothing to send');
  const touser = message.to;
  for (const content of pieces) {
    const sent = await sendCustom(credentials, ctx, { touser, msgtype: 'text', text: { content } });
    if (!sent.ok) return { ok: false, error: sent.failure };
  }
  for (const [i, media] of message.media.entries()) {
    const type = types[i] ?? 'image';
    const uploaded = await uploadMedia(media, type, credentials, ctx);
    if (!uploaded.ok) return { ok: false, error: uploaded.failure };
    // A video may carry a title; the file name is the best one the hub has.
    const body = type === 'video' ? { media_id: uploaded.value, title: media.fileName } : { media_id: uploaded.value };
    const sent = await sendCustom(credentials, ctx, { touser, msgtype: type, [type]: body });
    if (!sent.ok) return { ok: false, error: sent.failure };
  }
  return { ok: true, providerMessageId: `wechat:${message.messageId}` };
}
