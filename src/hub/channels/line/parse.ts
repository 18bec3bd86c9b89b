/**
 * LINE webhook body → InboundEvents, one per entry of `events[]` (a body may
 * hold many, or none: LINE's "Verify" button sends an empty list). Each entry
 * is read on its own (channels/batch.ts): one malformed event never drops the
 * others.
 *
 * Dedup ids: a message's id, else the event's webhookEventId, which stays the
 * same when LINE redelivers (`deliveryContext.isRedelivery`). A reply token is
 * kept only on first delivery: LINE says to use it within a minute of the
 * event, and a redelivered event is already late.
 */
import type { MessageMeta } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { clip } from '../provider-call.js';
import { finishBatch, readBatch, stringField, type BatchResult, type Identified } from '../batch.js';
import type { InboundEvent, ParsedWebhook, SenderInfo, WebhookRequest } from '../types.js';
import { lineMessageContent, type LineContent } from './message-content.js';
import {
  LineEvent,
  LineMembers,
  LineMessage,
  LinePostback,
  LineUnsend,
  LineWebhookBody,
  type LineSource,
} from './payload.js';

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

/** Reply tokens expire about a minute after the event; keep a margin for the send itself. */
const LINE_REPLY_TOKEN_VALID_MS = 50_000;

function senderOf(source: LineSource | undefined): SenderInfo {
  // In groups LINE may omit userId (the member has not agreed to share it): the group is the sender then.
  const externalId = source?.userId ?? source?.groupId ?? source?.roomId ?? 'line';
  return { externalId, name: null, phone: null, username: null };
}

function threadKeyOf(source: LineSource | undefined): string | null {
  return source?.groupId ?? source?.roomId ?? null;
}

function eventId(e: LineEvent): string {
  const who = e.source?.groupId ?? e.source?.roomId ?? e.source?.userId ?? 'line';
  return e.webhookEventId ?? `${e.type}:${who}:${e.timestamp}`;
}

function replyTokenOf(e: LineEvent): MessageEvent['replyToken'] {
  if (e.replyToken === undefined || e.deliveryContext?.isRedelivery === true || e.mode === 'standby') return null;
  return { token: e.replyToken, expiresAt: e.timestamp + LINE_REPLY_TOKEN_VALID_MS };
}

function messageEvent(e: LineEvent, providerMessageId: string, content: LineContent): MessageEvent {
  const threadKey = threadKeyOf(e.source);
  const groupSender = threadKey !== null && e.source?.userId !== undefined ? e.source.userId : undefined;
  return {
    type: 'message',
    providerMessageId,
    sender: senderOf(e.source),
    threadKey,
    kind: content.kind,
    text: content.text,
    media: content.media,
    meta: groupSender === undefined ? content.meta : { ...content.meta, groupSender: clip(groupSender, 256) },
    at: e.timestamp,
    replyToken: replyTokenOf(e),
  };
}

function eventContent(name: string, detail?: string): LineContent {
  const meta: MessageMeta = { event: detail === undefined ? { name } : { name, detail: clip(detail, 1000) } };
  return { kind: 'event', text: null, media: [], meta };
}

function membersDetail(value: unknown): string {
  return parseOrThrow(LineMembers, value)
    .members.map((m) => m.userId ?? m.type)
    .join(', ');
}

function postbackContent(value: unknown): LineContent {
  const postback = parseOrThrow(LinePostback, value);
  // Date/time pickers put the chosen value in params; show it with the data.
  const chosen = Object.values(postback.params ?? {}).filter((v) => typeof v === 'string');
  const title = chosen.length > 0 ? `${postback.data} (${chosen.join(', ')})` : postback.data;
  const interactive = { id: clip(postback.data, 1000), title: clip(title, 1000) };
  return { kind: 'interactive', text: null, media: [], meta: { interactive } };
}

function followDetail(raw: Record<string, unknown>): string | undefined {
  const follow = raw.follow;
  if (typeof follow !== 'object' || follow === null) return undefined;
  return Reflect.get(follow, 'isUnblocked') === true ? 'unblocked' : undefined;
}

function lineEventToInbound(raw: unknown): InboundEvent {
  const e = parseOrThrow(LineEvent, raw);
  switch (e.type) {
    case 'message': {
      const m = parseOrThrow(LineMessage, e.message);
      return messageEvent(e, m.id, lineMessageContent(m));
    }
    case 'messageEdited': {
      const m = parseOrThrow(LineMessage, e.message);
      return { type: 'edit', providerMessageId: m.id, text: m.text ?? null, at: e.timestamp };
    }
    case 'unsend': {
      const { messageId } = parseOrThrow(LineUnsend, e.unsend);
      return { type: 'unsend', providerMessageId: messageId, at: e.timestamp };
    }
    case 'follow':
      return messageEvent(e, eventId(e), eventContent('follow', followDetail(e)));
    case 'unfollow':
    case 'join':
    case 'leave':
      return messageEvent(e, eventId(e), eventContent(e.type));
    case 'memberJoined':
      return messageEvent(e, eventId(e), eventContent('member_joined', membersDetail(e.joined)));
    case 'memberLeft':
      return messageEvent(e, eventId(e), eventContent('member_left', membersDetail(e.left)));
    case 'postback':
      return messageEvent(e, eventId(e), postbackContent(e.postback));
    default: {
      const meta: MessageMeta = { providerType: clip(e.type, 64) };
      return messageEvent(e, eventId(e), { kind: 'unsupported', text: null, media: [], meta });
    }
  }
}

export function parseLineWebhook(req: WebhookRequest): ParsedWebhook {
  let json: unknown;
  try {
    json = JSON.parse(req.rawBody.toString('utf8'));
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `LINE webhook body is not JSON: ${String(err)}`);
  }
  const body = parseOrThrow(LineWebhookBody, json);
  const batch: BatchResult = { events: [], skipped: [] };
  readBatch(body.events, 'events', (raw) => [lineEventToInbound(raw)], identifyLineEvent, batch);
  return finishBatch(batch, 'LINE');
}

/** Who sent an event we could not read, and its id (message id, else webhookEventId). */
function identifyLineEvent(raw: unknown): Identified | null {
  const source = { userId: stringField(raw, 'source', 'userId'), groupId: stringField(raw, 'source', 'groupId') };
  const senderId = source.userId ?? source.groupId ?? stringField(raw, 'source', 'roomId');
  const providerMessageId = stringField(raw, 'message', 'id') ?? stringField(raw, 'webhookEventId');
  if (senderId === null || providerMessageId === null) return null;
  const timestamp: unknown = typeof raw === 'object' && raw !== null ? Reflect.get(raw, 'timestamp') : null;
  return {
    providerMessageId,
    senderId,
    threadKey: source.groupId ?? stringField(raw, 'source', 'roomId'),
    providerType: stringField(raw, 'type') ?? 'unknown',
    at: typeof timestamp === 'number' ? timestamp : Number.NaN,
  };
}
