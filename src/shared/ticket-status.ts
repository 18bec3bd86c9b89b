/**
 * The `ticket.status` merge field (docs/lifecycle.md, "Conversations and tickets"): the ticket's status is
 * its conversation's status, said to the customer in their language — the contact's language when the
 * provider gave one, else the fallback the caller knows (a template's own language, the agent's language for
 * a canned reply). Japanese and English words; any other language gets the English word.
 */
import type { ConversationStatus } from './domain.js';

const WORDS: Readonly<Record<'en' | 'ja', Readonly<Record<ConversationStatus, string>>>> = {
  en: { open: 'Open', pending: 'Pending', resolved: 'Resolved' },
  ja: { open: '対応中', pending: '保留中', resolved: '解決済み' },
};

/** "Resolved" / 「解決済み」 for `language` (a BCP 47 tag such as ja, ja-JP, en_US) or else `fallback`. */
export function ticketStatusWord(
  status: ConversationStatus,
  language: string | null | undefined,
  fallback?: string | null,
): string {
  const tag = (language ?? fallback ?? 'en').toLowerCase();
  return WORDS[tag.startsWith('ja') ? 'ja' : 'en'][status];
}
