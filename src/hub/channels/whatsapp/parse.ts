/**
 * WhatsApp webhook body → InboundEvents. Every entry, change, message and
 * status in one body becomes an event; a message type we do not know becomes
 * an 'unsupported' message with its type name, never dropped. Messages and
 * statuses are read one by one (channels/batch.ts): one Meta shaped
 * differently never costs the others.
 */
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import type { MessageKind, MessageMeta } from '../../../shared/domain.js';
import type { InboundEvent, MediaRef, ParsedWebhook, SenderInfo, SkippedEntry, WebhookRequest } from '../types.js';
import { receiptStateOf } from '../provider-codes.js';
import { describeGraphError, mapWhatsappError } from './errors.js';
import { describeIssues } from '../../../shared/conform.js';
import { finishBatch, readBatch, stringField, type BatchResult, type Identified } from '../batch.js';
import {
  WaChangeValueEnvelope,
  WaContactProfile,
  WaMessage,
  WaStatus,
  WaWebhook,
  type WaMedia,
} from './webhook-schema.js';
import type { TemplateCategoryUpdate, TemplateStatusChange } from '../template-types.js';
import { readTemplateCategory, TEMPLATE_CATEGORY_FIELD } from './template-category.js';
import { readTemplateStatus, TEMPLATE_STATUS_FIELD } from './template-status.js';

interface Content {
  readonly kind: MessageKind;
  readonly text: string | null;
  readonly media: readonly MediaRef[];
  readonly meta: MessageMeta;
}

function mediaRef(media: WaMedia): MediaRef {
  return { ref: media.id, mimeType: media.mime_type ?? null, fileName: media.filename ?? null, size: null };
}

function mediaContent(kind: MessageKind, media: WaMedia | undefined, msg: WaMessage): Content {
  if (!media) return unsupported(msg.type);
  const meta: MessageMeta = kind === 'sticker' ? { sticker: { id: media.id } } : {};
  return { kind, text: media.caption ?? null, media: [mediaRef(media)], meta };
}

function unsupported(providerType: string): Content {
  return { kind: 'unsupported', text: null, media: [], meta: { providerType: providerType.slice(0, 64) } };
}

function interactiveContent(msg: WaMessage): Content {
  const it = msg.interactive;
  const choice = it?.button_reply ?? it?.list_reply;
  if (choice)
    return {
      kind: 'interactive',
      text: choice.title,
      media: [],
      meta: { interactive: { id: choice.id, title: choice.title } },
    };
  if (it?.nfm_reply) {
    // WhatsApp Flows answer: the flow's name and the customer's submitted JSON.
    const title = it.nfm_reply.body ?? 'Flow';
    return {
      kind: 'interactive',
      text: it.nfm_reply.response_json ?? title,
      media: [],
      meta: { interactive: { id: (it.nfm_reply.name ?? 'flow').slice(0, 1000), title: title.slice(0, 1000) } },
    };
  }
  return unsupported(`interactive.${it?.type ?? 'unknown'}`);
}

function locationContent(msg: WaMessage): Content {
  const loc = msg.location;
  if (!loc) return unsupported(msg.type);
  const location: NonNullable<MessageMeta['location']> = { latitude: loc.latitude, longitude: loc.longitude };
  if (loc.name) location.name = loc.name.slice(0, 500);
  if (loc.address) location.address = loc.address.slice(0, 1000);
  const text = [loc.name, loc.address].filter((s) => typeof s === 'string' && s !== '').join('\n');
  return { kind: 'location', text: text === '' ? null : text, media: [], meta: { location } };
}

function contactsContent(msg: WaMessage): Content {
  const cards = (msg.contacts ?? []).map((c) => ({
    name: (c.name?.formatted_name ?? [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ')).slice(0, 256),
    phones: (c.phones ?? []).map((p) => (p.phone ?? p.wa_id ?? '').slice(0, 64)).filter((p) => p !== ''),
  }));
  return { kind: 'contacts', text: cards.map((c) => c.name).join(', ') || null, media: [], meta: { contacts: cards } };
}

function contentOf(msg: WaMessage): Content {
  switch (msg.type) {
    case 'text':
      return msg.text ? { kind: 'text', text: msg.text.body, media: [], meta: {} } : unsupported(msg.type);
    case 'image':
      return mediaContent('image', msg.image, msg);
    case 'video':
      return mediaContent('video', msg.video, msg);
    case 'audio':
      // A voice note is an audio message with `voice: true`.
      return mediaContent(msg.audio?.voice === true ? 'voice' : 'audio', msg.audio, msg);
    case 'document':
      return mediaContent('document', msg.document, msg);
    case 'sticker':
      return mediaContent('sticker', msg.sticker, msg);
    case 'location':
      return locationContent(msg);
    case 'contacts':
      return contactsContent(msg);
    case 'reaction': {
      if (!msg.reaction) return unsupported(msg.type);
      // An empty emoji means the customer removed their reaction.
      const emoji = (msg.reaction.emoji ?? '').slice(0, 32);
      const meta: MessageMeta = { reaction: { emoji, targetProviderMessageId: msg.reaction.message_id.slice(0, 256) } };
      return { kind: 'reaction', text: emoji === '' ? null : emoji, media: [], meta };
    }
    case 'interactive':
      return interactiveContent(msg);
    case 'button': {
      // A template quick-reply tap.
      if (!msg.button) return unsupported(msg.type);
      const id = (msg.button.payload ?? msg.button.text).slice(0, 1000);
      return {
        kind: 'interactive',
        text: msg.button.text,
        media: [],
        meta: { interactive: { id, title: msg.button.text.slice(0, 1000) } },
      };
    }
    case 'system': {
      const name = (msg.system?.type ?? 'system').slice(0, 64);
      const detail = msg.system?.body?.slice(0, 1000);
      return {
        kind: 'event',
        text: msg.system?.body ?? null,
        media: [],
        meta: { event: detail ? { name, detail } : { name } },
      };
    }
    default:
      return unsupported(msg.type);
  }
}

function toMillis(timestamp: string, fallback: number): number {
  const seconds = Number(timestamp);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : fallback;
}

function senderOf(msg: WaMessage, contacts: readonly WaContactProfile[]): SenderInfo {
  const profile = contacts.find((c) => c.wa_id === msg.from);
  const name = profile?.profile?.name ?? null;
  // wa_id is the customer's number in international format without '+'.
  const phone = /^\d{4,20}$/.test(msg.from) ? `+${msg.from}` : null;
  return { externalId: msg.from, name, phone, username: null };
}

function messageEvent(msg: WaMessage, contacts: readonly WaContactProfile[], now: number): InboundEvent {
  const content = contentOf(msg);
  const meta: MessageMeta = { ...content.meta };
  if (msg.context?.id && content.kind !== 'reaction') meta.replyToProviderMessageId = msg.context.id.slice(0, 256);
  if (content.kind === 'unsupported' && msg.errors?.[0]) {
    meta.event = { name: 'provider_error', detail: describeGraphError(errorInfo(msg.errors[0])).slice(0, 1000) };
  }
  return {
    type: 'message',
    providerMessageId: msg.id,
    sender: senderOf(msg, contacts),
    threadKey: null,
    kind: content.kind,
    text: content.text,
    media: content.media,
    meta,
    at: toMillis(msg.timestamp, now),
    replyToken: null,
  };
}

function errorInfo(e: NonNullable<WaStatus['errors']>[number]): {
  code: number;
  title: string | null;
  details: string | null;
} {
  return { code: e.code, title: e.title ?? e.message ?? null, details: e.error_data?.details ?? null };
}

function statusEvent(status: WaStatus, now: number): InboundEvent | null {
  // Other statuses ('deleted', 'warning', 'played' …) do not change a delivery state.
  const state = receiptStateOf(status.status);
  if (!state) return null;
  const first = status.errors?.[0];
  const failure = state === 'failed' && first ? mapWhatsappError(errorInfo(first), null, null) : null;
  return {
    type: 'status',
    providerMessageId: status.id,
    state,
    errorCode: failure ? failure.code : state === 'failed' ? 'PROVIDER_REJECTED' : null,
    providerError: failure ? failure.providerError : null,
    at: toMillis(status.timestamp, now),
  };
}

function parseBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `WhatsApp webhook body is not JSON: ${String(err)}`);
  }
}

/** Who sent an entry we could not read, and its id, so the agent still sees that a message arrived. */
function identifyMessage(now: number) {
  return (entry: unknown): Identified | null => {
    const providerMessageId = stringField(entry, 'id');
    const senderId = stringField(entry, 'from');
    if (providerMessageId === null || senderId === null) return null;
    const type = stringField(entry, 'type') ?? 'unknown';
    return {
      providerMessageId,
      senderId,
      threadKey: null,
      providerType: type,
      at: toMillis(stringField(entry, 'timestamp') ?? '', now),
    };
  };
}

const noIdentity = (): null => null;

/**
 * The number a change is addressed to (`value.metadata.phone_number_id`); null when Meta left it out,
 * which counts as the receiving channel's own number.
 */
function addressedNumber(value: unknown): string | null {
  return stringField(value, 'metadata', 'phone_number_id');
}

/**
 * Reads a webhook body for the channel whose number is `ownNumber`. One Meta app posts every one of its
 * numbers' webhooks to one URL (FAQ 13): changes for another number are returned in `elsewhere`, keyed
 * by that number, and never become this channel's events.
 */
export function parseWhatsappWebhook(
  req: WebhookRequest,
  now: number = Date.now(),
  ownNumber: string | null = null,
): ParsedWebhook {
  const body = parseOrThrow(WaWebhook, parseBody(req.rawBody));
  const batches = new Map<string | null, BatchResult>();
  const batchFor = (number: string | null): BatchResult => {
    const key = number === ownNumber ? null : number;
    let batch = batches.get(key);
    if (!batch) {
      batch = { events: [], skipped: [] };
      batches.set(key, batch);
    }
    return batch;
  };
  const templateStatuses: TemplateStatusChange[] = [];
  const templateCategories: TemplateCategoryUpdate[] = [];
  // An unreadable template change is logged, but is no conversation entry: it never makes the body a 400.
  const templateSkipped: SkippedEntry[] = [];
  body.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      const path = `entry.${e}.changes.${c}.value`;
      if (change.field === TEMPLATE_STATUS_FIELD) {
        readTemplateStatus(entry.id, change.value, path, templateStatuses, templateSkipped);
        return;
      }
      if (change.field === TEMPLATE_CATEGORY_FIELD) {
        readTemplateCategory(entry.id, change.value, path, templateCategories, templateSkipped);
        return;
      }
      // Other fields (account updates, quality …) carry no conversation content.
      if (change.field !== 'messages') return;
      const batch = batchFor(ownNumber === null ? null : addressedNumber(change.value));
      const value = WaChangeValueEnvelope.safeParse(change.value);
      if (!value.success) {
        batch.skipped.push({ path, reason: describeIssues(value.error) });
        return;
      }
      const contacts = value.data.contacts.flatMap((raw) => {
        const parsed = WaContactProfile.safeParse(raw);
        return parsed.success ? [parsed.data] : [];
      });
      readBatch(
        value.data.messages,
        `${path}.messages`,
        (raw) => [messageEvent(WaMessage.parse(raw), contacts, now)],
        identifyMessage(now),
        batch,
      );
      readBatch(
        value.data.statuses,
        `${path}.statuses`,
        (raw) => {
          const event = statusEvent(WaStatus.parse(raw), now);
          return event ? [event] : [];
        },
        noIdentity,
        batch,
      );
    });
  });
  const own = batches.get(null) ?? { events: [], skipped: [] };
  const elsewhere = [...batches].flatMap(([identity, batch]) =>
    identity === null || batch.events.length === 0 ? [] : [{ identity, events: batch.events }],
  );
  const foreignSkipped = [...batches].flatMap(([identity, batch]) => (identity === null ? [] : batch.skipped));
  const all: BatchResult = {
    events: [...own.events, ...elsewhere.flatMap((group) => group.events)],
    skipped: [...own.skipped, ...foreignSkipped],
  };
  const extras = { templateStatuses, templateCategories, ...(elsewhere.length > 0 ? { elsewhere } : {}) };
  if (all.events.length === 0 && all.skipped.length === 0) return { events: [], skipped: templateSkipped, ...extras };
  // A body none of whose entries (for any number) could be read is refused as malformed.
  finishBatch(all, 'WhatsApp');
  return { events: own.events, skipped: [...own.skipped, ...foreignSkipped, ...templateSkipped], ...extras };
}
