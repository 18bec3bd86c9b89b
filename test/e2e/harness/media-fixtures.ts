/**
 * Real, decodable media made on the spot (no binary fixtures in the repo): a
 * PNG and a PDF written byte by byte, a WAV of a tone, and a WebM video that
 * Chromium itself records from a canvas. What the customer "sends" is what the
 * previews must show.
 */
import type { Browser } from 'playwright-core';
import { encodePdf, encodePng, encodeWav } from '../../../src/node-shared/media-encoding.js';

/** A width×height RGB PNG with a diagonal colour gradient. */
export function makePng(width = 160, height = 120): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      pixels.set([40 + Math.round((180 * x) / width), 90, 200 - Math.round((150 * y) / height)], (y * width + x) * 3);
    }
  }
  return encodePng(pixels, width, height, 3);
}

/** A one-page PDF (A6) with a filled orange band and a line of text. */
export function makePdf(title = 'Invoice 1042'): Buffer {
  return encodePdf(298, 420, `0.95 0.55 0.1 rg 20 300 258 60 re f 0 0 0 rg BT /F1 20 Tf 30 320 Td (${title}) Tj ET`);
}

/** `seconds` of a 440 Hz tone, 8 kHz mono 16-bit PCM WAV. */
export function makeWav(seconds = 1): Buffer {
  const rate = 8000;
  const samples = new Int16Array(rate * seconds);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return encodeWav(samples, rate);
}

/** About a second of WebM video, recorded by Chromium's MediaRecorder from an animated canvas. */
export async function recordWebm(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    const base64 = await page.evaluate(`(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 160; canvas.height = 120;
      const ctx = canvas.getContext('2d');
      const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
      const chunks = [];
      recorder.ondataavailable = (e) => chunks.push(e.data);
      const done = new Promise((resolve) => (recorder.onstop = resolve));
      recorder.start();
      for (let frame = 0; frame < 50; frame += 1) {
        ctx.fillStyle = 'hsl(' + frame * 7 + ', 70%, 50%)';
        ctx.fillRect(0, 0, 160, 120);
        await new Promise((r) => requestAnimationFrame(r));
      }
      recorder.stop();
      await done;
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return btoa(binary);
    })()`);
    if (typeof base64 !== 'string' || base64.length === 0) throw new Error('MediaRecorder produced nothing');
    return Buffer.from(base64, 'base64');
  } finally {
    await page.close();
  }
}
