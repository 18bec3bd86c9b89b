/**
 * Telegram `Update` → InboundEvents. The same function serves webhooks and
 * getUpdates long polling, so both produce the same provider ids:
 * `${chat.id}:${message_id}` for messages (message ids are unique per chat
 * only), `update:${update_id}` for updates that are not messages (callback
 * queries, reactions, membership changes, unknown kinds).
 */
import { z } from 'zod';
import type { MessageMeta } from '../../../shared/domain.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import type { InboundEvent, ParsedWebhook, SenderInfo, WebhookRequest } from '../types.js';
import { fullName, messageContent } from './message-content.js';
import {
  TgCallbackQuery,
  TgChat,
  TgChatMemberUpdated,
  TgMessage,
  TgMessageReaction,
  TgUpdate,
  TgUser,
} from './payload.js';
import { clip } from '../provider-call.js';

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

const SECOND_MS = 1000;
const GROUP_TYPES = new Set(['group', 'supergroup']);

export function telegramMessageId(chatId: number | string, messageId: number | string): string {
  return `${chatId}:${messageId}`;
}

function senderOfUser(user: TgUser): SenderInfo {
  const language = user.language_code?.trim();
  return {
    externalId: String(user.id),
    name: fullName(user),
    phone: null,
    username: user.username ?? null,
    ...(language ? { language: clip(language, 35) } : {}),
  };
}

function senderOfChat(chat: TgChat): SenderInfo {
  const name = chat.title ?? fullName(chat);
  return {
    externalId: String(chat.id),
    name: name === null ? null : clip(name, 256),
    phone: null,
    username: chat.username ?? null,
  };
}

/** Group chats are their own conversation; who wrote is kept on the message (meta.groupSender). */
function groupContext(
  chat: TgChat | undefined,
  sender: SenderInfo,
): { threadKey: string | null; groupSender?: string } {
  if (!chat || !GROUP_TYPES.has(chat.type)) return { threadKey: null };
  return { threadKey: String(chat.id), groupSender: clip(sender.name ?? sender.username ?? sender.externalId, 256) };
}

function messageEvent(
  base: Omit<MessageEvent, 'type' | 'threadKey' | 'replyToken' | 'meta'> & { meta: MessageMeta },
  chat: TgChat | undefined,
): MessageEvent {
  const group = groupContext(chat, base.sender);
  const meta: MessageMeta =
    group.groupSender === undefined ? base.meta : { ...base.meta, groupSender: group.groupSender };
  return { ...base, type: 'message', threadKey: group.threadKey, meta, replyToken: null };
}

function fromMessage(m: TgMessage): MessageEvent {
  const content = messageContent(m);
  const sender = m.from ? senderOfUser(m.from) : senderOfChat(m.sender_chat ?? m.chat);
  const reply = m.reply_to_message;
  const meta: MessageMeta = reply
    ? { ...content.meta, replyToProviderMessageId: telegramMessageId(reply.chat?.id ?? m.chat.id, reply.message_id) }
    : content.meta;
  return messageEvent(
    {
      providerMessageId: telegramMessageId(m.chat.id, m.message_id),
      sender,
      kind: content.kind,
      text: content.text,
      media: content.media,
      meta,
      at: m.date * SECOND_MS,
    },
    m.chat,
  );
}

function fromEdit(m: TgMessage): InboundEvent {
  return {
    type: 'edit',
    providerMessageId: telegramMessageId(m.chat.id, m.message_id),
    text: m.text ?? m.caption ?? null,
    at: (m.edit_date ?? m.date) * SECOND_MS,
  };
}

function fromCallbackQuery(updateId: number, value: unknown): MessageEvent {
  const q = parseOrThrow(TgCallbackQuery, value);
  const chosen = q.data ?? q.game_short_name ?? q.id;
  const meta: MessageMeta = {
    interactive: { id: clip(chosen, 1000), title: clip(q.data ?? chosen, 1000) },
    ...(q.message ? { replyToProviderMessageId: telegramMessageId(q.message.chat.id, q.message.message_id) } : {}),
  };
  return messageEvent(
    // A callback query carries no date: it is happening now.
    {
      providerMessageId: `update:${updateId}`,
      sender: senderOfUser(q.from),
      kind: 'interactive',
      text: q.data ?? null,
      media: [],
      meta,
      at: Date.now(),
    },
    q.message?.chat,
  );
}

function fromReaction(updateId: number, value: unknown): MessageEvent {
  const r = parseOrThrow(TgMessageReaction, value);
  const first = r.new_reaction[0];
  // An empty new_reaction means the customer took their reaction back.
  const emoji = first ? (first.emoji ?? first.type) : '';
  const sender = r.user ? senderOfUser(r.user) : senderOfChat(r.actor_chat ?? r.chat);
  const reaction = { emoji: clip(emoji, 32), targetProviderMessageId: telegramMessageId(r.chat.id, r.message_id) };
  return messageEvent(
    {
      providerMessageId: `update:${updateId}`,
      sender,
      kind: 'reaction',
      text: null,
      media: [],
      meta: { reaction },
      at: r.date * SECOND_MS,
    },
    r.chat,
  );
}

/** The bot's own membership: blocked/unblocked in a private chat, added to/removed from a group. */
function membershipEventName(chat: TgChat, status: string): string {
  const present = status === 'member' || status === 'administrator' || status === 'creator';
  if (chat.type === 'private') return present ? 'unblocked' : 'blocked';
  return present ? 'join' : 'leave';
}

function fromMyChatMember(updateId: number, value: unknown): MessageEvent {
  const u = parseOrThrow(TgChatMemberUpdated, value);
  const meta: MessageMeta = {
    event: {
      name: membershipEventName(u.chat, u.new_chat_member.status),
      detail: clip(u.new_chat_member.status, 1000),
    },
  };
  return messageEvent(
    {
      providerMessageId: `update:${updateId}`,
      sender: senderOfUser(u.from),
      kind: 'event',
      text: null,
      media: [],
      meta,
      at: u.date * SECOND_MS,
    },
    u.chat,
  );
}

const AnyUpdatePayload = z.looseObject({
  from: TgUser.optional(),
  user: TgUser.optional(),
  chat: TgChat.optional(),
  date: z.number().optional(),
});

function hasSender(value: unknown): boolean {
  const payload = AnyUpdatePayload.safeParse(value);
  return payload.success && (payload.data.from ?? payload.data.user ?? payload.data.chat) !== undefined;
}

function fromUnknown(updateId: number, kind: string, value: unknown, unreadable?: string): MessageEvent {
  const known = AnyUpdatePayload.safeParse(value);
  const payload = known.success ? known.data : {};
  const who = payload.from ?? payload.user;
  const sender: SenderInfo = who
    ? senderOfUser(who)
    : payload.chat
      ? senderOfChat(payload.chat)
      : { externalId: 'telegram', name: 'Telegram', phone: null, username: null };
  const at = payload.date === undefined ? Date.now() : payload.date * SECOND_MS;
  const meta: MessageMeta = { providerType: clip(kind, 64) };
  if (unreadable !== undefined) meta.event = { name: 'unreadable', detail: clip(unreadable, 1000) };
  return messageEvent(
    { providerMessageId: `update:${updateId}`, sender, kind: 'unsupported', text: null, media: [], meta, at },
    payload.chat,
  );
}

/**
 * The events of one Update. A known kind Telegram shaped differently than documented is kept as an
 * 'unsupported' message from whoever sent it (the agent sees that something arrived), never refused.
 */
export function telegramUpdateEvents(update: TgUpdate): InboundEvent[] {
  const kind = Object.keys(update).find((k) => k !== 'update_id');
  if (kind === undefined) return [];
  const value: unknown = update[kind];
  try {
    return knownUpdateEvents(update.update_id, kind, value);
  } catch (error) {
    // Nobody to show it from (no user, no chat): that is a malformed body, refused.
    if (!hasSender(value)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    return [fromUnknown(update.update_id, kind, value, reason)];
  }
}

function knownUpdateEvents(updateId: number, kind: string, value: unknown): InboundEvent[] {
  switch (kind) {
    case 'message':
    case 'channel_post':
    case 'business_message':
      return [fromMessage(parseOrThrow(TgMessage, value))];
    case 'edited_message':
    case 'edited_channel_post':
    case 'edited_business_message':
      return [fromEdit(parseOrThrow(TgMessage, value))];
    case 'callback_query':
      return [fromCallbackQuery(updateId, value)];
    case 'message_reaction':
      return [fromReaction(updateId, value)];
    case 'my_chat_member':
      return [fromMyChatMember(updateId, value)];
    default:
      return [fromUnknown(updateId, kind, value)];
  }
}

function parseTelegramBody(rawBody: Buffer): TgUpdate {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `Telegram update is not JSON: ${String(err)}`);
  }
  return parseOrThrow(TgUpdate, json);
}

/** A webhook call carries exactly one Update. */
export function parseTelegramWebhook(req: WebhookRequest): ParsedWebhook {
  return { events: telegramUpdateEvents(parseTelegramBody(req.rawBody)) };
}
