/**
 * Whether *Open* may hand a customer's file to the OS, and under which name.
 * The OS picks a program by the extension alone and runs a program, script,
 * shortcut or installer on one double-click, so only allowlisted formats open
 * (pictures, PDF, audio, video, plain text), and only when the name's real
 * final extension, the declared media type and the file's first bytes all say
 * the same format. Everything else is only shown in its folder, with the real
 * extension named. Pure: tested with a table of names.
 */
import type { AttachmentOpening, OpeningRisk } from '../../../shared/api.js';
import { GENERIC_MIME_TYPES, OPENABLE_FORMATS, riskOfExtension, type OpenableFormat } from './file-types.js';
import { realExtensionOf, diskFileName } from './safe-file-name.js';

/** How much of the file the decision reads: enough for every signature in file-types.ts and a text check. */
export const HEAD_BYTES = 4096;

export interface OpeningInput {
  /** The customer's name for the file, as sent. */
  readonly fileName: string | null;
  /** The media type the provider declared. */
  readonly mimeType: string;
  /** The file's first `HEAD_BYTES` bytes (all of a shorter file). */
  readonly head: Uint8Array;
  /** Stands in for a missing or empty name. */
  readonly fallbackName: string;
}

function baseMimeType(mimeType: string): string {
  return (mimeType.split(';')[0] ?? '').trim().toLowerCase();
}

const isOpenableExtension = (extension: string): boolean =>
  OPENABLE_FORMATS.some((format) => format.extensions.includes(extension));

/** The format the declared type names; for a type that says nothing, the format the extension and bytes agree on. */
function claimedFormat(mimeType: string, extension: string, head: Uint8Array): OpenableFormat | undefined {
  const declared = baseMimeType(mimeType);
  if (!GENERIC_MIME_TYPES.includes(declared)) return OPENABLE_FORMATS.find((f) => f.mimeTypes.includes(declared));
  return OPENABLE_FORMATS.find((f) => (extension === '' || f.extensions.includes(extension)) && f.matches(head));
}

export function decideAttachmentOpening(input: OpeningInput): AttachmentOpening {
  const fileName = diskFileName(input.fileName, input.fallbackName);
  const extension = realExtensionOf(fileName);
  const reveal = (risk: OpeningRisk): AttachmentOpening => ({ action: 'reveal', risk, extension, fileName });

  const risky = riskOfExtension(extension);
  if (risky) return reveal(risky);
  if (extension !== '' && !isOpenableExtension(extension)) return reveal('unlisted');
  const format = claimedFormat(input.mimeType, extension, input.head);
  // An openable extension on a file that is not that format (or a nameless file of no known type).
  if (!format) return reveal(extension === '' ? 'unlisted' : 'mismatch');
  if (extension !== '' && !format.extensions.includes(extension)) return reveal('mismatch');
  if (!format.matches(input.head)) return reveal('mismatch');
  if (extension !== '') return { action: 'open', risk: null, extension, fileName };
  // No extension: the copy gets its format's, so the OS opens it with the program for that format.
  const [own = ''] = format.extensions;
  return { action: 'open', risk: null, extension: own, fileName: `${fileName}.${own}` };
}
