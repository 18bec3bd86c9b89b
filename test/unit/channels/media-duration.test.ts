import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isMp4Container, mp4DurationMs } from '../../../src/hub/channels/media-duration.js';
import { POSTER_SIZE, posterPng } from '../../../src/hub/channels/poster-image.js';
import { buildMp4, m4aOfMs, mp4VideoOfMs } from '../../helpers/mp4-fixture.js';

describe('reading an m4a / mp4 file’s length', () => {
  it('an m4a’s sound track says how long it plays, in whole milliseconds', () => {
    expect(mp4DurationMs(m4aOfMs(3456))).toBe(3456);
    // 1.5 s at 44.1 kHz, the movie header in another timescale that disagrees: the sound track wins.
    const file = buildMp4({ movie: { timescale: 600, duration: 600 }, track: { timescale: 44_100, duration: 66_150 } });
    expect(mp4DurationMs(file)).toBe(1500);
  });

  it('64-bit headers (version 1) and a 64-bit box size are read too', () => {
    const long = 3 * 60 * 60 * 1000 + 7;
    const file = buildMp4({
      version: 1,
      movie: { timescale: 1000, duration: long },
      track: { timescale: 1000, duration: long },
      largeMoov: true,
    });
    expect(mp4DurationMs(file)).toBe(long);
  });

  it('without a sound track header, the movie header; a fragmented file, its mehd', () => {
    expect(mp4DurationMs(buildMp4({ movie: { timescale: 1000, duration: 2500 }, track: null }))).toBe(2500);
    expect(mp4DurationMs(mp4VideoOfMs(4200))).toBe(4200);
    const fragmented = buildMp4({ movie: { timescale: 1000, duration: 0 }, track: null, fragmentDuration: 9000 });
    expect(mp4DurationMs(fragmented)).toBe(9000);
  });

  it('a length under a millisecond counts as one', () => {
    expect(
      mp4DurationMs(buildMp4({ movie: { timescale: 1000, duration: 0 }, track: { timescale: 48_000, duration: 10 } })),
    ).toBe(1);
  });

  it('says nothing for files that do not tell their length', () => {
    const mp3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]);
    expect(isMp4Container(mp3)).toBe(false);
    expect(mp4DurationMs(mp3)).toBeNull();
    expect(mp4DurationMs(Buffer.alloc(0))).toBeNull();
    // No length anywhere: zero in both headers, or "unknown" (all ones).
    expect(
      mp4DurationMs(buildMp4({ movie: { timescale: 1000, duration: 0 }, track: { timescale: 1000, duration: 0 } })),
    ).toBeNull();
    expect(mp4DurationMs(buildMp4({ movie: { timescale: 1000, duration: 0xffffffff }, track: null }))).toBeNull();
    expect(mp4DurationMs(buildMp4({ movie: { timescale: 0, duration: 10 }, track: null }))).toBeNull();
    // Cut off inside the moov box: what is there does not fit.
    const whole = m4aOfMs(1000);
    const moovAt = whole.indexOf('moov') - 4;
    expect(mp4DurationMs(whole.subarray(0, moovAt + 40))).toBeNull();
    // A box claiming to be bigger than the file, or smaller than its own header.
    const broken = Buffer.from(whole);
    broken.writeUInt32BE(4, moovAt);
    expect(mp4DurationMs(broken)).toBeNull();
  });
});

describe('the video poster', () => {
  it('is a valid 240×240 RGB PNG a provider can show, well under LINE’s 1 MB', () => {
    const png = posterPng();
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([POSTER_SIZE, POSTER_SIZE, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('latin1', 37, 41)).toBe('IDAT');
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect(pixels.length).toBe(POSTER_SIZE * (1 + POSTER_SIZE * 3));
    expect(png.toString('latin1', png.length - 8, png.length - 4)).toBe('IEND');
    expect(png.length).toBeLessThan(1024 * 1024);
  });
});
