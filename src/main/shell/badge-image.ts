/**
 * The unread-count badge drawn as a PNG, for the Windows taskbar overlay
 * (Windows has no numeric badge API, unlike the macOS dock). Pure Node:
 * a red disc with white digits from a 5×7 bitmap font, so the shell needs no
 * image library. Unit-tested without Electron.
 */
import { encodePng } from '../../node-shared/media-encoding.js';

const SIZE = 32;
/** 5×7 glyphs, one string of 7 rows per character, '#' = ink. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': [' ### ', '#   #', '#  ##', '# # #', '##  #', '#   #', ' ### '],
  '1': ['  #  ', ' ##  ', '  #  ', '  #  ', '  #  ', '  #  ', ' ### '],
  '2': [' ### ', '#   #', '    #', '   # ', '  #  ', ' #   ', '#####'],
  '3': ['#####', '   # ', '  #  ', '   # ', '    #', '#   #', ' ### '],
  '4': ['   # ', '  ## ', ' # # ', '#  # ', '#####', '   # ', '   # '],
  '5': ['#####', '#    ', '#### ', '    #', '    #', '#   #', ' ### '],
  '6': ['  ## ', ' #   ', '#    ', '#### ', '#   #', '#   #', ' ### '],
  '7': ['#####', '    #', '   # ', '  #  ', ' #   ', ' #   ', ' #   '],
  '8': [' ### ', '#   #', '#   #', ' ### ', '#   #', '#   #', ' ### '],
  '9': [' ### ', '#   #', '#   #', ' ####', '    #', '   # ', ' ##  '],
  '+': ['     ', '  #  ', '  #  ', '#####', '  #  ', '  #  ', '     '],
};

/** What the badge says: 1–99, then "99+". */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(Math.max(0, Math.floor(count)));
}

export function renderBadgePng(count: number): Buffer {
  const text = badgeText(count);
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const put = (x: number, y: number, rgba: readonly [number, number, number, number]) => {
    if (x >= 0 && y >= 0 && x < SIZE && y < SIZE) pixels.set(rgba, (y * SIZE + x) * 4);
  };
  const r = SIZE / 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if ((x + 0.5 - r) ** 2 + (y + 0.5 - r) ** 2 <= r * r) put(x, y, [220, 38, 38, 255]);
    }
  }
  // Scale 2 for one or two characters, 1 for "99+", centred.
  const scale = text.length <= 2 ? 2 : 1;
  const advance = 6 * scale;
  const width = text.length * advance - scale;
  const left = Math.round((SIZE - width) / 2);
  const top = Math.round((SIZE - 7 * scale) / 2);
  [...text].forEach((ch, i) => {
    const glyph = GLYPHS[ch] ?? [];
    glyph.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            put(left + i * advance + gx * scale + dx, top + gy * scale + dy, [255, 255, 255, 255]);
      });
    });
  });
  return encodePng(pixels, SIZE, SIZE, 4);
}
