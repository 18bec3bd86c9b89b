/**
 * How every string is stored: one normal form, whoever sent it. JavaScript
 * strings may hold lone surrogates and control characters that JSON, SQLite
 * and HTTP each treat differently (JSON.stringify escapes a lone surrogate,
 * SQLite's UTF-8 turns it into U+FFFD), so the log, the tables and the API
 * would disagree about the same value. Cleaning once at ingest, and cutting
 * lengths without splitting a character, keeps them identical.
 */

// C0 controls except TAB, LF and CR; DEL; C1 controls. NUL is the one SQLite and C APIs truncate at.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Everything that breaks a single line: the above plus TAB, CR, LF and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** String.prototype.toWellFormed (ES2024), which our ES2023 targets do not declare. */
function wellFormed(value: string): string {
  return value.search(LONE_SURROGATE) !== -1 ? value.replace(LONE_SURROGATE, '\ufffd') : value;
}

/** Text that may span lines (messages, captions): lone surrogates → U+FFFD, control characters removed. */
export function cleanText(value: string): string {
  const formed = wellFormed(value);
  return formed.search(CONTROL) !== -1 ? formed.replace(CONTROL, '') : formed;
}

/** One-line values (names, ids, mime types, file names): as cleanText, and line breaks and tabs become spaces. */
export function cleanLine(value: string): string {
  return wellFormed(value).replace(LINE_BREAKING, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ''));
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair (zod's max counts UTF-16 units). */
export function clipText(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  // A high surrogate at the cut would be left alone: drop it with its low half.
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return value.slice(0, end);
}

/** Walks a JSON-like value and makes every string well-formed; returns the same value when nothing changed. */
export function wellFormedDeep(value: unknown): unknown {
  return mapStrings(value, wellFormed);
}

/**
 * cleanText on every string of a parsed JSON value (an HTTP body, a socket payload), before its
 * schema reads it: agents' input is stored in the one normal form too. Unknown stays unknown.
 */
export function cleanTextDeep(value: unknown): unknown {
  return mapStrings(value, cleanText);
}

function mapStrings(value: unknown, fix: (text: string) => string): unknown {
  if (typeof value === 'string') return fix(value);
  if (Array.isArray(value)) {
    let changed: unknown[] | null = null;
    value.forEach((item, index) => {
      const fixed = mapStrings(item, fix);
      if (fixed !== item) (changed ??= [...value])[index] = fixed;
    });
    return changed ?? value;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    let changed: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const fixed = mapStrings(item, fix);
      if (fixed !== item) (changed ??= { ...value })[key] = fixed;
    }
    return changed ?? value;
  }
  return value;
}
