/**
 * Contrast of what the renderer draws, from the colours it ships: theme.css's variables in the light
 * and the dark theme, and the channel marks' palette. Text on colour needs 4.5:1 (WCAG 1.4.3), a
 * mark's glyph and shape 3:1 (WCAG 1.4.11).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS } from '../../../src/shared/domain.js';

type MarkColours = { shape: string; glyph: string; edge?: string; badge?: string };

/**
 * The marks' palette as channel-mark-colours.ts declares it (read as text: the node project does not
 * compile renderer files; test/renderer/channel-marks.test.tsx checks the marks draw these colours).
 */
function markColours(): Record<string, MarkColours> {
  const source = readFileSync(resolve('src/renderer/src/common/channel-mark-colours.ts'), 'utf8');
  const entries = [...source.matchAll(/^\s*(\w+): \{([^}]*)\}/gmu)].map((m) => [
    m[1],
    Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+): '(#[0-9a-f]{6})'/giu)].map((f) => [f[1], f[2]])),
  ]);
  return Object.fromEntries(entries) as Record<string, MarkColours>;
}

/** WCAG 2.x relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  if (!/^#[0-9a-f]{6}$/iu.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The variables of the light theme (:root) and the dark one (:root[data-theme='dark']) in theme.css. */
function themes(): Record<'light' | 'dark', Record<string, string>> {
  const css = readFileSync(resolve('src/renderer/src/styles/theme.css'), 'utf8');
  const block = (selector: string) => {
    const start = css.indexOf(selector);
    const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
    return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/giu)].map((m) => [m[1], m[2]]));
  };
  return { light: block(':root {'), dark: block(":root[data-theme='dark'] {") };
}

const colour = (theme: Record<string, string>, name: string): string => {
  const value = theme[name];
  if (!value) throw new Error(`theme.css has no --${name}`);
  return value;
};

describe('text on colour in both themes', () => {
  it('every text colour has at least 4.5:1 on the backgrounds it is drawn on', () => {
    const pairs: [string, string, string][] = [
      ['accent-text', 'accent', 'badges and primary buttons'],
      ['text', 'panel', 'text'],
      ['text', 'selected', 'selected row'],
      ['text', 'mark', 'search match'],
      ['accent', 'panel', 'link buttons'],
      ['accent', 'panel-2', 'link buttons on grey'],
      ['accent', 'selected', 'link buttons in the selected row'],
      ['link', 'bubble-in', 'links in customer messages'],
      ['link', 'bubble-out', 'links in replies'],
      ['link', 'bubble-note', 'links in notes'],
      ['muted', 'panel', 'secondary text'],
      ['muted', 'panel-2', 'secondary text on grey'],
      ['muted', 'bg', 'secondary text on the page'],
      ['muted', 'selected', 'secondary text in the selected row'],
      ['muted', 'bubble-in', 'message times'],
      ['muted', 'bubble-out', 'reply times'],
      ['muted', 'bubble-note', 'note times'],
      ['danger', 'panel', 'errors'],
      ['danger', 'panel-2', 'errors on grey'],
      ['warning', 'panel', 'warnings'],
      ['warning', 'panel-2', 'warnings on grey'],
      ['ok', 'panel', 'good news'],
    ];
    for (const [name, theme] of Object.entries(themes())) {
      for (const [fg, bg, where] of pairs) {
        const ratio = contrast(colour(theme, fg), colour(theme, bg));
        expect(ratio, `${name}: ${where} (--${fg} on --${bg})`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('channel marks', () => {
  it('glyphs stand out from their shape, and shapes from the panels and selected rows of both themes', () => {
    const { light, dark } = themes();
    const palette = markColours();
    expect(Object.keys(palette)).toEqual([...CHANNEL_KINDS]);
    const backgrounds = ['panel', 'panel-2', 'selected'].flatMap((name) => [colour(light, name), colour(dark, name)]);
    for (const kind of CHANNEL_KINDS) {
      const { shape, glyph, edge, badge } = palette[kind] ?? { shape: '', glyph: '' };
      expect(contrast(glyph, shape), `${kind}: glyph on shape`).toBeGreaterThanOrEqual(3.5);
      if (badge) expect(contrast('#ffffff', badge), `${kind}: badge`).toBeGreaterThanOrEqual(3.5);
      for (const background of backgrounds) {
        // A bright shape (LINE) shows its dark edge where a light panel meets it.
        const best = Math.max(contrast(shape, background), edge ? contrast(edge, background) : 0);
        expect(best, `${kind} on ${background}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('no two marks share a colour, except WhatsApp and WhatsApp through Twilio', () => {
    const palette = markColours();
    const shapes = CHANNEL_KINDS.filter((kind) => kind !== 'twilio').map((kind) => palette[kind]?.shape);
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(palette['twilio']?.badge).toMatch(/^#/u);
  });
});
