/**
 * Twilio webhook form → InboundEvents. One URL receives both incoming
 * messages and status callbacks: a body with `MessageStatus` is a delivery
 * receipt for one of ours, anything else with `SmsStatus=received` is the
 * customer writing. Field names from Twilio's "incoming message webhook" and
 * "status callback" references; unknown fields are ignored.
 */
import type { MessageKind, MessageMeta } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { InboundEvent, MediaRef, ParsedWebhook, SenderInfo, WebhookRequest } from '../types.js';
import { receiptStateOf } from '../provider-codes.js';
import { WHATSAPP_PREFIX } from './credentials.js';
import { mapTwilioError } from './errors.js';
import { parseTwilioForm, type TwilioParams as Form } from './form.js';

/** Twilio's form body answered with empty TwiML: "received, nothing to say". */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function field(form: Form, name: string): string | null {
  const value = form.get(name)?.[0];
  return value === undefined || value === '' ? null : value;
}

function statusEvent(form: Form, sid: string, status: string, now: number): InboundEvent | null {
  // queued, accepted, sending … are intermediate and change nothing.
  const state = receiptStateOf(status, ['undelivered', 'canceled']);
  if (!state) return null;
  const rawCode = field(form, 'ErrorCode');
  const code = rawCode !== null && /^\d+$/.test(rawCode) ? Number(rawCode) : null;
  const failure = state === 'failed' ? mapTwilioError(code, field(form, 'ErrorMessage'), null, null) : null;
  return {
    type: 'status',
    providerMessageId: sid,
    state,
    errorCode: failure ? failure.code : null,
    providerError: failure ? failure.providerError : null,
    at: now,
  };
}

function mediaOf(form: Form): MediaRef[] {
  const count = Number(field(form, 'NumMedia') ?? '0');
  const media: MediaRef[] = [];
  for (let i = 0; i < (Number.isInteger(count) ? Math.min(count, 10) : 0); i += 1) {
    const url = field(form, `MediaUrl${i}`);
    if (url) media.push({ ref: url, mimeType: field(form, `MediaContentType${i}`), fileName: null, size: null });
  }
  return media;
}

function mediaKind(type: string, media: readonly MediaRef[]): MessageKind {
  const mime = media[0]?.mimeType ?? '';
  if (type === 'sticker') return 'sticker';
  if (type === 'image' || mime.startsWith('image/')) return 'image';
  if (type === 'video' || mime.startsWith('video/')) return 'video';
  // WhatsApp voice notes are Opus in Ogg; music files arrive as mp3/aac/m4a.
  if (type === 'audio' || mime.startsWith('audio/')) return mime.startsWith('audio/ogg') ? 'voice' : 'audio';
  return 'document';
}

interface Content {
  readonly kind: MessageKind;
  readonly text: string | null;
  readonly meta: MessageMeta;
}

function locationContent(form: Form): Content | null {
  const latitude = Number(field(form, 'Latitude'));
  const longitude = Number(field(form, 'Longitude'));
  if (field(form, 'Latitude') === null || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  const location: NonNullable<MessageMeta['location']> = { latitude, longitude };
  const label = field(form, 'Label');
  const address = field(form, 'Address');
  if (label) location.name = label.slice(0, 500);
  if (address) location.address = address.slice(0, 1000);
  return { kind: 'location', text: [label, address].filter(Boolean).join('\n') || null, meta: { location } };
}

function choiceContent(form: Form): Content | null {
  // Quick-reply buttons send ButtonPayload/ButtonText; list picks send ListId/ListTitle.
  const title = field(form, 'ButtonText') ?? field(form, 'ListTitle') ?? field(form, 'Body');
  const id = field(form, 'ButtonPayload') ?? field(form, 'ListId') ?? title;
  if (!title || !id) return null;
  return {
    kind: 'interactive',
    text: title,
    meta: { interactive: { id: id.slice(0, 1000), title: title.slice(0, 1000) } },
  };
}

function contentOf(form: Form, type: string, media: readonly MediaRef[]): Content {
  const body = field(form, 'Body');
  if (type === 'location' || (type === '' && field(form, 'Latitude') !== null)) {
    const location = locationContent(form);
    if (location) return location;
  }
  if (type === 'button' || type === 'interactive') {
    const choice = choiceContent(form);
    if (choice) return choice;
  }
  if (media.length > 0) {
    const kind = mediaKind(type, media);
    // A document's Body is its file name on WhatsApp; other media carry the caption there.
    return { kind, text: body, meta: {} };
  }
  if (type === 'text' || (type === '' && body !== null)) return { kind: 'text', text: body, meta: {} };
  return { kind: 'unsupported', text: body, meta: { providerType: (type || 'unknown').slice(0, 64) } };
}

/** WhatsApp documents arrive with their file name as Body: keep it as the attachment's name. */
function named(media: readonly MediaRef[], content: Content): readonly MediaRef[] {
  const first = media[0];
  if (
    content.kind !== 'document' ||
    !first ||
    !content.text ||
    !/^[^/\\\n]{1,200}\.[A-Za-z0-9]{1,8}$/.test(content.text)
  )
    return media;
  return [{ ...first, fileName: content.text }, ...media.slice(1)];
}

function senderOf(form: Form, from: string): SenderInfo {
  const waId = field(form, 'WaId');
  const bare = from.startsWith(WHATSAPP_PREFIX) ? from.slice(WHATSAPP_PREFIX.length) : from;
  const phone = waId ? `+${waId}` : /^\+\d{4,20}$/.test(bare) ? bare : null;
  return { externalId: from, name: field(form, 'ProfileName'), phone, username: null };
}

function messageEvent(form: Form, sid: string, from: string, now: number): InboundEvent {
  const media = mediaOf(form);
  const content = contentOf(form, field(form, 'MessageType') ?? '', media);
  const meta: MessageMeta = { ...content.meta };
  const quoted = field(form, 'OriginalRepliedMessageSid');
  if (quoted) meta.replyToProviderMessageId = quoted.slice(0, 256);
  return {
    type: 'message',
    providerMessageId: sid,
    sender: senderOf(form, from),
    threadKey: null,
    kind: content.kind,
    text: content.text,
    media: content.kind === 'location' || content.kind === 'interactive' ? [] : named(media, content),
    meta,
    // Twilio's webhook has no timestamp: the hub's clock when it arrived is the best there is.
    at: now,
    replyToken: null,
  };
}

export function parseTwilioWebhook(req: WebhookRequest): ParsedWebhook {
  const now = req.receivedAt;
  const form = parseTwilioForm(req.rawBody);
  const sid = field(form, 'MessageSid') ?? field(form, 'SmsSid');
  if (!sid) throw new AppError('VALIDATION_FAILED', 'Twilio webhook without MessageSid');
  const response = { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };
  const status = field(form, 'MessageStatus');
  if (status !== null && status !== 'received') {
    const event = statusEvent(form, sid, status, now);
    return { events: event ? [event] : [], response };
  }
  const from = field(form, 'From');
  if (!from) throw new AppError('VALIDATION_FAILED', 'Twilio message without From');
  return { events: [messageEvent(form, sid, from, now)], response };
}
