/**
 * Triage by keyboard, toasts and grouped search in Chromium against a real hub and the real
 * client core (issue 13 §4) at 1280×720: `e` resolves and Undo puts the status back on the hub;
 * n / s / l / c open the note, snooze, labels and canned-reply list (Alt with the letter while
 * typing); an error toast leaves by itself and no toast covers Send; search groups its results by
 * conversation with a count and the channel filter narrows them; results and help sheet pass axe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import type { AgentApp } from './harness/browser-app.js';
import { eventually, inboxRow, openConversation } from './harness/agent-steps.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';

const VIEWPORT = { width: 1280, height: 720 };
const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
let osaka: WhatsAppChannel;
const nextCustomer = customerNumbers(819077770000);

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
  osaka = await world.createWhatsAppChannel({ name: 'Osaka Support', linkAgentIds: [aiko.agent.id] });
});

async function signedInApp(): Promise<AgentApp> {
  return e2e.signedIn(aiko, { viewport: VIEWPORT });
}

/** A customer writes on Tokyo Support; returns the conversation id once its row shows. */
async function customerWrites(a: AgentApp, name: string, text = `Hello from ${name}`): Promise<string> {
  await world.customerWrites(tokyo, nextCustomer(), text, { name });
  await inboxRow(a.page, name).waitFor();
  const { rows } = await a.service.listConversations({ limit: 500 });
  return rows.find((r) => r.contact.name === name)?.conversation.id ?? '';
}

const hubStatus = async (id: string) => (await world.hub.hub.store.conversations.findById(id))?.conversation.status;

/** The element with focus, described by its tag and accessible label. */
const focused = async (page: Page): Promise<string> =>
  String(
    await page.evaluate(
      "(() => { const el = document.activeElement; return el ? (el.tagName.toLowerCase() + ' ' + (el.getAttribute('aria-label') || '')).trim() : ''; })()",
    ),
  );

describe('triage keys, toasts and grouped search', () => {
  it('e resolves, and Undo in the toast sets the status back on the hub', async () => {
    const a = await signedInApp();
    const id = await customerWrites(a, 'Ichiro Undo');
    await openConversation(a.page, 'Ichiro Undo');
    await a.page.keyboard.press('e');
    await eventually('resolved on the hub', async () => (await hubStatus(id)) === 'resolved');
    const toast = a.page.locator('.toast', { hasText: 'Resolved: Ichiro Undo' });
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Undo' }).click();
    await eventually('open again on the hub', async () => (await hubStatus(id)) === 'open');
    await toast.waitFor({ state: 'detached' });
  });

  it('n, s, l and c open the note, snooze, labels and canned replies; in a field only with Alt', async () => {
    const a = await signedInApp();
    await customerWrites(a, 'Jun Keys');
    await openConversation(a.page, 'Jun Keys');

    await a.page.keyboard.press('n');
    await eventually('the note box focused', async () => (await focused(a.page)) === 'textarea Private note');
    // Typing in the box: a plain s is a letter of the note, not the snooze menu.
    await a.page.keyboard.type('s');
    expect(await a.page.getByRole('textbox', { name: 'Private note' }).inputValue()).toBe('s');

    await a.page.keyboard.press('Alt+s');
    await eventually('the snooze menu focused', async () => (await focused(a.page)) === 'select Snooze');
    await a.page.keyboard.press('Escape');
    expect(await a.page.getByRole('textbox', { name: 'Private note' }).inputValue()).toBe('s');

    await a.page.keyboard.press('Alt+l');
    await eventually('the label box focused', async () => (await focused(a.page)) === 'input Add label');

    await a.page.keyboard.press('Alt+c');
    await a.page.locator('.canned-menu').waitFor();
    expect(await a.page.getByRole('textbox', { name: 'Private note' }).inputValue()).toBe('s /');

    await a.page.keyboard.press('Escape');
    // Out of the box: a plain ? is a shortcut again.
    await a.page.evaluate('document.activeElement && document.activeElement.blur()');
    await a.page.keyboard.press('?');
    const sheet = a.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.getByText('Insert a canned reply').waitFor();
    await expectAccessible(a.page, 'help sheet');
  });

  it('an error toast leaves by itself, and toasts never cover the Send button', async () => {
    const a = await signedInApp();
    await customerWrites(a, 'Kei Offline');
    await openConversation(a.page, 'Kei Offline');
    await world.hub.halt();
    try {
      await eventually('offline', async () => (await a.service.getConnection()).status !== 'online');
      await a.page.keyboard.press('e');
      const error = a.page.locator('.toast-error');
      await error.waitFor();
      const send = await a.page.getByRole('button', { name: 'Send' }).boundingBox();
      const box = await a.page.locator('.toasts').boundingBox();
      if (!send || !box) throw new Error('no Send button or toast on screen');
      const overlaps =
        box.x < send.x + send.width &&
        send.x < box.x + box.width &&
        box.y < send.y + send.height &&
        send.y < box.y + box.height;
      expect(overlaps).toBe(false);
      await error.waitFor({ state: 'detached', timeout: 15_000 });
    } finally {
      await world.hub.resume();
    }
  });

  it('search groups matches by conversation with a count, and the channel filter narrows them', async () => {
    const a = await signedInApp();
    const tokyoCustomer = nextCustomer();
    await world.customerWrites(tokyo, tokyoCustomer, 'I need a refund for order 12', { name: 'Lena Group' });
    await world.customerWrites(tokyo, tokyoCustomer, 'Is the refund done?', { name: 'Lena Group' });
    await world.customerWrites(osaka, nextCustomer(), 'refund please', { name: 'Mori Osaka' });
    await inboxRow(a.page, 'Mori Osaka').waitFor();
    await inboxRow(a.page, 'Lena Group').waitFor();

    await a.page.getByRole('searchbox', { name: 'Search messages' }).fill('refund');
    const results = a.page.getByRole('list', { name: 'Search results' });
    await a.page.getByText('3 matches in 2 conversations').waitFor();
    await results.getByRole('button', { name: 'Show all 2 matches with Lena Group' }).click();
    const toggle = results.getByRole('button', { name: 'Show fewer matches with Lena Group' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await results.locator('mark', { hasText: 'refund' }).count()).toBe(3);
    await expectAccessible(a.page, 'search results');

    await a.page.getByRole('group', { name: 'Search filters' }).getByLabel('Channel').selectOption('Tokyo Support');
    await a.page.getByText('2 matches in 1 conversation').waitFor();
    expect(await results.getByText('Mori Osaka').count()).toBe(0);
  });
});
