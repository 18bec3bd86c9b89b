/**
 * Builds the text shown under a search hit: a window of the message around
 * the first match, every match wrapped in the SNIPPET_MARK_START/END markers
 * the renderer turns into highlights. Matching runs on normalized text (NFKC,
 * lower case) mapped back to the original characters.
 */
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../../shared/api.js';
import { normalizeForSearch, type QueryTerms } from './search-terms.js';

const CONTEXT_BEFORE = 30;
const SNIPPET_LENGTH = 140;

interface Range {
  start: number;
  end: number;
}

export function makeSnippet(text: string, terms: QueryTerms): string {
  const chars = Array.from(text);
  const { normalized, origin } = normalizeWithOrigin(chars);
  const ranges = mergeRanges(findRanges(normalized, origin, terms));
  const first = ranges[0];
  const start = first ? Math.max(0, first.start - CONTEXT_BEFORE) : 0;
  const end = Math.min(chars.length, start + SNIPPET_LENGTH);
  let out = start > 0 ? '…' : '';
  let cursor = start;
  for (const range of ranges) {
    if (range.start >= end) break;
    const from = Math.max(range.start, cursor);
    const to = Math.min(range.end, end);
    if (to <= from) continue;
    out += chars.slice(cursor, from).join('') + SNIPPET_MARK_START + chars.slice(from, to).join('') + SNIPPET_MARK_END;
    cursor = to;
  }
  out += chars.slice(cursor, end).join('');
  return end < chars.length ? `${out}…` : out;
}

/** Normalized text plus, for each of its UTF-16 units, the index of the original character. */
function normalizeWithOrigin(chars: readonly string[]): { normalized: string; origin: number[] } {
  let normalized = '';
  const origin: number[] = [];
  chars.forEach((char, index) => {
    const folded = normalizeForSearch(char);
    normalized += folded;
    for (let i = 0; i < folded.length; i++) origin.push(index);
  });
  return { normalized, origin };
}

function findRanges(normalized: string, origin: readonly number[], terms: QueryTerms): Range[] {
  const ranges: Range[] = [];
  const needles = [...terms.cjkRuns, ...terms.words].filter((n) => n.length > 0);
  for (const needle of needles) {
    const isWord = terms.words.includes(needle);
    let at = normalized.indexOf(needle);
    while (at >= 0) {
      const before = at > 0 ? normalized[at - 1] : undefined;
      if (!isWord || before === undefined || !/[\p{L}\p{N}]/u.test(before)) {
        const startChar = origin[at];
        const endChar = origin[at + needle.length - 1];
        if (startChar !== undefined && endChar !== undefined) ranges.push({ start: startChar, end: endChar + 1 });
      }
      at = normalized.indexOf(needle, at + needle.length);
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function mergeRanges(ranges: readonly Range[]): Range[] {
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
