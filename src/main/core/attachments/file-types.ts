/**
 * The file types *Open* may hand to the OS, and what the others are. An OS
 * picks the program by the extension alone, so the allowlist is by format:
 * each one names its media types, its extensions and how its first bytes look
 * (signatures from the formats' own specifications; ISO BMFF is ISO/IEC 14496-12,
 * Matroska/WebM start with the EBML magic, RIFF carries its form type at byte 8).
 */
import { OpeningRisk } from '../../../shared/api.js';

export interface OpenableFormat {
  readonly kind: 'image' | 'pdf' | 'audio' | 'video' | 'text';
  readonly mimeTypes: readonly string[];
  /** The first is the one a copy gets when its name has no extension. */
  readonly extensions: readonly string[];
  /** True when the file's first bytes are this format. */
  matches(head: Uint8Array): boolean;
}

const ascii = (head: Uint8Array, offset: number, text: string): boolean =>
  [...text].every((ch, i) => head[offset + i] === ch.charCodeAt(0));
const bytes = (head: Uint8Array, expected: readonly number[]): boolean => expected.every((b, i) => head[i] === b);
const riff = (form: string) => (head: Uint8Array) => ascii(head, 0, 'RIFF') && ascii(head, 8, form);
/** An ISO base media file (MP4, MOV, 3GP, M4A, HEIF, AVIF) starts with an `ftyp` box naming its major brand. */
const isoBrand = (head: Uint8Array): string | null =>
  ascii(head, 4, 'ftyp') ? String.fromCharCode(...head.subarray(8, 12)) : null;
const isoFile = (head: Uint8Array): boolean => isoBrand(head) !== null;
const isoBrandIn =
  (...brands: string[]) =>
  (head: Uint8Array): boolean =>
    brands.includes(isoBrand(head) ?? '');
const ebml = (head: Uint8Array): boolean => bytes(head, [0x1a, 0x45, 0xdf, 0xa3]);
/** QuickTime files written before `ftyp` existed start with another top-level atom. */
const quickTime = (head: Uint8Array): boolean =>
  isoFile(head) || ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].some((atom) => ascii(head, 4, atom));
/** MP3: an ID3v2 tag or an MPEG audio frame sync (11 set bits). */
const mp3 = (head: Uint8Array): boolean =>
  ascii(head, 0, 'ID3') || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0);
/** AAC in ADTS: a 12-bit sync word, then layer bits 00. */
const adts = (head: Uint8Array): boolean => head[0] === 0xff && ((head[1] ?? 0) & 0xf6) === 0xf0;
/** PDF readers accept a header anywhere in the first 1024 bytes (ISO 32000-1, implementation note). */
const pdf = (head: Uint8Array): boolean => Buffer.from(head.subarray(0, 1024)).includes('%PDF-');

/** Bytes that real text files carry among the C0 controls: TAB, LF, FF, CR and ESC (ANSI colours in logs). */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);

/** Plain text: valid UTF-8 (an incomplete last character is where the head was cut) and no binary controls. */
function plainText(head: Uint8Array): boolean {
  if (head.some((b) => (b < 0x20 && !TEXT_CONTROLS.has(b)) || b === 0x7f)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false; // not UTF-8 (the fatal decoder throws): not a text file we vouch for
  }
}

export const OPENABLE_FORMATS: readonly OpenableFormat[] = [
  { kind: 'image', mimeTypes: ['image/png'], extensions: ['png'], matches: (h) => bytes(h, [0x89, 0x50, 0x4e, 0x47]) },
  {
    kind: 'image',
    mimeTypes: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    matches: (h) => bytes(h, [0xff, 0xd8, 0xff]),
  },
  {
    kind: 'image',
    mimeTypes: ['image/gif'],
    extensions: ['gif'],
    matches: (h) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a'),
  },
  { kind: 'image', mimeTypes: ['image/webp'], extensions: ['webp'], matches: riff('WEBP') },
  { kind: 'image', mimeTypes: ['image/bmp', 'image/x-ms-bmp'], extensions: ['bmp'], matches: (h) => ascii(h, 0, 'BM') },
  {
    kind: 'image',
    mimeTypes: ['image/heic', 'image/heif'],
    extensions: ['heic', 'heif'],
    matches: isoBrandIn('heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'),
  },
  { kind: 'image', mimeTypes: ['image/avif'], extensions: ['avif'], matches: isoBrandIn('avif', 'avis') },
  { kind: 'pdf', mimeTypes: ['application/pdf'], extensions: ['pdf'], matches: pdf },
  { kind: 'audio', mimeTypes: ['audio/mpeg', 'audio/mp3'], extensions: ['mp3'], matches: mp3 },
  { kind: 'audio', mimeTypes: ['audio/aac', 'audio/x-aac', 'audio/aacp'], extensions: ['aac'], matches: adts },
  { kind: 'audio', mimeTypes: ['audio/mp4', 'audio/x-m4a', 'audio/m4a'], extensions: ['m4a'], matches: isoFile },
  {
    kind: 'audio',
    mimeTypes: ['audio/ogg', 'audio/opus', 'application/ogg'],
    extensions: ['ogg', 'oga', 'opus'],
    matches: (h) => ascii(h, 0, 'OggS'),
  },
  {
    kind: 'audio',
    mimeTypes: ['audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    extensions: ['wav'],
    matches: riff('WAVE'),
  },
  { kind: 'audio', mimeTypes: ['audio/amr'], extensions: ['amr'], matches: (h) => ascii(h, 0, '#!AMR') },
  {
    kind: 'audio',
    mimeTypes: ['audio/flac', 'audio/x-flac'],
    extensions: ['flac'],
    matches: (h) => ascii(h, 0, 'fLaC'),
  },
  { kind: 'audio', mimeTypes: ['audio/webm'], extensions: ['weba', 'webm'], matches: ebml },
  { kind: 'video', mimeTypes: ['video/mp4'], extensions: ['mp4', 'm4v'], matches: isoFile },
  { kind: 'video', mimeTypes: ['video/quicktime'], extensions: ['mov'], matches: quickTime },
  {
    kind: 'video',
    mimeTypes: ['video/3gpp', 'video/3gpp2', 'audio/3gpp'],
    extensions: ['3gp', '3g2'],
    matches: isoFile,
  },
  { kind: 'video', mimeTypes: ['video/webm'], extensions: ['webm'], matches: ebml },
  { kind: 'video', mimeTypes: ['video/x-matroska'], extensions: ['mkv'], matches: ebml },
  { kind: 'text', mimeTypes: ['text/plain'], extensions: ['txt'], matches: plainText },
];

/** Media types that say nothing about the content; the bytes decide. */
export const GENERIC_MIME_TYPES: readonly string[] = ['', 'application/octet-stream', 'binary/octet-stream'];

/**
 * Extensions an OS runs, installs, follows or renders as a page when the file is opened: Windows' and
 * macOS's executable and script types, shortcuts, installers, HTML and SVG (a browser runs their script),
 * Office formats that may carry macros, and archives / disk images (their content was not checked).
 */
const RISKY_EXTENSIONS: Readonly<Partial<Record<OpeningRisk, readonly string[]>>> = {
  'windows-program': ['exe', 'com', 'scr', 'pif', 'cpl', 'dll', 'ocx', 'sys', 'drv', 'msc', 'gadget', 'xll'],
  'mac-program': ['app', 'command', 'tool', 'workflow', 'action', 'prefpane', 'osax', 'kext', 'dylib', 'terminal'],
  script: [
    ...['bat', 'cmd', 'ps1', 'psm1', 'psd1', 'ps1xml', 'psc1', 'pssc', 'msh', 'msh1', 'msh2', 'mshxml'],
    ...['vbs', 'vbe', 'js', 'jse', 'mjs', 'cjs', 'wsf', 'wsc', 'wsh', 'ws', 'hta', 'sct', 'reg', 'inf', 'scf'],
    ...['sh', 'bash', 'zsh', 'csh', 'ksh', 'fish', 'py', 'pyc', 'pyw', 'pl', 'rb', 'php', 'lua'],
    ...['applescript', 'scpt', 'jar', 'jnlp', 'class', 'appimage', 'run'],
  ],
  installer: [
    ...['msi', 'msp', 'mst', 'msix', 'msixbundle', 'appx', 'appxbundle', 'appinstaller'],
    ...['pkg', 'mpkg', 'dmg', 'deb', 'rpm', 'apk', 'xapk', 'snap', 'crx', 'xpi', 'vsix'],
  ],
  shortcut: [
    ...['lnk', 'url', 'website', 'webloc', 'inetloc', 'fileloc', 'desktop'],
    ...['appref-ms', 'settingcontent-ms', 'library-ms', 'search-ms', 'searchconnector-ms', 'application'],
  ],
  'web-page': ['html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'svgz', 'xml', 'xsl', 'chm'],
  'macro-document': [
    ...['docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'xlam', 'xla', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm'],
    ...['doc', 'dot', 'xls', 'xlt', 'ppt', 'pot', 'pps', 'rtf'],
  ],
  archive: [
    ...['zip', 'rar', '7z', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'cab', 'arj', 'lzh', 'ace'],
    ...['iso', 'img', 'vhd', 'vhdx'],
  ],
};

const RISK_BY_EXTENSION: ReadonlyMap<string, OpeningRisk> = new Map(
  OpeningRisk.options.flatMap((risk) =>
    (RISKY_EXTENSIONS[risk] ?? []).map((ext): [string, OpeningRisk] => [ext, risk]),
  ),
);

/** What an extension makes a file when opened, or null when it is none of the risky kinds. */
export function riskOfExtension(extension: string): OpeningRisk | null {
  return RISK_BY_EXTENSION.get(extension) ?? null;
}
