/**
 * A conversation's preview in the agent's language (issue 13 §1): when the hub says the preview is
 * its label of a kind of message ("[Image]", Conversation.lastMessageLabel), the inbox, the contact
 * panel and desktop notifications show that kind in Japanese or English; words the customer or an
 * agent wrote, a kind this client does not know and older rows without a label show as they came.
 */
import type { Conversation, MessageKind } from './domain.js';

export type PreviewLanguage = 'ja' | 'en';

interface PreviewWords {
  readonly kinds: Readonly<Record<MessageKind, string>>;
  readonly events: Readonly<Record<string, string>>;
  readonly event: (name: string) => string;
}

export const PREVIEW_WORDS: Readonly<Record<PreviewLanguage, PreviewWords>> = {
  en: {
    kinds: {
      text: 'Message',
      image: '📷 Photo',
      video: '🎬 Video',
      audio: '🎵 Audio',
      voice: '🎤 Voice message',
      document: '📄 Document',
      sticker: 'Sticker',
      location: '📍 Location',
      contacts: '👤 Contact card',
      reaction: 'Reaction',
      interactive: 'Reply',
      template: 'Template',
      event: 'Event',
      note: 'Private note',
      unsupported: 'Unsupported message',
    },
    events: {
      follow: 'Followed the account',
      unfollow: 'Unfollowed the account',
      subscribe: 'Followed the account',
      unsubscribe: 'Unfollowed the account',
      join: 'Joined',
      leave: 'Left',
    },
    event: (name) => `Event: ${name}`,
  },
  ja: {
    kinds: {
      text: 'メッセージ',
      image: '📷 写真',
      video: '🎬 動画',
      audio: '🎵 音声',
      voice: '🎤 ボイスメッセージ',
      document: '📄 ファイル',
      sticker: 'スタンプ',
      location: '📍 位置情報',
      contacts: '👤 連絡先',
      reaction: 'リアクション',
      interactive: '返信',
      template: 'テンプレート',
      event: 'イベント',
      note: 'メモ',
      unsupported: '未対応のメッセージ',
    },
    events: {
      follow: 'アカウントを友だち追加しました',
      unfollow: 'アカウントをブロックしました',
      subscribe: 'アカウントをフォローしました',
      unsubscribe: 'アカウントのフォローを解除しました',
      join: '参加しました',
      leave: '退出しました',
    },
    event: (name) => `イベント: ${name}`,
  },
};

function isKnownKind(kind: string, words: PreviewWords): kind is MessageKind {
  return Object.hasOwn(words.kinds, kind);
}

/** The preview as the agent reads it: the kind in the agent's language, or the preview text as it came. */
export function previewWords(
  conversation: Pick<Conversation, 'lastMessagePreview' | 'lastMessageLabel'>,
  language: PreviewLanguage,
): string {
  const label = conversation.lastMessageLabel;
  const words = PREVIEW_WORDS[language];
  if (!label || !isKnownKind(label.kind, words)) return conversation.lastMessagePreview;
  if (label.kind === 'event' && label.event !== undefined) {
    return Object.hasOwn(words.events, label.event) ? (words.events[label.event] ?? '') : words.event(label.event);
  }
  return words.kinds[label.kind];
}
