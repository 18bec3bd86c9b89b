// Draws build/icon.png (1024×1024): a rounded square with a speech bubble and
// three lines (a switchboard of conversations). Run once with `npx tsx
// scripts/make-icon.ts`; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { encodePng } from '../src/node-shared/media-encoding.js';

const N = 1024;
const pixels = Buffer.alloc(N * N * 4);

function inRoundRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function colourAt(x: number, y: number): [number, number, number, number] {
  if (!inRoundRect(x, y, 64, 64, 960, 960, 200)) return [0, 0, 0, 0];
  const line = (y0: number, len: number) =>
    y >= y0 && y <= y0 + 44 && inRoundRect(x, y, 320, y0, 320 + len, y0 + 44, 22);
  if (line(350, 384) || line(452, 300) || line(554, 220)) return [30, 120, 215, 255];
  const bubble = inRoundRect(x, y, 220, 250, 804, 700, 110);
  const tail = x >= 300 && x <= 460 && y >= 680 && y <= 820 && x - 300 <= (820 - y) * 1.1;
  if (bubble || tail) return [255, 255, 255, 255];
  const t = y / N;
  return [Math.round(20 + 30 * t), Math.round(110 + 40 * t), Math.round(220 - 30 * t), 255];
}

for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) pixels.set(colourAt(x, y), (y * N + x) * 4);
writeFileSync(new URL('../build/icon.png', import.meta.url), encodePng(pixels, N, N, 4));
