/**
 * Where the composer's `/` list opens and what it shows. `/` (or the
 * full-width `／` a Japanese keyboard types) opens it at the start of the text
 * or after a space or line break, so a URL or "and/or" never does; the word
 * typed after it searches titles, shortcuts and texts. Searching folds what
 * Japanese and Latin input may differ in: width and compatibility forms
 * (NFKC: ｱ → ア, ＡＢＣ → abc), case, and katakana against hiragana; the
 * text's placeholders are not searched.
 */
import type { CannedReply } from '../../../../shared/domain.js';

/** The `/` being typed: where it is and the word after it, up to the caret. */
export interface SlashTrigger {
  readonly start: number;
  readonly query: string;
}

/** Longer than any shortcut or title word someone types to find a reply: past it, it is not a search. */
const QUERY_MAX = 40;
const TRIGGER = /(?:^|[\s\u3000])[/\uff0f]([^\s\u3000/\uff0f]*)$/u;

export function slashTriggerAt(text: string, caret: number): SlashTrigger | null {
  const before = text.slice(0, caret);
  const match = TRIGGER.exec(before);
  const query = match?.[1];
  if (query === undefined || query.length > QUERY_MAX) return null;
  return { start: before.length - query.length - 1, query };
}

const KATAKANA = /[\u30a1-\u30f6]/g;
/** Placeholder names (`{{contact.name}}`) are not words of the reply: "t" should not find every one. */
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;
const KANA_OFFSET = 0x60;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(KATAKANA, (ch) => String.fromCharCode(ch.charCodeAt(0) - KANA_OFFSET));
}

/** How well a reply matches: lower is better; null when it does not. */
function rankOf(reply: CannedReply, query: string): number | null {
  if (query === '') return 0;
  const shortcut = reply.shortcut === null ? '' : foldForSearch(reply.shortcut);
  const title = foldForSearch(reply.title);
  if (shortcut === query) return 0;
  if (shortcut.startsWith(query)) return 1;
  if (title.startsWith(query)) return 2;
  if (title.includes(query) || shortcut.includes(query)) return 3;
  if (foldForSearch(reply.text.replace(PLACEHOLDER, ' ')).includes(query)) return 4;
  return null;
}

/** The replies matching the typed word, best first (a shortcut typed in full first of all), then by title. */
export function searchCannedReplies(replies: readonly CannedReply[], query: string, lang: string): CannedReply[] {
  const folded = foldForSearch(query);
  return replies
    .flatMap((reply) => {
      const rank = rankOf(reply, folded);
      return rank === null ? [] : [{ reply, rank }];
    })
    .sort((a, b) => a.rank - b.rank || a.reply.title.localeCompare(b.reply.title, lang))
    .map(({ reply }) => reply);
}
