/**
 * Builds what each provider would send the hub for one demo customer step —
 * body, headers and query, signed by the fake provider's signers
 * (src/fake-provider/signing.ts) exactly as the provider signs — so demo
 * traffic takes the real webhook path (verify → parse → store). Media is put
 * on the fake provider first, so the hub downloads it like real media.
 */
import { randomBytes } from 'node:crypto';
import type { FakeProviderState } from '../../fake-provider/server.js';
import {
  signedLineWebhook,
  signedTelegramWebhook,
  signedTwilioWebhook,
  signedWechatWebhook,
  signedWhatsappWebhook,
  type SignedWebhook,
} from '../../fake-provider/signing.js';
import type { FakeTelegramUpdate } from '../../fake-provider/telegram.js';
import type { ChannelKind } from '../../shared/domain.js';
import type { DemoCustomer, DemoStep } from './demo-script.js';

export type DemoWebhook = SignedWebhook;

/** Secrets of one demo channel, as stored in its credentials. */
export interface DemoSecrets {
  readonly kind: ChannelKind;
  readonly channelId: string;
  readonly credentials: Readonly<Record<string, unknown>>;
  /** The URL the provider signs (Twilio): public URL or the hub's own address, + /webhooks/:id. */
  readonly webhookUrl: string;
}

const secs = (ms: number): number => Math.floor(ms / 1000);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function whatsapp(
  c: DemoCustomer,
  step: DemoStep,
  s: DemoSecrets,
  p: FakeProviderState,
  now: number,
): DemoWebhook | null {
  const message: Record<string, unknown> = { from: c.key, id: p.nextId('wamid.IN'), timestamp: String(secs(now)) };
  if (step.type === 'text') Object.assign(message, { type: 'text', text: { body: step.text } });
  else if (step.type === 'location')
    Object.assign(message, {
      type: 'location',
      location: { latitude: step.latitude, longitude: step.longitude, name: step.name, address: step.address },
    });
  else if (step.type === 'follow') return null;
  else {
    const id = p.nextId('7');
    p.addMedia('whatsapp', id, step.file);
    const type = step.type === 'photo' ? 'image' : step.type === 'voice' ? 'audio' : step.type;
    const media: Record<string, unknown> = {
      id,
      mime_type: step.file.mimeType,
      ...(step.type === 'voice' ? { voice: true } : {}),
    };
    if (step.caption) media.caption = step.caption;
    if (type === 'document') media.filename = step.file.fileName;
    Object.assign(message, { type, [type]: media });
  }
  const value = {
    messaging_product: 'whatsapp',
    contacts: [{ profile: { name: c.name }, wa_id: c.key }],
    messages: [message],
  };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'DEMO-WABA', changes: [{ field: 'messages', value }] }],
  });
  return signedWhatsappWebhook(str(s.credentials.appSecret), body);
}

/** A WhatsApp status receipt for one of the hub's messages. */
export function whatsappReceipt(
  providerMessageId: string,
  status: 'delivered' | 'read',
  to: string,
  s: DemoSecrets,
  now: number,
): DemoWebhook {
  const value = {
    messaging_product: 'whatsapp',
    statuses: [{ id: providerMessageId, status, timestamp: String(secs(now)), recipient_id: to }],
  };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'DEMO-WABA', changes: [{ field: 'messages', value }] }],
  });
  return signedWhatsappWebhook(str(s.credentials.appSecret), body);
}

/**
 * WhatsApp's answer for a message it could not deliver: a `failed` status with error 131026 and Meta's
 * documented title and details (Cloud API error codes), as it arrives after the send was accepted.
 */
export function whatsappUndeliverable(providerMessageId: string, to: string, s: DemoSecrets, now: number): DemoWebhook {
  const error = {
    code: 131026,
    title: 'Message undeliverable',
    message: 'Message undeliverable',
    error_data: {
      details:
        'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted our new Terms of Service and Privacy Policy; the recipient is using an old WhatsApp version.',
    },
  };
  const value = {
    messaging_product: 'whatsapp',
    statuses: [
      { id: providerMessageId, status: 'failed', timestamp: String(secs(now)), recipient_id: to, errors: [error] },
    ],
  };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'DEMO-WABA', changes: [{ field: 'messages', value }] }],
  });
  return signedWhatsappWebhook(str(s.credentials.appSecret), body);
}

export function twilioForm(form: URLSearchParams, s: DemoSecrets): DemoWebhook {
  return signedTwilioWebhook(str(s.credentials.authToken), s.webhookUrl, form);
}

function twilio(c: DemoCustomer, step: DemoStep, s: DemoSecrets, p: FakeProviderState): DemoWebhook | null {
  if (step.type === 'follow') return null;
  const sid = p.nextId('SM');
  const accountSid = str(s.credentials.accountSid);
  const form = new URLSearchParams({
    MessageSid: sid,
    SmsMessageSid: sid,
    AccountSid: accountSid,
    From: `whatsapp:${c.key}`,
    To: str(s.credentials.from),
  });
  form.set('ProfileName', c.name);
  form.set('WaId', c.key.replace('+', ''));
  form.set('SmsStatus', 'received');
  form.set('NumMedia', '0');
  if (step.type === 'text') form.set('Body', step.text);
  if (step.type === 'location') {
    for (const [k, v] of Object.entries({
      Latitude: step.latitude,
      Longitude: step.longitude,
      Label: step.name,
      Address: step.address,
    }))
      form.set(k, String(v));
  }
  if (step.type === 'photo' || step.type === 'video' || step.type === 'document' || step.type === 'voice') {
    const mediaSid = p.nextId('ME');
    p.addMedia('twilio', mediaSid, step.file);
    form.set('NumMedia', '1');
    form.set(
      'MediaUrl0',
      `${p.baseUrlFor('twilio')}/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media/${mediaSid}`,
    );
    form.set('MediaContentType0', step.file.mimeType);
    form.set('Body', step.type === 'document' ? step.file.fileName : (step.caption ?? ''));
  }
  form.set('MessageType', step.type === 'photo' ? 'image' : step.type === 'voice' ? 'audio' : step.type);
  return twilioForm(form, s);
}

/** Starts from the clock so update and message ids never repeat across demo restarts. */
let telegramUpdateSeq = Math.floor(Date.now() / 1000) * 100;

export function nextTelegramUpdateId(): number {
  telegramUpdateSeq += 1;
  return telegramUpdateSeq;
}

/** A Telegram Update (sent by webhook or served by getUpdates). */
export function telegramUpdate(
  c: DemoCustomer,
  step: DemoStep,
  p: FakeProviderState,
  updateId: number,
  now: number,
): FakeTelegramUpdate | null {
  if (step.type === 'follow') return null;
  const user = { id: Number(c.key), is_bot: false, first_name: c.name };
  const message: Record<string, unknown> = {
    message_id: updateId,
    date: secs(now),
    chat: { id: Number(c.key), type: 'private', first_name: c.name },
    from: user,
  };
  if (step.type === 'text') message.text = step.text;
  else if (step.type === 'location') message.location = { latitude: step.latitude, longitude: step.longitude };
  else {
    const fileId = p.nextId('AgAC');
    p.addMedia('telegram', fileId, step.file);
    if (step.caption) message.caption = step.caption;
    const file = { file_id: fileId, file_unique_id: fileId, file_size: step.file.bytes.length };
    if (step.type === 'photo') message.photo = [{ ...file, width: 160, height: 120 }];
    else if (step.type === 'video')
      message.video = { ...file, width: 96, height: 64, duration: 2, mime_type: step.file.mimeType };
    else if (step.type === 'voice')
      message.audio = { ...file, mime_type: step.file.mimeType, file_name: step.file.fileName, duration: 1 };
    else message.document = { ...file, mime_type: step.file.mimeType, file_name: step.file.fileName };
  }
  return { update_id: updateId, message };
}

function line(c: DemoCustomer, step: DemoStep, s: DemoSecrets, p: FakeProviderState, now: number): DemoWebhook | null {
  const base = {
    timestamp: now,
    mode: 'active',
    source: { type: 'user', userId: c.key },
    webhookEventId: p.nextId('01DEMO'),
    deliveryContext: { isRedelivery: false },
  };
  let event: Record<string, unknown>;
  if (step.type === 'follow') event = { ...base, type: 'follow', replyToken: randomBytes(16).toString('hex') };
  else {
    const id = p.nextId('5');
    let message: Record<string, unknown>;
    if (step.type === 'text') message = { id, type: 'text', text: step.text };
    else if (step.type === 'location')
      message = {
        id,
        type: 'location',
        title: step.name,
        address: step.address,
        latitude: step.latitude,
        longitude: step.longitude,
      };
    else {
      p.addMedia('line', id, step.file);
      message =
        step.type === 'photo'
          ? { id, type: 'image', contentProvider: { type: 'line' } }
          : step.type === 'video'
            ? { id, type: 'video', duration: 2000, contentProvider: { type: 'line' } }
            : { id, type: 'file', fileName: step.file.fileName, fileSize: step.file.bytes.length };
    }
    event = { ...base, type: 'message', replyToken: randomBytes(16).toString('hex'), message };
  }
  const body = JSON.stringify({ destination: 'Udemo00000000000000000000000000000', events: [event] });
  return signedLineWebhook(str(s.credentials.channelSecret), body);
}

function wechatXml(fields: Record<string, string | number>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${inner}</xml>`;
}

/** `at` is when the customer wrote (CreateTime); the query is signed at `now`, as WeChat pushes it. */
function wechat(
  c: DemoCustomer,
  step: DemoStep,
  s: DemoSecrets,
  p: FakeProviderState,
  now: number,
  at: number,
): DemoWebhook {
  const head = { ToUserName: 'gh_demo_account', FromUserName: c.key, CreateTime: secs(at) };
  let fields: Record<string, string | number>;
  if (step.type === 'follow') fields = { ...head, MsgType: 'event', Event: 'subscribe', EventKey: '' };
  else if (step.type === 'text') fields = { ...head, MsgType: 'text', Content: step.text, MsgId: p.nextId('2') };
  else if (step.type === 'location')
    fields = {
      ...head,
      MsgType: 'location',
      Location_X: step.latitude,
      Location_Y: step.longitude,
      Scale: 15,
      Label: step.address,
      MsgId: p.nextId('2'),
    };
  else {
    const mediaId = p.nextId('demo_media_');
    p.addMedia('wechat', mediaId, step.file);
    fields = {
      ...head,
      ...(step.type === 'video' ? { MsgType: 'video', ThumbMediaId: mediaId } : { MsgType: 'image' }),
      ...(step.type === 'video' ? {} : { PicUrl: `${p.baseUrlFor('wechat')}/pic/${mediaId}` }),
      MediaId: mediaId,
      MsgId: p.nextId('2'),
    };
  }
  return signedWechatWebhook(str(s.credentials.token), wechatXml(fields), c.key, now);
}

/**
 * The signed webhook for a step, or null when the kind has no such step (or uses polling: Telegram).
 * `at` (default now) is when the customer wrote: WhatsApp, LINE and WeChat carry it; Twilio and Telegram
 * updates are stamped as they come.
 */
export function demoWebhook(
  c: DemoCustomer,
  step: DemoStep,
  s: DemoSecrets,
  p: FakeProviderState,
  now: number,
  at: number = now,
): DemoWebhook | null {
  switch (c.kind) {
    case 'whatsapp':
      return whatsapp(c, step, s, p, at);
    case 'twilio':
      return twilio(c, step, s, p);
    case 'line':
      return line(c, step, s, p, at);
    case 'wechat':
      return wechat(c, step, s, p, now, at);
    case 'telegram': {
      const update = telegramUpdate(c, step, p, nextTelegramUpdateId(), now);
      return update === null ? null : signedTelegramWebhook(str(s.credentials.secretToken), update);
    }
  }
}
