/**
 * Turns text into what the search index stores, and a query into an FTS5
 * MATCH expression, the same way on both sides.
 *
 * SQLite's tokenizers cannot find short Japanese words: unicode61 makes a whole
 * run of kanji/kana one token, and trigram cannot match fewer than 3
 * characters. So CJK runs are indexed twice: as single characters (column
 * `uni`, for one-character queries) and as overlapping bigrams (column `bi`,
 * for longer queries, matched as a phrase of consecutive bigrams). Latin
 * words, digits and everything else stay words (column `words`).
 */

/** Kanji, kana (incl. ー and 々) and hangul letters; CJK punctuation is excluded. */
const CJK_CLASS = String.raw`(?:(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}])`;
const CJK_RUN = new RegExp(`${CJK_CLASS}+`, 'gu');
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/**
 * Put between bigrams of different runs so a phrase query never matches across
 * a gap ("xab" + "bcy" must not match "abc"); no CJK query can produce it.
 */
const RUN_SEPARATOR = 'x';
/** Latin words at least this long match as prefixes ("refund" finds "refunds"). */
const PREFIX_MIN_LENGTH = 3;

export interface IndexColumns {
  readonly words: string;
  readonly uni: string;
  readonly bi: string;
}

/** NFKC folds full-width letters and half-width kana; lower-case for case-blind search. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export function indexColumns(text: string): IndexColumns {
  const normalized = normalizeForSearch(text);
  const runs = normalized.match(CJK_RUN) ?? [];
  const uni: string[] = [];
  const bi: string[] = [];
  for (const run of runs) {
    const chars = Array.from(run);
    uni.push(...chars);
    if (chars.length < 2) continue;
    if (bi.length > 0) bi.push(RUN_SEPARATOR);
    for (let i = 0; i + 1 < chars.length; i++) bi.push(`${chars[i]}${chars[i + 1]}`);
  }
  return { words: normalized.replace(CJK_RUN, ' '), uni: uni.join(' '), bi: bi.join(' ') };
}

/** The parts of a query: Latin words and CJK runs, normalized. */
export interface QueryTerms {
  readonly words: readonly string[];
  readonly cjkRuns: readonly string[];
}

export function queryTerms(query: string): QueryTerms {
  const normalized = normalizeForSearch(query);
  const cjkRuns = normalized.match(CJK_RUN) ?? [];
  const words = normalized.replace(CJK_RUN, ' ').match(WORD) ?? [];
  return { words, cjkRuns };
}

function quote(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** An FTS5 MATCH expression requiring every term, or null when the query has none. */
export function matchExpression(terms: QueryTerms): string | null {
  const parts: string[] = [];
  for (const word of terms.words) {
    parts.push(word.length >= PREFIX_MIN_LENGTH ? `words : ${quote(word)} *` : `words : ${quote(word)}`);
  }
  for (const run of terms.cjkRuns) {
    const chars = Array.from(run);
    if (chars.length === 1) {
      parts.push(`uni : ${quote(run)}`);
      continue;
    }
    const bigrams: string[] = [];
    for (let i = 0; i + 1 < chars.length; i++) bigrams.push(`${chars[i]}${chars[i + 1]}`);
    parts.push(`bi : ${quote(bigrams.join(' '))}`);
  }
  return parts.length === 0 ? null : parts.join(' AND ');
}

/**
 * Digits of a phone-like query ("+81 90-1234-5678" → "819012345678"), or null.
 * A national trunk prefix is dropped ("090-1234-5678" → "9012345678") so it
 * still matches the international form the providers send (wa_id has no 0).
 */
export function phoneDigits(query: string): string | null {
  const compact = normalizeForSearch(query).replace(/[\s\-().+]/g, '');
  if (!/^\d{3,}$/.test(compact)) return null;
  const national = compact.replace(/^0+/, '');
  return national.length >= 3 ? national : compact;
}
