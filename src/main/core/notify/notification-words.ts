/** The words of desktop notifications, in the agent's language (the shell passes the OS locale). */
import type { MessageKind } from '../../../shared/domain.js';

export type NotificationLanguage = 'ja' | 'en';

interface Words {
  readonly kinds: Partial<Record<MessageKind, string>>;
  readonly newMessage: string;
  readonly assigned: (preview: string) => string;
  readonly summary: (conversations: number) => string;
}

export const NOTIFICATION_WORDS: Readonly<Record<NotificationLanguage, Words>> = {
  en: {
    kinds: {
      image: '📷 Photo',
      video: '🎬 Video',
      audio: '🎵 Audio',
      voice: '🎤 Voice message',
      document: '📄 Document',
      sticker: 'Sticker',
      location: '📍 Location',
      contacts: '👤 Contact card',
    },
    newMessage: 'New message',
    assigned: (preview) => `Assigned to you: ${preview}`.trim(),
    summary: (n) => `${n} conversations need you`,
  },
  ja: {
    kinds: {
      image: '📷 写真',
      video: '🎬 動画',
      audio: '🎵 音声',
      voice: '🎤 ボイスメッセージ',
      document: '📄 ファイル',
      sticker: 'スタンプ',
      location: '📍 位置情報',
      contacts: '👤 連絡先',
    },
    newMessage: '新しいメッセージ',
    assigned: (preview) => `あなたに割り当てられました: ${preview}`.trim(),
    summary: (n) => `${n} 件の会話に新しいメッセージがあります`,
  },
};

export function notificationLanguageOf(locale: string | undefined): NotificationLanguage {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
