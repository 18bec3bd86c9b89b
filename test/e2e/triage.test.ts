/**
 * Inbox triage in Chromium against a real hub and the real client core (issue 13 §4, §2):
 * the working views leave resolved conversations out and the Resolved view keeps them; ticking
 * rows with shift-click and resolving or assigning them at once; a draft and a failed send on
 * their rows; the list is one stop in the tab order; the row layout at 1280×720.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import type { AgentApp } from './harness/browser-app.js';
import { eventually, inboxRow, openConversation, pageCondition, signInCaughtUp } from './harness/agent-steps.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';

const VIEWPORT = { width: 1280, height: 720 };
const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let ben: TestAgent;
let tokyo: WhatsAppChannel;
const nextCustomer = customerNumbers(819066660000);

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  ben = await world.createAgent('Ben Ito');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id, ben.agent.id] });
});

async function signedInApp(): Promise<AgentApp> {
  return e2e.signedIn(aiko, { viewport: VIEWPORT });
}

/** Customers who wrote, each in a conversation of their own; returns the conversation ids by name. */
async function customersWrite(a: AgentApp, names: string[]): Promise<Map<string, string>> {
  for (const name of names) await world.customerWrites(tokyo, nextCustomer(), `Hello from ${name}`, { name });
  for (const name of names) await inboxRow(a.page, name).waitFor();
  const { rows } = await a.service.listConversations({ limit: 500 });
  return new Map(rows.map((r) => [r.contact.name, r.conversation.id]));
}

const hubConversation = async (id: string) => (await world.hub.hub.store.conversations.findById(id))?.conversation;

describe('inbox triage', () => {
  it('the default view hides resolved conversations and the Resolved view shows them', async () => {
    const a = await signedInApp();
    const ids = await customersWrite(a, ['Asa Mori', 'Daichi Ono']);
    await a.service.setStatus(ids.get('Asa Mori') ?? '', 'resolved', null);
    await inboxRow(a.page, 'Asa Mori').waitFor({ state: 'detached' });
    expect(await inboxRow(a.page, 'Daichi Ono').count()).toBe(1);

    await a.page.getByRole('tab', { name: 'Resolved' }).click();
    await inboxRow(a.page, 'Asa Mori').waitFor();
    expect(await inboxRow(a.page, 'Daichi Ono').count()).toBe(0);
    expect(await inboxRow(a.page, 'Asa Mori').getByText('Resolved').count()).toBe(1);
  });

  it('shift-click ticks a range, then the selection is resolved and assigned at once', async () => {
    const a = await signedInApp();
    const names = ['Emi Sato', 'Fumio Kato', 'Gen Abe', 'Hana Kudo'];
    const ids = await customersWrite(a, names);
    // Newest first: Hana, Gen, Fumio, Emi. Tick Gen, shift-click Emi: Gen, Fumio and Emi.
    await a.page.getByRole('checkbox', { name: 'Select Gen Abe' }).click();
    await a.page.getByRole('checkbox', { name: 'Select Emi Sato' }).click({ modifiers: ['Shift'] });
    const bar = a.page.getByRole('region', { name: 'Selection' });
    await bar.getByText('3 selected').waitFor();
    await expectAccessible(a.page, 'the inbox with a selection');

    await bar.getByRole('combobox', { name: 'Assign to…' }).selectOption({ label: 'Ben Ito' });
    await bar.getByText('3 conversations changed.').waitFor();
    for (const name of ['Gen Abe', 'Fumio Kato', 'Emi Sato'])
      expect((await hubConversation(ids.get(name) ?? ''))?.assigneeId).toBe(ben.agent.id);
    expect((await hubConversation(ids.get('Hana Kudo') ?? ''))?.assigneeId).not.toBe(ben.agent.id);

    await a.page.getByRole('checkbox', { name: 'Select Fumio Kato' }).click();
    await a.page.getByRole('checkbox', { name: 'Select Hana Kudo' }).click({ modifiers: ['Shift'] });
    await bar.getByText('3 selected').waitFor();
    await bar.getByRole('combobox', { name: 'Status…' }).selectOption('resolved');
    for (const name of ['Hana Kudo', 'Gen Abe', 'Fumio Kato'])
      await inboxRow(a.page, name).waitFor({ state: 'detached' });
    expect(await inboxRow(a.page, 'Emi Sato').count()).toBe(1);
    for (const name of ['Hana Kudo', 'Gen Abe', 'Fumio Kato'])
      expect((await hubConversation(ids.get(name) ?? ''))?.status).toBe('resolved');
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('tab', { name: 'Resolved' }).click();
    await inboxRow(a.page, 'Gen Abe').waitFor();
  });

  it('rows show a draft and, in red, a reply the provider failed', async () => {
    const a = await signedInApp();
    const ids = await customersWrite(a, ['Iori Mita', 'Jun Hara']);
    await openConversation(a.page, 'Iori Mita');
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Let me check the tracking number');
    await openConversation(a.page, 'Jun Hara');
    await inboxRow(a.page, 'Iori Mita').getByText('Draft').waitFor();

    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Your parcel left Osaka today');
    await a.page.getByRole('textbox', { name: 'Reply' }).press('Enter');
    const junId = ids.get('Jun Hara') ?? '';
    const sent = await eventually('the reply at the provider', async () =>
      (await world.hub.hub.store.messages.page(junId, null, 10)).find(
        (m) => m.direction === 'out' && m.providerMessageId !== null,
      ),
    );
    await world.hub.ingest(tokyo.channel.id, [
      {
        type: 'status',
        providerMessageId: sent.providerMessageId ?? '',
        state: 'failed',
        errorCode: 'PROVIDER_REJECTED',
        providerError: '131026: Message undeliverable',
        at: Date.now(),
      },
    ]);
    const marker = inboxRow(a.page, 'Jun Hara').getByText('Failed to send');
    await marker.waitFor();
    // The page's getComputedStyle (the node project has no DOM types).
    type Styles = { getComputedStyle(el: unknown): { color: string } };
    const color = await marker.evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).color);
    const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number);
    expect(r).toBeGreaterThan(g + 60);
    expect(r).toBeGreaterThan(b + 60);
    expect(await inboxRow(a.page, 'Iori Mita').getByText('Failed to send').count()).toBe(0);
  });

  it('Tab from the search box reaches one row, and the next Tab leaves the list', async () => {
    const a = await signedInApp();
    await customersWrite(a, ['Kaito Mori', 'Rin Sakai', 'Sora Ueda']);
    await a.page.getByRole('searchbox').focus();
    const inList = "Boolean(document.activeElement?.closest('.inbox-list'))";
    let presses = 0;
    while (!(await a.page.evaluate(inList))) {
      await a.page.keyboard.press('Tab');
      presses += 1;
      expect(presses).toBeLessThan(15);
    }
    expect(await a.page.evaluate("document.activeElement?.classList.contains('inbox-row-open')")).toBe(true);
    expect(await a.page.locator('.inbox-list [tabindex="0"]').count()).toBe(1);
    const first = await a.page.evaluate('document.activeElement?.textContent');
    await a.page.keyboard.press('ArrowDown');
    await pageCondition(a.page, `document.activeElement?.textContent !== ${JSON.stringify(first)} && ${inList}`);
    await a.page.keyboard.press('Tab');
    expect(await a.page.evaluate(inList)).toBe(false);
  });

  it('at 1280×720 the time stays on one line, a long name is cut with the full name in its tooltip', async () => {
    const a = await signedInApp();
    const long = 'Kiyoshi Yamamoto-Nakamura of the Osaka Branch Office Procurement Department';
    const ids = await customersWrite(a, [long, 'Mio Ueno']);
    await a.service.setStatus(ids.get('Mio Ueno') ?? '', 'open', Date.now() + 3 * 24 * 60 * 60 * 1000);
    const row = inboxRow(a.page, long);
    const name = row.locator('.inbox-row-contact');
    expect(await name.getAttribute('title')).toBe(long);
    expect(await name.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const time = row.locator('.inbox-row-time');
    expect(await time.evaluate((el) => el.getClientRects().length)).toBe(1);
    expect(await time.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(22);
    // Every line of the row stays inside it.
    const inside = await row.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return [...el.querySelectorAll('.inbox-row-main > span')].every((line) => {
        const r = line.getBoundingClientRect();
        return r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
      });
    });
    expect(inside).toBe(true);

    await a.page.getByRole('tab', { name: 'Snoozed' }).click();
    const snoozed = inboxRow(a.page, 'Mio Ueno');
    await snoozed.waitFor();
    const assignee = snoozed.locator('.inbox-row-assignee');
    expect(await assignee.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(22);
    expect(await assignee.evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(30);
  });

  it('a row says who else has the conversation open, and stops when they leave it', async () => {
    const a = await signedInApp();
    await customersWrite(a, ['Nao Ishii']);
    const benApp = await world.openApp('en-US', VIEWPORT);
    try {
      await signInCaughtUp(benApp, world.hub.url, ben);
      await openConversation(benApp.page, 'Nao Ishii');
      const chip = inboxRow(a.page, 'Nao Ishii').getByText('Ben Ito viewing');
      await chip.waitFor();
      await benApp.close();
      await chip.waitFor({ state: 'detached' });
    } finally {
      await benApp.close().catch(() => undefined);
    }
  });
});
