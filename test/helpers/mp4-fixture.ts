/**
 * Small MP4-family files (m4a audio, mp4 video) built box by box (ISO/IEC 14496-12) for tests: an
 * `ftyp`, a `moov` with the movie header and one track (`tkhd`, `mdia` with `mdhd` and `hdlr`), and an
 * `mdat`. The boxes a player needs to find the length are all there; the media data is filler.
 */

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** A box whose size is written as a 64-bit largesize (size field 1). */
function largeBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, 'latin1');
  header.writeBigUInt64BE(BigInt(16 + body.length), 8);
  return Buffer.concat([header, body]);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function u64(value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(value));
  return b;
}

/** mvhd / mdhd: version, flags, times, timescale, duration (+ the rest of the header as zeros). */
function header(type: 'mvhd' | 'mdhd', version: 0 | 1, timescale: number, duration: number): Buffer {
  const times =
    version === 1
      ? Buffer.concat([u64(0), u64(0), u32(timescale), u64(duration)])
      : Buffer.concat([u32(0, 0, timescale, duration)]);
  const rest = Buffer.alloc(type === 'mvhd' ? 80 : 4);
  return box(type, Buffer.from([version, 0, 0, 0]), times, rest);
}

function hdlr(handler: 'soun' | 'vide'): Buffer {
  return box('hdlr', u32(0, 0), Buffer.from(handler, 'latin1'), u32(0, 0, 0), Buffer.from('handler\0', 'latin1'));
}

export interface Mp4Options {
  /** `M4A ` for audio, `isom` for video. */
  readonly brand?: string;
  readonly handler?: 'soun' | 'vide';
  /** The movie header's timescale and duration (ticks). */
  readonly movie?: { readonly timescale: number; readonly duration: number };
  /** The track's media header; left out when null. */
  readonly track?: { readonly timescale: number; readonly duration: number } | null;
  readonly version?: 0 | 1;
  /** Write the `moov` box with a 64-bit largesize. */
  readonly largeMoov?: boolean;
  /** A fragmented file: `mvex/mehd` with this fragment duration (movie ticks); mvhd says 0. */
  readonly fragmentDuration?: number;
  readonly mdatBytes?: number;
}

export function buildMp4(options: Mp4Options = {}): Buffer {
  const version = options.version ?? 0;
  const movie = options.movie ?? { timescale: 1000, duration: 0 };
  const track = options.track === undefined ? { timescale: 44_100, duration: 44_100 } : options.track;
  const handler = options.handler ?? 'soun';
  const ftyp = box('ftyp', Buffer.from(options.brand ?? (handler === 'soun' ? 'M4A ' : 'isom'), 'latin1'), u32(0));
  const mdia = box('mdia', ...(track ? [header('mdhd', version, track.timescale, track.duration)] : []), hdlr(handler));
  const trak = box('trak', box('tkhd', Buffer.alloc(84)), mdia);
  const mvex =
    options.fragmentDuration === undefined
      ? []
      : [box('mvex', box('mehd', Buffer.from([0, 0, 0, 0]), u32(options.fragmentDuration)))];
  const moovPayload = [header('mvhd', version, movie.timescale, movie.duration), trak, ...mvex];
  const moov = options.largeMoov ? largeBox('moov', ...moovPayload) : box('moov', ...moovPayload);
  const mdat = box('mdat', Buffer.alloc(options.mdatBytes ?? 64, 0x21));
  return Buffer.concat([ftyp, moov, mdat]);
}

/** An m4a of `ms` milliseconds (AAC at 44.1 kHz in its track header, the movie header in ms). */
export function m4aOfMs(ms: number): Buffer {
  return buildMp4({
    movie: { timescale: 1000, duration: ms },
    track: { timescale: 44_100, duration: (ms * 44_100) / 1000 },
  });
}

/** An mp4 video of `ms` milliseconds. */
export function mp4VideoOfMs(ms: number): Buffer {
  return buildMp4({
    handler: 'vide',
    movie: { timescale: 1000, duration: ms },
    track: { timescale: 90_000, duration: ms * 90 },
  });
}
