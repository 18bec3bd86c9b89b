/**
 * Shows text with matched parts in <mark>. Built from React text nodes only:
 * message text never becomes HTML, so nothing a customer writes can run.
 */
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../../shared/api.js';

/** A search snippet: the parts between U+E000 and U+E001 are the matches. */
export function SnippetText({ snippet }: { snippet: string }) {
  const parts: { text: string; marked: boolean }[] = [];
  let rest = snippet;
  while (rest.length > 0) {
    const start = rest.indexOf(SNIPPET_MARK_START);
    if (start < 0) {
      parts.push({ text: rest, marked: false });
      break;
    }
    const end = rest.indexOf(SNIPPET_MARK_END, start);
    if (start > 0) parts.push({ text: rest.slice(0, start), marked: false });
    const stop = end < 0 ? rest.length : end;
    parts.push({ text: rest.slice(start + 1, stop), marked: true });
    rest = rest.slice(stop + 1);
  }
  return <>{parts.map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Plain text with every occurrence of `terms` (case-insensitive) marked. */
export function HighlightedText({ text, terms }: { text: string; terms: readonly string[] }) {
  const usable = terms.filter((term) => term.length > 0);
  if (usable.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${usable.map(escapeRegExp).join('|')})`, 'gi');
  const pieces = text.split(pattern);
  return <>{pieces.map((piece, i) => (i % 2 === 1 ? <mark key={i}>{piece}</mark> : piece))}</>;
}
