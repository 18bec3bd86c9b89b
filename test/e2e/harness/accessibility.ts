/**
 * The axe-core check every screen of the e2e run passes: WCAG 2.1 A and AA
 * rules on what the page shows now. A violation fails the test with the rule,
 * its impact and the elements, so the fix is obvious from the log.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  readonly rule: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/** The violations axe finds on the page as it is (empty when it passes). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

/** Throws, naming each violation, unless the screen passes axe. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `- ${v.rule} (${v.impact ?? 'n/a'}): ${v.help} at ${v.targets.join(', ')}`);
  throw new Error(`${screen} fails axe:\n${lines.join('\n')}`);
}
