/**
 * Sample files the demo customers send: small but real PNG photos, a PDF
 * receipt, a WAV voice note and an MP4 video, generated in memory so the demo needs no
 * assets on disk and every preview in the client actually renders.
 */
import { encodePdf, encodePng, encodeWav, pdfTextLines } from '../../node-shared/media-encoding.js';
import { encodeMp4, rgbToYuv, type YuvFrame } from './demo-video.js';

export interface DemoFile {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName: string;
}

type Rgb = readonly [number, number, number];

/** A 160×120 "photo": a sky-to-ground gradient with a coloured box (the parcel) in the middle. */
export function demoPhoto(box: Rgb, fileName: string): DemoFile {
  const width = 160;
  const height = 120;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inBox = x > 50 && x < 110 && y > 35 && y < 95;
      const ground = y > 80;
      const pixel: Rgb = inBox ? box : ground ? [120, 100 + (y % 7), 80] : [150 + y / 2, 190 + y / 4, 240];
      pixels.set(
        pixel.map((v) => Math.max(0, Math.min(255, Math.round(v)))),
        (y * width + x) * 3,
      );
    }
  }
  return { bytes: encodePng(pixels, width, height, 3), mimeType: 'image/png', fileName };
}

/** A one-page PDF with a few lines of ASCII text, with a correct xref table. */
export function demoPdf(lines: readonly string[], fileName: string): DemoFile {
  return { bytes: encodePdf(595, 842, pdfTextLines(lines, 60, 760, 14)), mimeType: 'application/pdf', fileName };
}

/** A short two-tone "voice note" as 8 kHz mono 16-bit WAV. */
export function demoVoice(fileName: string): DemoFile {
  const rate = 8000;
  const samples = new Int16Array(rate); // one second
  for (let i = 0; i < samples.length; i += 1) {
    const freq = i < samples.length / 2 ? 440 : 660;
    const fade = Math.min(1, i / 400, (samples.length - i) / 400);
    samples[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * 8000 * fade);
  }
  return { bytes: encodeWav(samples, rate), mimeType: 'audio/wav', fileName };
}

/**
 * A two-second 96×64 "video" of the parcel on the doorstep, a box sliding across: H.264 in MP4
 * (demo-video.ts), about 110 KB.
 */
export function demoVideo(box: Rgb, fileName: string): DemoFile {
  const width = 96;
  const height = 64;
  const frames: YuvFrame[] = [];
  for (let f = 0; f < 12; f += 1) {
    const y = new Uint8Array(width * height);
    const u = new Uint8Array((width / 2) * (height / 2));
    const v = new Uint8Array((width / 2) * (height / 2));
    const left = 8 + f * 5;
    for (let py = 0; py < height; py += 1) {
      for (let px = 0; px < width; px += 1) {
        const inBox = px >= left && px < left + 28 && py >= 20 && py < 48;
        const rgb: Rgb = inBox ? box : py > 44 ? [120, 100, 80] : [150 + py, 190 + py / 2, 240];
        const [Y, U, V] = rgbToYuv(...rgb);
        y[py * width + px] = Y;
        if (px % 2 === 0 && py % 2 === 0) {
          u[(py / 2) * (width / 2) + px / 2] = U;
          v[(py / 2) * (width / 2) + px / 2] = V;
        }
      }
    }
    frames.push({ y, u, v });
  }
  return { bytes: encodeMp4(frames, width, height, 6), mimeType: 'video/mp4', fileName };
}

/** A 132×132 profile picture (WeChat's largest listed size but one): a head and shoulders on a coloured disc. */
export function demoAvatar(colour: Rgb): DemoFile {
  const size = 132;
  const pixels = Buffer.alloc(size * size * 3);
  const c = size / 2;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const disc = (x - c) ** 2 + (y - c) ** 2 < c * c;
      const head = (x - c) ** 2 + (y - 52) ** 2 < 22 * 22;
      const shoulders = y > 82 && (x - c) ** 2 / 46 ** 2 + (y - 124) ** 2 / 40 ** 2 < 1;
      const pixel: Rgb = head || shoulders ? [250, 250, 250] : disc ? colour : [255, 255, 255];
      pixels.set(pixel, (y * size + x) * 3);
    }
  }
  return { bytes: encodePng(pixels, size, size, 3), mimeType: 'image/png', fileName: 'avatar.png' };
}
