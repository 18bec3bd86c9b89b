/**
 * Outbound LINE messages. A reply token that is still valid makes the message
 * a free reply (`/v2/bot/message/reply`); otherwise, or when LINE says the
 * token is no longer valid, it is pushed (`/v2/bot/message/push`) with an
 * `X-Line-Retry-Key` derived from our message id, so a retry after a timeout
 * can never deliver twice (LINE answers 409 for a key it already accepted).
 *
 * LINE sends media by URL (HTTPS, fetched by LINE): images, video and audio
 * only — there is no file message to send — at most 5 messages per request
 * and 5,000 characters per text. A video's `previewImageUrl` is the hub's PNG
 * poster of it (poster-image.ts), never the video itself; an audio message's
 * `duration` is the m4a file's own length (media-duration.ts), and audio
 * whose length cannot be read is refused before LINE is called.
 */
import { createHash } from 'node:crypto';
import { splitText, unreachableFailure } from '../provider-call.js';
import { refusal, refusedSend } from '../provider-codes.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { AdapterContext, OutboundMedia, OutboundMessage, ProviderFailure, SendResult } from '../types.js';
import { postLine, type LineAnswer } from './api.js';
import type { LineCredentials } from './credentials.js';
import { isInvalidReplyToken, mapLineFailure } from './errors.js';
import { LineSentMessages } from './payload.js';
import { isMp4Container, mp4DurationMs } from '../media-duration.js';

const LINE_TEXT_MAX = 5000;
const LINE_MESSAGES_PER_REQUEST = 5;

type LineOutbound = Readonly<Record<string, unknown>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The retry key of request `index` of a message: the same on every retry of that message. */
export function lineRetryKey(messageId: string, index: number): string {
  if (index === 0 && UUID.test(messageId)) return messageId.toLowerCase();
  const hex = createHash('sha256').update(`${messageId}:${index}`).digest('hex');
  // Name-based UUID layout (version 5 nibble, RFC 4122 variant) from the digest.
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type Built =
  { readonly ok: true; readonly message: LineOutbound } | { readonly ok: false; readonly error: ProviderFailure };

const built = (message: LineOutbound): Built => ({ ok: true, message });
const refused = (code: ErrorCode, reason: string): Built => ({ ok: false, error: refusal(code, reason) });

function mediaMessage(media: OutboundMedia): Built {
  const url = media.publicUrl;
  if (media.mimeType.startsWith('image/'))
    return built({ type: 'image', originalContentUrl: url, previewImageUrl: url });
  if (media.mimeType.startsWith('video/')) {
    // LINE: previewImageUrl is a JPEG or PNG; the video itself is no preview.
    if (!media.posterUrl) return refused('VALIDATION_FAILED', `no preview image link for ${media.fileName}`);
    return built({ type: 'video', originalContentUrl: url, previewImageUrl: media.posterUrl });
  }
  if (media.mimeType.startsWith('audio/')) {
    // LINE plays m4a audio only, and needs its length in milliseconds.
    if (!isMp4Container(media.bytes))
      return refused('ATTACHMENT_TYPE_NOT_ALLOWED', `LINE plays m4a audio only; ${media.fileName} is not one`);
    const duration = mp4DurationMs(media.bytes);
    if (duration === null)
      return refused('VALIDATION_FAILED', `the length of ${media.fileName} cannot be read, so LINE cannot play it`);
    return built({ type: 'audio', originalContentUrl: url, duration });
  }
  return refused('ATTACHMENT_TYPE_NOT_ALLOWED', `LINE cannot send ${media.mimeType} files`);
}

function lineMessages(message: OutboundMessage): LineOutbound[] | SendResult {
  const text = message.kind === 'template' ? (message.template?.renderedBody ?? message.text) : message.text;
  const out: LineOutbound[] =
    text !== null && text.trim() !== '' ? splitText(text, LINE_TEXT_MAX).map((t) => ({ type: 'text', text: t })) : [];
  for (const media of message.media) {
    const one = mediaMessage(media);
    if (!one.ok) return one;
    out.push(one.message);
  }
  return out.length === 0 ? refusedSend('VALIDATION_FAILED', 'nothing to send') : out;
}

function sentId(answer: LineAnswer, fallback: string): string {
  const parsed = LineSentMessages.safeParse(answer.body);
  const first = parsed.success ? parsed.data.sentMessages?.[0]?.id : undefined;
  return (
    first ?? answer.headers.get('x-line-accepted-request-id') ?? answer.headers.get('x-line-request-id') ?? fallback
  );
}

async function sendBatch(
  message: OutboundMessage,
  batch: LineOutbound[],
  index: number,
  credentials: LineCredentials,
  ctx: AdapterContext,
): Promise<{ ok: true; id: string } | { ok: false; failure: ProviderFailure }> {
  const fallbackId = `${message.messageId}:${index}`;
  try {
    if (index === 0 && message.replyToken !== null) {
      const replied = await postLine(credentials, ctx, '/v2/bot/message/reply', {
        replyToken: message.replyToken,
        messages: batch,
      });
      if (replied.status < 300) return { ok: true, id: sentId(replied, fallbackId) };
      if (!isInvalidReplyToken(replied.status, replied.body))
        return { ok: false, failure: mapLineFailure(replied.status, replied.body) };
    }
    const pushed = await postLine(
      credentials,
      ctx,
      '/v2/bot/message/push',
      { to: message.threadKey ?? message.to, messages: batch },
      { 'x-line-retry-key': lineRetryKey(message.messageId, index) },
    );
    // 409: an earlier attempt with this retry key was accepted — the message is out, do not send again.
    if (pushed.status < 300 || pushed.status === 409) return { ok: true, id: sentId(pushed, fallbackId) };
    return { ok: false, failure: mapLineFailure(pushed.status, pushed.body) };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

export async function sendLineMessage(
  message: OutboundMessage,
  credentials: LineCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const built = lineMessages(message);
  if (!Array.isArray(built)) return built;
  let firstId: string | null = null;
  for (let index = 0; index * LINE_MESSAGES_PER_REQUEST < built.length; index += 1) {
    const batch = built.slice(index * LINE_MESSAGES_PER_REQUEST, (index + 1) * LINE_MESSAGES_PER_REQUEST);
    const result = await sendBatch(message, batch, index, credentials, ctx);
    if (!result.ok) return { ok: false, error: result.failure };
    firstId ??= result.id;
  }
  return firstId === null ? refusedSend('INTERNAL', 'no message sent') : { ok: true, providerMessageId: firstId };
}
