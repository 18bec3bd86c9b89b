/**
 * axe-core's WCAG 2.1 A/AA rules on what a component test rendered. Contrast needs a layout engine,
 * which jsdom is not: the e2e run checks it in Chromium.
 */
import axe from 'axe-core';
import { expect } from 'vitest';

// jsdom draws nothing: axe's checks that would measure glyphs on a canvas get none instead of a jsdom error.
HTMLCanvasElement.prototype.getContext = () => null;

export async function expectAccessible(container: HTMLElement): Promise<void> {
  const results = await axe.run(container, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    rules: { 'color-contrast': { enabled: false } },
  });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}
