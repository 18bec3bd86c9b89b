/**
 * The parts of the Bot API `Update` object the hub reads
 * (https://core.telegram.org/bots/api#update). Objects are loose: Telegram
 * adds fields often, and an unknown field must never make a webhook fail.
 */
import { z } from 'zod';

export const TgUser = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  /** IETF language tag of the user's Telegram client (Bot API User.language_code). */
  language_code: z.string().optional(),
});
export type TgUser = z.infer<typeof TgUser>;

export const TgChat = z.looseObject({
  id: z.number().int(),
  type: z.string(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});
export type TgChat = z.infer<typeof TgChat>;

/** Any file-like object (Document, Audio, Voice, Video, Animation, VideoNote, Sticker). */
export const TgFile = z.looseObject({
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  file_size: z.number().int().nonnegative().optional(),
  file_name: z.string().optional(),
  mime_type: z.string().optional(),
});
export type TgFile = z.infer<typeof TgFile>;

export const TgPhotoSize = TgFile.extend({ width: z.number().int(), height: z.number().int() });

export const TgSticker = TgFile.extend({
  emoji: z.string().optional(),
  set_name: z.string().optional(),
  is_animated: z.boolean().optional(),
  is_video: z.boolean().optional(),
});

export const TgLocation = z.looseObject({ latitude: z.number(), longitude: z.number() });

export const TgMessage = z.looseObject({
  message_id: z.number().int(),
  from: TgUser.optional(),
  sender_chat: TgChat.optional(),
  chat: TgChat,
  // Any number: an implausible time is replaced by the hub's at ingest (services/inbound-bounds.ts).
  date: z.number(),
  edit_date: z.number().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int(), chat: TgChat.optional() }).optional(),
  photo: z.array(TgPhotoSize).optional(),
  document: TgFile.optional(),
  audio: TgFile.optional(),
  voice: TgFile.optional(),
  video: TgFile.optional(),
  video_note: TgFile.optional(),
  animation: TgFile.optional(),
  sticker: TgSticker.optional(),
  location: TgLocation.optional(),
  venue: z.looseObject({ location: TgLocation, title: z.string(), address: z.string() }).optional(),
  contact: z
    .looseObject({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional() })
    .optional(),
  dice: z.looseObject({ emoji: z.string(), value: z.number() }).optional(),
  new_chat_members: z.array(TgUser).optional(),
  left_chat_member: TgUser.optional(),
  new_chat_title: z.string().optional(),
  pinned_message: z.looseObject({ message_id: z.number().int() }).optional(),
  migrate_to_chat_id: z.number().int().optional(),
  migrate_from_chat_id: z.number().int().optional(),
});
export type TgMessage = z.infer<typeof TgMessage>;

export const TgCallbackQuery = z.looseObject({
  id: z.string(),
  from: TgUser,
  message: z.looseObject({ message_id: z.number().int(), chat: TgChat }).optional(),
  inline_message_id: z.string().optional(),
  data: z.string().optional(),
  game_short_name: z.string().optional(),
});

const TgReactionType = z.looseObject({ type: z.string(), emoji: z.string().optional() });

export const TgMessageReaction = z.looseObject({
  chat: TgChat,
  message_id: z.number().int(),
  user: TgUser.optional(),
  actor_chat: TgChat.optional(),
  date: z.number(),
  new_reaction: z.array(TgReactionType),
});

export const TgChatMemberUpdated = z.looseObject({
  chat: TgChat,
  from: TgUser,
  date: z.number(),
  new_chat_member: z.looseObject({ status: z.string() }),
});

/** Only `update_id` is required: the one other key names the update kind. */
export const TgUpdate = z.looseObject({ update_id: z.number().int().nonnegative() });
export type TgUpdate = z.infer<typeof TgUpdate>;

/** The Bot API answer envelope: `{ ok, result }` or `{ ok: false, error_code, description, parameters }`. */
export const TgResponse = z.looseObject({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
  parameters: z
    .looseObject({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().int().optional() })
    .optional(),
});
export type TgResponse = z.infer<typeof TgResponse>;
