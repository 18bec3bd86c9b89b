/**
 * The agent's screens pass axe (WCAG 2.1 A/AA) at 1280×720, in English and
 * Japanese: sign-in, the inbox, an open conversation, the settings dialog.
 * The admin console's screens are checked where they are driven (admin-console.test.ts).
 */
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import type { AgentApp } from './harness/browser-app.js';
import { eventually, openConversation, signIn, SIGN_IN_LABELS } from './harness/agent-steps.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
let app: AgentApp | null = null;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id], credits: 20 });
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

describe.each([
  ['en-US', 'en'],
  ['ja-JP', 'ja'],
] as const)('the agent’s screens pass axe at 1280×720 (%s)', (locale, lang) => {
  it('sign-in, inbox, conversation and settings', async () => {
    app = await world.openApp(locale, { width: 1280, height: 720 });
    const { page } = app;
    const labels = SIGN_IN_LABELS[lang];
    await page.getByLabel(labels.hub).waitFor();
    await expectAccessible(page, `sign-in (${lang})`);

    await signIn(page, world.hub.url, aiko, labels);
    await eventually('the inbox rows', async () => (await page.locator('.inbox-row').count()) >= 2);
    await expectAccessible(page, `inbox (${lang})`);

    await openConversation(page, '小林 陽斗');
    await expectAccessible(page, `conversation (${lang})`);

    await page.getByRole('button', { name: lang === 'ja' ? '設定' : 'Settings' }).click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, `settings (${lang})`);
  });
});
