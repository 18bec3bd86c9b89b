/**
 * The words of desktop notifications, in the agent's language (the shell passes the OS locale); a message
 * without words is named by its kind as the inbox names it (preview-words.ts).
 */
import type { MessageKind } from '../../../shared/domain.js';
import { PREVIEW_WORDS } from '../../../shared/preview-words.js';

export type NotificationLanguage = 'ja' | 'en';

interface Words {
  readonly kinds: Partial<Record<MessageKind, string>>;
  readonly newMessage: string;
  readonly assigned: (preview: string) => string;
  readonly summary: (conversations: number) => string;
  /** One conversation's burst in one notification: how many, then the newest. */
  readonly grouped: (messages: number, preview: string) => string;
}

export const NOTIFICATION_WORDS: Readonly<Record<NotificationLanguage, Words>> = {
  en: {
    kinds: PREVIEW_WORDS.en.kinds,
    newMessage: 'New message',
    assigned: (preview) => `Assigned to you: ${preview}`.trim(),
    summary: (n) => `${n} conversations need you`,
    grouped: (n, preview) => `${n} new messages · ${preview}`,
  },
  ja: {
    kinds: PREVIEW_WORDS.ja.kinds,
    newMessage: '新しいメッセージ',
    assigned: (preview) => `あなたに割り当てられました: ${preview}`.trim(),
    summary: (n) => `${n} 件の会話に新しいメッセージがあります`,
    grouped: (n, preview) => `新しいメッセージ ${n} 件 · ${preview}`,
  },
};

export function notificationLanguageOf(locale: string | undefined): NotificationLanguage {
  return locale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
