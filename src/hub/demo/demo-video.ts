/**
 * A real, playable MP4 (H.264 Constrained Baseline in an ISO base media file)
 * written byte by byte, so the demo's customers can send a video without a
 * binary asset or an encoder. Every macroblock is coded I_PCM (H.264 §7.3.5:
 * mb_type 25 in an I slice, then the raw 8-bit samples), which any H.264
 * decoder reads and no prediction or transform is needed to write. Frames are
 * tiny (a few macroblocks), so the file stays small.
 */

/** One frame as 4:2:0 planes: Y is width×height, U and V are (width/2)×(height/2). */
export interface YuvFrame {
  readonly y: Uint8Array;
  readonly u: Uint8Array;
  readonly v: Uint8Array;
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bit(b: number): void {
    this.current = (this.current << 1) | (b & 1);
    this.used += 1;
    if (this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }

  bits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i -= 1) this.bit((value >> i) & 1);
  }

  /** Exp-Golomb unsigned (ue(v)). */
  ue(value: number): void {
    const code = value + 1;
    const length = Math.floor(Math.log2(code));
    this.bits(0, length);
    this.bits(code, length + 1);
  }

  /** Exp-Golomb signed (se(v)). */
  se(value: number): void {
    this.ue(value <= 0 ? -2 * value : 2 * value - 1);
  }

  get aligned(): boolean {
    return this.used === 0;
  }

  alignZero(): void {
    while (!this.aligned) this.bit(0);
  }

  byte(value: number): void {
    this.bits(value, 8);
  }

  /** rbsp_trailing_bits: a one, then zeros to the byte boundary. */
  trailing(): Buffer {
    this.bit(1);
    this.alignZero();
    return Buffer.from(this.bytes);
  }
}

/** A NAL unit: header byte, then the payload with emulation prevention bytes (§7.4.1). */
function nal(refIdc: number, type: number, rbsp: Buffer): Buffer {
  const out: number[] = [(refIdc << 5) | type];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

const PROFILE_BASELINE = 66;
/** constraint_set0 and constraint_set1: Constrained Baseline. */
const CONSTRAINTS = 0xc0;
const LEVEL_3_0 = 30;
const LOG2_MAX_FRAME_NUM = 4;

function sps(widthMbs: number, heightMbs: number): Buffer {
  const w = new BitWriter();
  w.byte(PROFILE_BASELINE);
  w.byte(CONSTRAINTS);
  w.byte(LEVEL_3_0);
  w.ue(0); // seq_parameter_set_id
  w.ue(LOG2_MAX_FRAME_NUM - 4);
  w.ue(2); // pic_order_cnt_type 2: output order is decoding order
  w.ue(1); // max_num_ref_frames
  w.bit(0); // gaps_in_frame_num_value_allowed_flag
  w.ue(widthMbs - 1);
  w.ue(heightMbs - 1);
  w.bit(1); // frame_mbs_only_flag
  w.bit(1); // direct_8x8_inference_flag
  w.bit(0); // frame_cropping_flag
  w.bit(0); // vui_parameters_present_flag
  return nal(3, 7, w.trailing());
}

function pps(): Buffer {
  const w = new BitWriter();
  w.ue(0); // pic_parameter_set_id
  w.ue(0); // seq_parameter_set_id
  w.bit(0); // entropy_coding_mode_flag: CAVLC
  w.bit(0); // bottom_field_pic_order_in_frame_present_flag
  w.ue(0); // num_slice_groups_minus1
  w.ue(0); // num_ref_idx_l0_default_active_minus1
  w.ue(0); // num_ref_idx_l1_default_active_minus1
  w.bit(0); // weighted_pred_flag
  w.bits(0, 2); // weighted_bipred_idc
  w.se(0); // pic_init_qp_minus26
  w.se(0); // pic_init_qs_minus26
  w.se(0); // chroma_qp_index_offset
  w.bit(1); // deblocking_filter_control_present_flag
  w.bit(0); // constrained_intra_pred_flag
  w.bit(0); // redundant_pic_cnt_present_flag
  return nal(3, 8, w.trailing());
}

/** One I slice covering the frame, every macroblock I_PCM. The first frame is the IDR picture. */
function slice(frame: YuvFrame, index: number, width: number, height: number): Buffer {
  const idr = index === 0;
  const w = new BitWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(7); // slice_type: I (all slices of the picture)
  w.ue(0); // pic_parameter_set_id
  w.bits(index % (1 << LOG2_MAX_FRAME_NUM), LOG2_MAX_FRAME_NUM); // frame_num
  if (idr) w.ue(0); // idr_pic_id
  // dec_ref_pic_marking (every frame is a reference): IDR no_output_of_prior_pics, long_term; else sliding window.
  if (idr) w.bits(0, 2);
  else w.bit(0);
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc: off
  const cw = width / 2;
  for (let my = 0; my < height / 16; my += 1) {
    for (let mx = 0; mx < width / 16; mx += 1) {
      w.ue(25); // mb_type I_PCM
      w.alignZero(); // pcm_alignment_zero_bit
      for (let y = 0; y < 16; y += 1)
        for (let x = 0; x < 16; x += 1) w.byte(frame.y[(my * 16 + y) * width + mx * 16 + x] ?? 128);
      for (const plane of [frame.u, frame.v])
        for (let y = 0; y < 8; y += 1)
          for (let x = 0; x < 8; x += 1) w.byte(plane[(my * 8 + y) * cw + mx * 8 + x] ?? 128);
    }
  }
  return nal(3, idr ? 5 : 1, w.trailing());
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version << 24) | flags) >>> 0, 0);
  return box(type, vf, ...parts);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function u16(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
  return b;
}

/** The unity transformation matrix of mvhd and tkhd. */
const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

function sampleEntry(width: number, height: number, spsNal: Buffer, ppsNal: Buffer): Buffer {
  const avcC = box(
    'avcC',
    Buffer.from([1, PROFILE_BASELINE, CONSTRAINTS, LEVEL_3_0, 0xff, 0xe1]), // 4-byte lengths, one SPS
    u16(spsNal.length),
    spsNal,
    Buffer.from([1]),
    u16(ppsNal.length),
    ppsNal,
  );
  return box(
    'avc1',
    Buffer.alloc(6), // reserved
    u16(1), // data_reference_index
    Buffer.alloc(16), // pre_defined, reserved
    u16(width, height),
    u32(0x00480000, 0x00480000, 0), // 72 dpi, reserved
    u16(1), // frame_count
    Buffer.alloc(32), // compressorname
    u16(0x0018, 0xffff), // depth, pre_defined -1
    avcC,
  );
}

/**
 * Frames (all width×height, multiples of 16) → an MP4 playing at `fps`, the
 * moov box first so a player can start before the whole file is read.
 */
export function encodeMp4(frames: readonly YuvFrame[], width: number, height: number, fps: number): Buffer {
  if (width % 16 !== 0 || height % 16 !== 0) throw new RangeError('width and height must be multiples of 16');
  const spsNal = sps(width / 16, height / 16);
  const ppsNal = pps();
  const samples = frames.map((frame, i) => {
    const unit = slice(frame, i, width, height);
    return Buffer.concat([u32(unit.length), unit]);
  });
  const timescale = fps * 1000;
  const delta = 1000;
  const duration = frames.length * delta;
  const durationMs = Math.round((frames.length * 1000) / fps);
  const ftyp = box('ftyp', Buffer.from('isom', 'ascii'), u32(0x200), Buffer.from('isomiso2avc1mp41', 'ascii'));
  const moovFor = (dataOffset: number): Buffer => {
    const stbl = box(
      'stbl',
      fullBox('stsd', 0, 0, u32(1), sampleEntry(width, height, spsNal, ppsNal)),
      fullBox('stts', 0, 0, u32(1, frames.length, delta)),
      fullBox('stss', 0, 0, u32(1, 1)),
      fullBox('stsc', 0, 0, u32(1, 1, frames.length, 1)),
      fullBox('stsz', 0, 0, u32(0, frames.length, ...samples.map((s) => s.length))),
      fullBox('stco', 0, 0, u32(1, dataOffset)),
    );
    const minf = box(
      'minf',
      fullBox('vmhd', 0, 1, u16(0, 0, 0, 0)),
      box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1))),
      stbl,
    );
    const mdia = box(
      'mdia',
      fullBox('mdhd', 0, 0, u32(0, 0, timescale, duration), u16(0x55c4, 0)), // language 'und'
      fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide', 'ascii'), u32(0, 0, 0), Buffer.from('VideoHandler\0', 'ascii')),
      minf,
    );
    const tkhd = fullBox(
      'tkhd',
      0,
      3, // enabled, in movie
      u32(0, 0, 1, 0, durationMs, 0, 0),
      u16(0, 0, 0, 0), // layer, alternate group, volume, reserved
      MATRIX,
      u32(width << 16, height << 16),
    );
    const mvhd = fullBox(
      'mvhd',
      0,
      0,
      u32(0, 0, 1000, durationMs, 0x00010000),
      u16(0x0100, 0), // volume, reserved
      u32(0, 0),
      MATRIX,
      Buffer.alloc(24), // pre_defined
      u32(2), // next_track_ID
    );
    return box('moov', mvhd, box('trak', tkhd, mdia));
  };
  const moovSize = moovFor(0).length;
  const mdat = box('mdat', ...samples);
  return Buffer.concat([ftyp, moovFor(ftyp.length + moovSize + 8), mdat]);
}

/** RGB (0–255) → BT.601 limited-range Y, U, V. */
export function rgbToYuv(r: number, g: number, b: number): [number, number, number] {
  const y = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
  const u = 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
  const v = 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;
  return [Math.round(y), Math.round(u), Math.round(v)];
}
