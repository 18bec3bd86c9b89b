/**
 * Sample files the demo customers send: small but real PNG photos, a PDF
 * receipt and a WAV voice note, generated in memory so the demo needs no
 * assets on disk and every preview in the client actually renders.
 */
import { encodePdf, encodePng, encodeWav, pdfTextLines } from '../../node-shared/media-encoding.js';

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
