/**
 * Finds the links in a message's text: what starts with http://, https:// or
 * mailto: (or is a bare e-mail address) and passes the shell's own rule
 * (isExternalLink), so every link drawn is one the shell will open. Anything
 * that only looks like a link stays text: no javascript:, data: or file:,
 * and no scheme glued to a Latin word ("xhttps://…"). Punctuation that closes
 * a sentence or a quotation, Latin or Japanese (「https://example.com」。),
 * stays outside the link; a closing bracket stays inside only when the link
 * opened it (https://en.wikipedia.org/wiki/Tokyo_(city)).
 */
import { isExternalLink } from '../../../../shared/external-link.js';

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; url: string };

/**
 * A candidate: a scheme at a word start, then everything up to a space or a character no URL
 * carries unescaped (quotes, angle brackets, CJK punctuation and ideographs are trimmed below).
 */
const CANDIDATE =
  /(?<![A-Za-z0-9_.+-])(?:https?:\/\/|mailto:)[^\s<>"'`]+|(?<![A-Za-z0-9_.+@-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;

/** Characters that end a link when they are its last: sentence and quote punctuation, Latin and Japanese. */
const TRAILING = /[.,;:!?'"’”»)\]}>、。，．・：；！？」』）】〕〉》〗〙〛]+$/u;

/**
 * Where a URL ends: at the first character outside RFC 3986's set, except letters of alphabetic scripts
 * that browsers accept unescaped in a path (…/wiki/Café); Japanese text and punctuation end it.
 */
const URL_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]+/u;

/** The host (or the address of a mailto:), where a non-ASCII letter is how a lookalike (exаmple.com) hides. */
function hostOf(link: string): string {
  const rest = link.replace(/^(?:https?:\/\/|mailto:)/iu, '');
  return /^[^/?#]*/u.exec(rest)?.[0] ?? '';
}

const CLOSERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/** The candidate cut to what a URL can hold, its trailing punctuation given back to the text. */
function trimLink(candidate: string): string {
  // Japanese runs straight after a URL with no space: 「https://example.com」をご覧ください.
  let link = URL_CHARS.exec(candidate)?.[0] ?? '';
  if (/[^\x21-\x7e]/u.test(hostOf(link))) return '';
  for (;;) {
    const trailing = TRAILING.exec(link);
    if (!trailing) return link;
    // Keep a closing bracket the link itself opened (…/Tokyo_(city)), drop the rest of the run.
    let kept = link.slice(0, trailing.index);
    for (const char of trailing[0]) {
      const opener = CLOSERS[char];
      if (opener && count(kept, opener) > count(kept, char)) kept += char;
      else break;
    }
    if (kept === link) return link;
    link = kept;
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  const push = (part: TextPart) => {
    const last = parts[parts.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else if (part.text) parts.push(part);
  };
  const candidates = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  for (let match = candidates.exec(text); match; match = candidates.exec(text)) {
    const start = match.index;
    const raw = match[0];
    const isAddress = !/^(?:https?:|mailto:)/iu.test(raw);
    const linkText = isAddress ? raw.replace(/\.+$/u, '') : trimLink(raw);
    const url = isAddress ? `mailto:${linkText}` : linkText;
    // What was cut off (「…」のページ) is searched again: another link may follow without a space.
    candidates.lastIndex = start + Math.max(linkText.length, 1);
    if (!linkText || !isExternalLink(url) || /^(?:https?:\/\/|mailto:)$/iu.test(linkText)) continue;
    push({ kind: 'text', text: text.slice(at, start) });
    push({ kind: 'link', text: linkText, url });
    at = start + linkText.length;
  }
  push({ kind: 'text', text: text.slice(at) });
  return parts;
}
