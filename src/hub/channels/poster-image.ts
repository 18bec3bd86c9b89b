/**
 * The preview image of a video the hub sends by URL (LINE's `previewImageUrl` must be a JPEG or PNG,
 * at most 1 MB): the hub decodes no video, so it is a poster — a play button on a dark square —
 * drawn here as a PNG (RFC 2083: signature, IHDR, one zlib-compressed IDAT, IEND) with node:zlib
 * alone. The same bytes for every video; built once.
 */
import { deflateSync } from 'node:zlib';

export const POSTER_SIZE = 240;
export const POSTER_MIME_TYPE = 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [0x2b, 0x2f, 0x36];
const DISC: Rgb = [0xf2, 0xf3, 0xf5];
const TRIANGLE: Rgb = [0x2b, 0x2f, 0x36];

/** The colour of pixel (x, y): a disc in the middle, a play triangle pointing right inside it. */
function colourAt(x: number, y: number): Rgb {
  const c = POSTER_SIZE / 2;
  const dx = x + 0.5 - c;
  const dy = y + 0.5 - c;
  if (dx * dx + dy * dy > 56 * 56) return BACKGROUND;
  // Triangle with corners (c-18, c-26), (c-18, c+26), (c+28, c): inside when left of the two slanted edges.
  const left = dx >= -18;
  const slope = 26 / 46;
  const within = Math.abs(dy) <= (28 - dx) * slope;
  return left && within ? TRIANGLE : DISC;
}

function build(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(POSTER_SIZE, 0);
  header.writeUInt32BE(POSTER_SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour (RGB)
  // compression, filter and interlace methods stay 0
  const row = 1 + POSTER_SIZE * 3;
  const raw = Buffer.alloc(row * POSTER_SIZE);
  for (let y = 0; y < POSTER_SIZE; y += 1) {
    raw[y * row] = 0; // filter type None
    for (let x = 0; x < POSTER_SIZE; x += 1) {
      const [r, g, b] = colourAt(x, y);
      const at = y * row + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let poster: Buffer | null = null;

/** The poster PNG (a few hundred bytes). */
export function posterPng(): Buffer {
  poster ??= build();
  return poster;
}
