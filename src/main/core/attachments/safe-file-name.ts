/**
 * The name a customer's file gets on this computer's disk. The customer chose
 * it, so it may hide its extension behind bidi controls, climb out of its
 * folder, or be a name Windows gives a device. Pure, so it is tested with a
 * table of names.
 */
import { HIDDEN_CHARACTERS } from '../../../shared/hidden-characters.js';
// No file system stores a lone surrogate: it becomes `_` like a reserved character.
import { LONE_SURROGATE } from '../../../shared/text.js';

/**
 * Windows reserves these characters in names (Microsoft, "Naming Files, Paths, and Namespaces"); `/` and `\` are
 * also the path separators, and `:` opens an NTFS alternate data stream (`a.txt:evil.exe`).
 */
const RESERVED_CHARACTERS = /[<>:"/\\|?*]/g;
/**
 * Device names Windows reserves, with or without an extension (`nul.txt` is NUL): CON, PRN, AUX, NUL, COM0–9,
 * LPT0–9 and their superscript-digit forms (same Microsoft page), and the console names CONIN$ / CONOUT$.
 */
const RESERVED_NAME = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)$/i;
/**
 * Most file systems allow 255 bytes per name, and Windows programs often still stop at 260 characters per path
 * (MAX_PATH): the temp folder, our sub-folder and the name must fit in it together.
 */
const MAX_NAME_BYTES = 150;
/** Longer "extensions" are part of the name, not a type. */
const MAX_EXTENSION_LENGTH = 16;

/** The last `.xyz` of a name, lower case and without the dot; '' when there is none (a leading dot is no extension). */
export function realExtensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot - 1 > MAX_EXTENSION_LENGTH) return '';
  return name.slice(dot + 1).toLowerCase();
}

function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Cuts the stem, never the extension, until the name fits; never splits a character. */
function fitLength(name: string): string {
  if (utf8Length(name) <= MAX_NAME_BYTES) return name;
  const extension = realExtensionOf(name);
  const suffix = extension ? name.slice(name.length - extension.length - 1) : '';
  const stem = [...name.slice(0, name.length - suffix.length)];
  while (stem.length > 1 && utf8Length(stem.join('') + suffix) > MAX_NAME_BYTES) stem.pop();
  return stem.join('').trimEnd() + suffix;
}

/**
 * A name that says on disk what the file is: hidden characters removed (so `invoice\u202Efdp.exe` becomes
 * `invoicefdp.exe`), reserved characters replaced, no leading or trailing dots and spaces (Windows drops trailing
 * ones, which turns `evil.exe.` into `evil.exe`), no device names, at most 150 UTF-8 bytes. `fallback` stands in
 * for a name that is empty or missing.
 */
export function diskFileName(raw: string | null, fallback: string): string {
  const name = cleanName(raw ?? '') || cleanName(fallback) || 'attachment';
  const device = name.split('.')[0]?.trimEnd() ?? '';
  return fitLength(RESERVED_NAME.test(device) ? `_${name}` : name);
}

function cleanName(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, '_')
    .normalize('NFC')
    .replace(/[\t\n\r]+/g, ' ')
    .replace(HIDDEN_CHARACTERS, '')
    .replace(RESERVED_CHARACTERS, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
}
