/**
 * Characters that can make a file name lie about itself. A customer chooses
 * the name, so it may carry a right-to-left override (U+202E) that shows
 * `invoice\u202Efdp.exe` as "invoiceexe.pdf", or invisible characters that
 * hide part of it. The renderer shows them visibly; the main process strips
 * them before a name reaches the disk. One list, so both agree.
 */

/**
 * Control characters (C0, DEL, C1, which include TAB, CR and LF), the bidi embeddings, overrides, isolates and
 * marks (U+061C, U+200E/F, U+202A–E, U+2066–9, Unicode UAX #9), the line and paragraph separators, and the
 * characters that draw nothing: soft hyphen, Hangul fillers, Khmer inherent vowels, Mongolian vowel separator,
 * zero-width space, word joiner and invisible operators, deprecated format controls, BOM, interlinear annotation.
 * ZWNJ and ZWJ (U+200C/D) stay: Persian, Indic scripts and emoji sequences need them and they reorder nothing.
 */
export const HIDDEN_CHARACTERS =
  // U+1160 and U+17B4/5 combine with what precedes them, so they stand outside the class (no-misleading-character-class).
  /(?:[\p{Cc}\u00ad\u061c\u115f\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u1160|\u17b4|\u17b5)+/gu;

/** Stands in for each run of hidden characters in a shown name, so the agent sees that something was there. */
export const HIDDEN_MARK = '\u2026';

export interface ShownFileName {
  readonly text: string;
  /** True when the name carried hidden characters (each run is shown as `HIDDEN_MARK`). */
  readonly hadHidden: boolean;
}

/** A file name as the UI shows it: every run of hidden characters becomes one visible mark. */
export function showFileName(name: string): ShownFileName {
  const text = name.replace(HIDDEN_CHARACTERS, HIDDEN_MARK);
  return { text, hadHidden: text !== name };
}
