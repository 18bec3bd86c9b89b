/**
 * WeChat push XML → one InboundEvent per request (WeChat pushes one message
 * or event per call). Dedup ids: MsgId for messages; events have none, so
 * FromUserName + CreateTime + Event, as WeChat's own docs suggest for
 * de-duplicating its three retries. WeChat waits 5 s for an answer and then
 * retries; "success" tells it not to (and shows the customer nothing).
 */
import { z } from 'zod';
import type { MessageMeta } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { clip } from '../provider-call.js';
import type { InboundEvent, MediaRef, ParsedWebhook, WebhookRequest, WebhookResponse } from '../types.js';
import type { WechatCredentials } from './credentials.js';
import { decryptWechatMessage } from './crypto.js';
import { field, parseWechatXml } from './xml.js';

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

const WECHAT_SUCCESS: WebhookResponse = {
  status: 200,
  contentType: 'text/plain; charset=utf-8',
  body: 'success',
};

const Envelope = z.looseObject({
  FromUserName: z.string().min(1),
  CreateTime: z.string().regex(/^\d+$/),
  MsgType: z.string().min(1),
});

type Content = Pick<MessageEvent, 'kind' | 'text' | 'media' | 'meta'>;

const MENU_EVENTS = new Set([
  'CLICK',
  'VIEW',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'view_miniprogram',
]);

function coordinate(fields: Record<string, unknown>, name: string): number {
  const value = Number(field(fields, name));
  if (!Number.isFinite(value)) throw new AppError('VALIDATION_FAILED', `WeChat ${name} is not a number`);
  return value;
}

function mediaOf(fields: Record<string, unknown>, mimeType: string): MediaRef[] {
  const mediaId = field(fields, 'MediaId');
  if (mediaId === undefined || mediaId === '')
    throw new AppError('VALIDATION_FAILED', 'WeChat media message without MediaId');
  return [{ ref: mediaId, mimeType, fileName: null, size: null }];
}

function eventContent(name: string, detail: string | undefined, extra: MessageMeta = {}): Content {
  const event = detail === undefined || detail === '' ? { name } : { name, detail: clip(detail, 1000) };
  return { kind: 'event', text: null, media: [], meta: { ...extra, event } };
}

function unsupported(providerType: string): Content {
  return { kind: 'unsupported', text: null, media: [], meta: { providerType: clip(providerType, 64) } };
}

function eventOf(fields: Record<string, unknown>): Content {
  const name = field(fields, 'Event') ?? '';
  const key = field(fields, 'EventKey');
  switch (name) {
    case 'subscribe':
      // A subscription through a parametric QR code carries EventKey "qrscene_<scene>".
      return eventContent('subscribe', key);
    case 'unsubscribe':
      return eventContent('unsubscribe', undefined);
    case 'SCAN':
      return eventContent('scan', key);
    case 'LOCATION': {
      const location = { latitude: coordinate(fields, 'Latitude'), longitude: coordinate(fields, 'Longitude') };
      return eventContent('location_report', undefined, { location });
    }
    default:
      if (MENU_EVENTS.has(name)) return eventContent(`menu_${name.toLowerCase()}`, key);
      return unsupported(`event:${name}`);
  }
}

function voiceMime(format: string | undefined): string {
  // Voice messages arrive as AMR or Speex ("Format"); AMR is WeChat's default.
  return format?.toLowerCase() === 'speex' ? 'audio/speex' : 'audio/amr';
}

function contentOf(type: string, fields: Record<string, unknown>): Content {
  switch (type) {
    case 'text': {
      const menuId = field(fields, 'bizmsgmenuid');
      const text = field(fields, 'Content') ?? '';
      // A tap on a menu message (msgmenu) comes back as text with the chosen item's id.
      if (menuId !== undefined)
        return {
          kind: 'interactive',
          text,
          media: [],
          meta: { interactive: { id: clip(menuId, 1000), title: clip(text, 1000) } },
        };
      return { kind: 'text', text, media: [], meta: {} };
    }
    case 'image':
      return { kind: 'image', text: null, media: mediaOf(fields, 'image/jpeg'), meta: {} };
    case 'voice': {
      // With speech recognition on, WeChat adds what it heard.
      const heard = field(fields, 'Recognition');
      return {
        kind: 'voice',
        text: heard === undefined || heard === '' ? null : heard,
        media: mediaOf(fields, voiceMime(field(fields, 'Format'))),
        meta: {},
      };
    }
    case 'video':
    case 'shortvideo':
      return { kind: 'video', text: null, media: mediaOf(fields, 'video/mp4'), meta: {} };
    case 'location': {
      const label = field(fields, 'Label');
      const location = {
        latitude: coordinate(fields, 'Location_X'),
        longitude: coordinate(fields, 'Location_Y'),
        ...(label ? { name: clip(label, 500) } : {}),
      };
      return { kind: 'location', text: null, media: [], meta: { location } };
    }
    case 'link': {
      const lines = [field(fields, 'Title'), field(fields, 'Description'), field(fields, 'Url')].filter(
        (l) => l !== undefined && l !== '',
      );
      return { kind: 'text', text: lines.join('\n'), media: [], meta: {} };
    }
    case 'event':
      return eventOf(fields);
    default:
      return unsupported(type);
  }
}

function wechatEventFromFields(fields: Record<string, unknown>): MessageEvent {
  const envelope = parseOrThrow(Envelope, fields);
  const content = contentOf(envelope.MsgType, fields);
  const msgId = field(fields, 'MsgId');
  const what = envelope.MsgType === 'event' ? (field(fields, 'Event') ?? 'event') : envelope.MsgType;
  return {
    type: 'message',
    providerMessageId:
      msgId !== undefined && msgId !== '' ? msgId : `${envelope.FromUserName}:${envelope.CreateTime}:${what}`,
    sender: { externalId: envelope.FromUserName, name: null, phone: null, username: null },
    threadKey: null,
    kind: content.kind,
    text: content.text,
    media: content.media,
    meta: content.meta,
    at: Number(envelope.CreateTime) * 1000,
    replyToken: null,
  };
}

/**
 * The push's fields. With a key (safe or compatible mode) only the decrypted
 * `Encrypt` counts: compatible mode also sends plaintext fields, which nothing
 * signs. Without a key the plaintext fields are all there is.
 */
function pushFields(req: WebhookRequest, credentials: WechatCredentials): Record<string, unknown> {
  const outer = parseWechatXml(req.rawBody.toString('utf8'));
  const encrypted = field(outer, 'Encrypt');
  const key = credentials.encodingAESKey;
  if (key !== undefined) {
    if (encrypted === undefined || encrypted === '')
      throw new AppError('VALIDATION_FAILED', 'The channel is in safe mode but the push has no Encrypt element');
    try {
      return parseWechatXml(decryptWechatMessage(encrypted, key, credentials.appId));
    } catch (err) {
      if (err instanceof AppError) throw new AppError('VALIDATION_FAILED', err.message);
      throw err;
    }
  }
  if (encrypted === undefined || field(outer, 'MsgType') !== undefined) return outer;
  throw new AppError('VALIDATION_FAILED', 'WeChat sent an encrypted message but the channel has no EncodingAESKey');
}

export function parseWechatWebhook(req: WebhookRequest, credentials: WechatCredentials): ParsedWebhook {
  return { events: [wechatEventFromFields(pushFields(req, credentials))], response: WECHAT_SUCCESS };
}
