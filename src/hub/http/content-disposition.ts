/**
 * Content-Disposition for files the hub serves (RFC 6266 §4.3): a quoted
 * ASCII `filename` for old clients and `filename*=UTF-8''…` (RFC 5987 §3.2)
 * for everyone else. The name is whatever a customer or provider chose, so it
 * is made a plain base name first (no path, no control or line-breaking
 * characters, safeFileName), with each run of the characters that reorder or
 * hide text (bidi controls, zero-width characters: HIDDEN_CHARACTERS, the list
 * the desktop app uses too) shown as `_`, so `invoice\u202Efdp.exe` cannot pass
 * for a PDF. Names stored raw by an older hub are cleaned here the same way.
 */
import { safeFileName } from '../../shared/file-names.js';
import { HIDDEN_CHARACTERS } from '../../shared/hidden-characters.js';

/** RFC 5987 §3.2.1 attr-char: what stands unencoded in an ext-value. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
/**
 * Printable ASCII except `"` and `\` (which would need quoting) and `%`, which
 * some user agents percent-decode in the fallback (RFC 6266 Appendix D).
 */
const FALLBACK_UNSAFE = /[^\x20\x21\x23\x24\x26-\x5b\x5d-\x7e]/g;

/** The name to serve: the stored name made safe, or `fallback` when nothing of it is left. */
export function servedFileName(stored: string | null, fallback: string): string {
  const base = stored === null ? null : safeFileName(stored);
  const shown = base?.replace(HIDDEN_CHARACTERS, '_');
  return shown === undefined || /^[\s._]*$/.test(shown) ? fallback : shown;
}

/** RFC 5987 ext-value of `name`: its UTF-8 bytes, everything but attr-char percent-encoded. */
function extValue(name: string): string {
  let encoded = '';
  // Buffer's UTF-8 turns a lone surrogate into U+FFFD instead of throwing like encodeURIComponent.
  for (const byte of Buffer.from(name, 'utf8')) {
    const ch = String.fromCharCode(byte);
    encoded += ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `UTF-8''${encoded}`;
}

export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(FALLBACK_UNSAFE, '_');
  return `${type}; filename="${ascii}"; filename*=${extValue(name)}`;
}
