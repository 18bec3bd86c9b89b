/**
 * How long an MP4-family file (m4a audio, mp4 video) plays, read from its boxes (ISO/IEC 14496-12):
 * the sound track's media header (`moov/trak/mdia/mdhd`, when `hdlr` says `soun`), else the movie
 * header (`moov/mvhd`), else a fragmented file's `moov/mvex/mehd`. Only the box headers and these few
 * fields are read; nothing is decoded. LINE needs an audio message's real length in milliseconds
 * (docs/lifecycle.md, "Provider rules the hub keeps").
 */

interface Box {
  readonly type: string;
  /** Where the box's payload starts and where the box ends. */
  readonly body: number;
  readonly end: number;
}

/** The boxes between `start` and `end`; stops at the first one whose size does not fit (a cut file). */
function boxesIn(bytes: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) break;
      const large = bytes.readBigUInt64BE(at + 8);
      if (large > BigInt(Number.MAX_SAFE_INTEGER)) break;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) break;
    out.push({ type, body: at + header, end: at + size });
    at += size;
  }
  return out;
}

function child(bytes: Buffer, parent: Box, type: string): Box | undefined {
  return boxesIn(bytes, parent.body, parent.end).find((b) => b.type === type);
}

/**
 * A full box's timescale and duration (`mvhd` and `mdhd` share the layout): version 0 has 32-bit
 * times, version 1 64-bit ones. Null when it does not fit or says "unknown".
 */
function timing(bytes: Buffer, box: Box): { timescale: number; duration: number } | null {
  const version = bytes[box.body];
  const wide = version === 1;
  const need = wide ? 32 : 20;
  if (box.end - box.body < need) return null;
  const timescale = bytes.readUInt32BE(box.body + (wide ? 20 : 12));
  const duration = wide ? Number(bytes.readBigUInt64BE(box.body + 24)) : bytes.readUInt32BE(box.body + 16);
  const unknown = wide ? duration >= Number.MAX_SAFE_INTEGER : duration === 0xffffffff;
  if (timescale === 0 || duration === 0 || unknown) return null;
  return { timescale, duration };
}

function toMs(t: { timescale: number; duration: number }): number {
  return Math.round((t.duration * 1000) / t.timescale);
}

function soundTrackMs(bytes: Buffer, moov: Box): number | null {
  for (const trak of boxesIn(bytes, moov.body, moov.end).filter((b) => b.type === 'trak')) {
    const mdia = child(bytes, trak, 'mdia');
    if (!mdia) continue;
    const hdlr = child(bytes, mdia, 'hdlr');
    // hdlr: version/flags (4), pre_defined (4), handler_type (4).
    if (!hdlr || hdlr.end - hdlr.body < 12 || bytes.toString('latin1', hdlr.body + 8, hdlr.body + 12) !== 'soun')
      continue;
    const mdhd = child(bytes, mdia, 'mdhd');
    const t = mdhd ? timing(bytes, mdhd) : null;
    if (t) return toMs(t);
  }
  return null;
}

/** A fragmented file's whole length: `mvex/mehd` fragment_duration in the movie's timescale. */
function fragmentedMs(bytes: Buffer, moov: Box, mvhd: Box | undefined): number | null {
  const mvex = child(bytes, moov, 'mvex');
  const mehd = mvex ? child(bytes, mvex, 'mehd') : undefined;
  if (!mehd || !mvhd || mvhd.end - mvhd.body < 16) return null;
  const wide = bytes[mehd.body] === 1;
  if (mehd.end - mehd.body < (wide ? 12 : 8)) return null;
  const duration = wide ? Number(bytes.readBigUInt64BE(mehd.body + 4)) : bytes.readUInt32BE(mehd.body + 4);
  const timescale = bytes.readUInt32BE(mvhd.body + (bytes[mvhd.body] === 1 ? 20 : 12));
  return timescale > 0 && duration > 0 ? toMs({ timescale, duration }) : null;
}

/** Whether the bytes start like an MP4-family file (an `ftyp` box first). */
export function isMp4Container(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.toString('latin1', 4, 8) === 'ftyp';
}

/** The play length in whole milliseconds (at least 1), or null when the file does not say. */
export function mp4DurationMs(bytes: Buffer): number | null {
  if (!isMp4Container(bytes)) return null;
  const moov = boxesIn(bytes, 0, bytes.length).find((b) => b.type === 'moov');
  if (!moov) return null;
  const mvhd = child(bytes, moov, 'mvhd');
  const movie = mvhd ? timing(bytes, mvhd) : null;
  const ms = soundTrackMs(bytes, moov) ?? (movie ? toMs(movie) : null) ?? fragmentedMs(bytes, moov, mvhd);
  return ms === null ? null : Math.max(1, ms);
}
