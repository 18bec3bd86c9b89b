/**
 * What a Telegram `Message` holds, as one of our message kinds: text, media,
 * location, contact, or a service event (members joined, pinned, group
 * migrated …). Anything we do not know becomes 'unsupported' with the Bot API's
 * own field name, so nothing a customer sends is dropped.
 */
import type { MessageKind, MessageMeta } from '../../../shared/domain.js';
import { clip } from '../provider-call.js';
import type { InboundEvent, MediaRef } from '../types.js';
import type { TgFile, TgMessage, TgUser } from './payload.js';

/** The content part of a message event. */
export type MessageContent = Pick<Extract<InboundEvent, { type: 'message' }>, 'kind' | 'text' | 'media' | 'meta'>;

/** Message fields that describe the envelope, not the content (Bot API `Message`). */
const ENVELOPE_KEYS = new Set([
  'message_id',
  'message_thread_id',
  'from',
  'sender_chat',
  'sender_boost_count',
  'sender_business_bot',
  'date',
  'business_connection_id',
  'chat',
  'forward_origin',
  'forward_from',
  'forward_from_chat',
  'forward_date',
  'forward_signature',
  'forward_sender_name',
  'forward_from_message_id',
  'is_topic_message',
  'is_automatic_forward',
  'reply_to_message',
  'external_reply',
  'quote',
  'reply_to_story',
  'via_bot',
  'edit_date',
  'has_protected_content',
  'is_from_offline',
  'media_group_id',
  'author_signature',
  'entities',
  'caption_entities',
  'link_preview_options',
  'effect_id',
  'show_caption_above_media',
  'has_media_spoiler',
  'reply_markup',
  'caption',
]);

export function fullName(user: Pick<TgUser, 'first_name' | 'last_name'>): string | null {
  const name = [user.first_name, user.last_name].filter((p) => p !== undefined && p !== '').join(' ');
  return name === '' ? null : clip(name, 256);
}

function mediaRef(file: TgFile, defaultMime: string): MediaRef {
  return {
    ref: file.file_id,
    mimeType: file.mime_type ?? defaultMime,
    fileName: file.file_name ?? null,
    size: file.file_size ?? null,
  };
}

function withMedia(kind: MessageKind, m: TgMessage, file: TgFile, defaultMime: string): MessageContent {
  return { kind, text: m.caption ?? null, media: [mediaRef(file, defaultMime)], meta: {} };
}

function stickerMime(sticker: NonNullable<TgMessage['sticker']>): string {
  // Bot API: animated stickers are .tgs (gzipped Lottie), video stickers .webm, others .webp.
  if (sticker.is_animated === true) return 'application/x-tgsticker';
  if (sticker.is_video === true) return 'video/webm';
  return 'image/webp';
}

function event(name: string, detail?: string): MessageContent {
  const meta: MessageMeta = { event: detail === undefined ? { name } : { name, detail: clip(detail, 1000) } };
  return { kind: 'event', text: null, media: [], meta };
}

function unsupported(providerType: string, text: string | null): MessageContent {
  return { kind: 'unsupported', text, media: [], meta: { providerType: clip(providerType, 64) } };
}

function mediaContent(m: TgMessage): MessageContent | null {
  // Telegram sends every photo in several sizes, smallest first: keep the largest.
  const photo = m.photo?.at(-1);
  if (photo) return withMedia('image', m, photo, 'image/jpeg');
  // An animation (GIF sent as MP4) also carries `document`: check it first.
  if (m.animation) return withMedia('video', m, m.animation, 'video/mp4');
  if (m.video) return withMedia('video', m, m.video, 'video/mp4');
  if (m.video_note) return withMedia('video', m, m.video_note, 'video/mp4');
  if (m.voice) return withMedia('voice', m, m.voice, 'audio/ogg');
  if (m.audio) return withMedia('audio', m, m.audio, 'audio/mpeg');
  if (m.document) return withMedia('document', m, m.document, 'application/octet-stream');
  if (m.sticker) {
    const sticker = m.sticker;
    const id =
      sticker.file_unique_id !== undefined && sticker.file_unique_id !== '' ? sticker.file_unique_id : sticker.file_id;
    const meta: MessageMeta = {
      sticker:
        sticker.set_name === undefined
          ? { id: clip(id, 256) }
          : { id: clip(id, 256), packId: clip(sticker.set_name, 256) },
    };
    return { kind: 'sticker', text: null, media: [mediaRef(sticker, stickerMime(sticker))], meta };
  }
  return null;
}

function placeContent(m: TgMessage): MessageContent | null {
  if (m.venue) {
    const { latitude, longitude } = m.venue.location;
    const location = { latitude, longitude, name: clip(m.venue.title, 500), address: clip(m.venue.address, 1000) };
    return { kind: 'location', text: null, media: [], meta: { location } };
  }
  if (m.location) {
    const location = { latitude: m.location.latitude, longitude: m.location.longitude };
    return { kind: 'location', text: null, media: [], meta: { location } };
  }
  if (m.contact) {
    const name = fullName(m.contact) ?? m.contact.phone_number;
    const contacts = [{ name: clip(name, 256), phones: [clip(m.contact.phone_number, 64)] }];
    return { kind: 'contacts', text: null, media: [], meta: { contacts } };
  }
  return null;
}

function serviceContent(m: TgMessage): MessageContent | null {
  if (m.new_chat_members) {
    return event('members_joined', m.new_chat_members.map((u) => fullName(u) ?? String(u.id)).join(', '));
  }
  if (m.left_chat_member) return event('member_left', fullName(m.left_chat_member) ?? String(m.left_chat_member.id));
  if (m.new_chat_title !== undefined) return event('chat_title_changed', m.new_chat_title);
  if (m.pinned_message) return event('pinned_message', `${m.chat.id}:${m.pinned_message.message_id}`);
  // A basic group that becomes a supergroup gets a new chat id; later messages arrive from it.
  if (m.migrate_to_chat_id !== undefined) return event('migrated_to_supergroup', String(m.migrate_to_chat_id));
  if (m.migrate_from_chat_id !== undefined) return event('migrated_from_group', String(m.migrate_from_chat_id));
  if ('group_chat_created' in m || 'supergroup_chat_created' in m) return event('group_created');
  return null;
}

/** The content of a message, whatever it holds. */
export function messageContent(m: TgMessage): MessageContent {
  if (m.text !== undefined) return { kind: 'text', text: m.text, media: [], meta: {} };
  const known = mediaContent(m) ?? placeContent(m) ?? serviceContent(m);
  if (known) return known;
  if (m.dice) return unsupported('dice', `${m.dice.emoji} ${m.dice.value}`);
  const field = Object.keys(m).find((k) => !ENVELOPE_KEYS.has(k)) ?? 'message';
  return unsupported(field, m.caption ?? null);
}
