/**
 * Outbound Telegram messages. Text goes by sendMessage (no parse_mode, so an
 * agent's `*` or `_` is shown as typed), files by sendPhoto / sendAnimation /
 * sendVideo / sendAudio / sendDocument as multipart uploads. Bot API limits:
 * text 4096 characters, caption 1024 — longer text is split into several
 * messages. The group conversation's chat id (threadKey) wins over the
 * contact's user id.
 */
import { z } from 'zod';
import type { AdapterContext, OutboundMedia, OutboundMessage, SendResult } from '../types.js';
import { refusedSend } from '../provider-codes.js';
import type { TelegramCredentials } from './credentials.js';
import { callTelegram } from './api.js';
import { telegramMessageId } from './parse.js';
import { MEDIA_TRANSFER_TIMEOUT_MS, splitText } from '../provider-call.js';

const TELEGRAM_TEXT_MAX = 4096;
const TELEGRAM_CAPTION_MAX = 1024;

const SentMessage = z.looseObject({ message_id: z.number().int(), chat: z.looseObject({ id: z.number().int() }) });

type Step = (chatId: string) => { method: string; body: Record<string, unknown> | FormData; timeoutMs?: number };

function uploadMethod(mimeType: string, size: number): { method: string; field: string } {
  // sendPhoto takes JPEG/PNG up to 10 MB; anything else that is an image goes as a file.
  if ((mimeType === 'image/jpeg' || mimeType === 'image/png') && size <= 10 * 1024 * 1024) {
    return { method: 'sendPhoto', field: 'photo' };
  }
  if (mimeType === 'image/gif') return { method: 'sendAnimation', field: 'animation' };
  if (mimeType === 'video/mp4') return { method: 'sendVideo', field: 'video' };
  // sendAudio is for MP3 and M4A, which Telegram shows in its music player.
  if (mimeType === 'audio/mpeg' || mimeType === 'audio/mp4') return { method: 'sendAudio', field: 'audio' };
  return { method: 'sendDocument', field: 'document' };
}

/** `${chat}:${message}` of the quoted message, when it is in the chat we send to. */
function replyParameters(message: OutboundMessage, chatId: string): Record<string, unknown> {
  const quoted = message.replyToProviderMessageId;
  if (quoted === null) return {};
  const split = quoted.lastIndexOf(':');
  if (split < 0 || quoted.slice(0, split) !== chatId) return {};
  const messageId = Number(quoted.slice(split + 1));
  if (!Number.isSafeInteger(messageId)) return {};
  // Send anyway if the quoted message was deleted meanwhile.
  return { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
}

function textStep(message: OutboundMessage, text: string, first: boolean): Step {
  return (chatId) => ({
    method: 'sendMessage',
    body: { chat_id: chatId, text, ...(first ? replyParameters(message, chatId) : {}) },
  });
}

function mediaStep(message: OutboundMessage, media: OutboundMedia, caption: string | null, first: boolean): Step {
  const { method, field } = uploadMethod(media.mimeType, media.size);
  return (chatId) => {
    const form = new FormData();
    form.append('chat_id', chatId);
    if (caption !== null) form.append('caption', caption);
    const reply = first ? replyParameters(message, chatId).reply_parameters : undefined;
    if (reply !== undefined) form.append('reply_parameters', JSON.stringify(reply));
    form.append(field, new Blob([media.bytes], { type: media.mimeType }), media.fileName);
    return { method, body: form, timeoutMs: MEDIA_TRANSFER_TIMEOUT_MS };
  };
}

function planSteps(message: OutboundMessage): Step[] {
  const text = message.kind === 'template' ? (message.template?.renderedBody ?? message.text) : message.text;
  const body = text === null || text.trim() === '' ? null : text;
  if (message.media.length === 0) {
    return body === null ? [] : splitText(body, TELEGRAM_TEXT_MAX).map((piece, i) => textStep(message, piece, i === 0));
  }
  // A short text rides along as the first file's caption; a long one is sent first, on its own.
  const asCaption = body !== null && body.length <= TELEGRAM_CAPTION_MAX ? body : null;
  const leading = body !== null && asCaption === null ? splitText(body, TELEGRAM_TEXT_MAX) : [];
  return [
    ...leading.map((piece, i) => textStep(message, piece, i === 0)),
    ...message.media.map((m, i) => mediaStep(message, m, i === 0 ? asCaption : null, leading.length === 0 && i === 0)),
  ];
}

export async function sendTelegramMessage(
  message: OutboundMessage,
  credentials: TelegramCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const steps = planSteps(message);
  if (steps.length === 0) {
    return refusedSend('VALIDATION_FAILED', 'nothing to send');
  }
  let chatId = message.threadKey ?? message.to;
  let firstId: string | null = null;
  for (const step of steps) {
    let call = step(chatId);
    let result = await callTelegram(credentials, ctx, call.method, call.body, SentMessage, {
      timeoutMs: call.timeoutMs,
    });
    if (!result.ok && result.migrateToChatId !== null) {
      // "group chat was upgraded to a supergroup chat": the same conversation now lives at the new id.
      chatId = String(result.migrateToChatId);
      call = step(chatId);
      result = await callTelegram(credentials, ctx, call.method, call.body, SentMessage, { timeoutMs: call.timeoutMs });
    }
    if (!result.ok) return { ok: false, error: result.failure };
    firstId ??= telegramMessageId(result.result.chat.id, result.result.message_id);
  }
  return firstId === null ? refusedSend('INTERNAL', 'no message sent') : { ok: true, providerMessageId: firstId };
}
