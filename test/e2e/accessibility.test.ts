/**
 * The agent's screens pass axe (WCAG 2.1 A/AA) at 1280×720, in English and
 * Japanese, in the light and the dark theme: sign-in, the inbox, an open
 * conversation, the reassign dialog, the settings dialog.
 * The admin console's screens are checked where they are driven (admin-console.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import type { AgentApp } from './harness/browser-app.js';
import { eventually, openConversation, signIn, SIGN_IN_LABELS } from './harness/agent-steps.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

let world: World;
let aiko: TestAgent;
let kenji: TestAgent;
let tokyo: WhatsAppChannel;
let app: AgentApp | null = null;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  kenji = await world.createAgent('Kenji Mori');
  tokyo = await world.createWhatsAppChannel({
    name: 'Tokyo Support',
    linkAgentIds: [aiko.agent.id, kenji.agent.id],
    credits: 20,
  });
  await world.customerWrites(tokyo, '819022220001', '荷物がまだ届きません', { name: '小林 陽斗' });
  await world.customerWrites(tokyo, '819022220002', 'Where is my refund?', { name: 'Emma Clark' });
});

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  await world?.stop();
});

const REASSIGN = {
  en: { dialog: 'Assign conversation', kenji: 'Assign to Kenji Mori' },
  ja: { dialog: '担当者の変更', kenji: 'Kenji Mori に割り当て' },
} as const;

describe.each([
  ['en-US', 'en', 'light'],
  ['ja-JP', 'ja', 'light'],
  ['en-US', 'en', 'dark'],
  ['ja-JP', 'ja', 'dark'],
] as const)('the agent’s screens pass axe at 1280×720 (%s, %s, %s theme)', (locale, lang, colorScheme) => {
  it('sign-in, inbox, conversation, reassign and settings', async () => {
    app = await world.openApp(locale, { width: 1280, height: 720 }, { colorScheme });
    const { page } = app;
    const labels = SIGN_IN_LABELS[lang];
    await page.getByLabel(labels.hub).waitFor();
    await expectAccessible(page, `sign-in (${lang}, ${colorScheme})`);

    await signIn(page, world.hub.url, aiko, labels);
    await eventually('the inbox rows', async () => (await page.locator('.inbox-row').count()) >= 2);
    await expectAccessible(page, `inbox (${lang}, ${colorScheme})`);

    await openConversation(page, '小林 陽斗');
    await expectAccessible(page, `conversation (${lang}, ${colorScheme})`);

    await page.keyboard.press('a');
    const reassign = page.getByRole('dialog', { name: REASSIGN[lang].dialog });
    await reassign.getByRole('button', { name: REASSIGN[lang].kenji }).waitFor();
    await expectAccessible(page, `reassign (${lang}, ${colorScheme})`);
    await page.keyboard.press('Escape');
    await reassign.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: lang === 'ja' ? '設定' : 'Settings' }).click();
    await page.getByRole('dialog').waitFor();
    // The dark theme is the one the system asked for, not the light one painted by default.
    const background = String(await page.evaluate('getComputedStyle(document.body).backgroundColor'));
    expect(isDark(background)).toBe(colorScheme === 'dark');
    await expectAccessible(page, `settings (${lang}, ${colorScheme})`);
  });
});

/** Whether a computed `rgb(…)` colour is a dark one (relative luminance under a half). */
function isDark(rgb: string): boolean {
  const [r = 255, g = 255, b = 255] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
}
