/**
 * A conversation the agent is reading is read while it is on screen: a customer
 * message arriving at the bottom of the open thread, the window focused, never
 * grows the row badge or the top-bar total. Scrolled up, a "New messages ↓"
 * button waits and reads them when the agent jumps down; with the window away
 * the message stays unread until the agent comes back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import type { AgentApp } from './harness/browser-app.js';
import { bubble, inboxRow, openConversation, pageCondition } from './harness/agent-steps.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';

const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
const nextCustomer = customerNumbers(819055550000);

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
});

async function signedInApp(): Promise<AgentApp> {
  return e2e.signedIn(aiko);
}

/** A page-side test that the contact's row shows `preview` and an unread badge of `count` (none for 0). */
function rowShows(name: string, preview: string, count: number): string {
  const row = `[...document.querySelectorAll('.inbox-row')].find((r) => r.textContent.includes(${JSON.stringify(name)}))`;
  const badge = `(${row})?.querySelector('.unread-badge')?.textContent ?? '0'`;
  return `Boolean((${row})?.textContent.includes(${JSON.stringify(preview)})) && (${badge}) === '${count}'`;
}

/** The top bar's unread total (0 when it is not shown). */
async function unreadTotal(a: AgentApp): Promise<number> {
  const total = a.page.getByTestId('unread-total');
  return (await total.count()) > 0 ? Number(await total.textContent()) : 0;
}

/**
 * The customer wrote a few minutes ago, the agent opens the conversation and it is read. (The
 * provider's times are whole seconds: a message in the same second as the read marker would count
 * as read already.)
 */
async function openedConversation(a: AgentApp, name: string, from: string, texts: string[]): Promise<void> {
  const start = Date.now() - 5 * 60_000;
  for (const [i, text] of texts.entries())
    await world.customerWrites(tokyo, from, text, { name, at: start + i * 1000 });
  await inboxRow(a.page, name).waitFor();
  await pageCondition(a.page, rowShows(name, texts[texts.length - 1] ?? '', texts.length));
  await openConversation(a.page, name);
  await pageCondition(a.page, rowShows(name, texts[texts.length - 1] ?? '', 0));
}

describe('a visible conversation is read while it is visible', () => {
  it('a message arriving at the bottom of the open thread is read at once', async () => {
    const a = await signedInApp();
    const from = nextCustomer();
    await openedConversation(a, 'Ren Fujita', from, ['Is the shop open on Sunday?']);
    const before = await unreadTotal(a);

    await world.customerWrites(tokyo, from, 'And on public holidays?', { name: 'Ren Fujita' });
    await bubble(a.page, 'And on public holidays?').waitFor();
    await pageCondition(a.page, rowShows('Ren Fujita', 'And on public holidays?', 0), 5_000);
    expect(await unreadTotal(a)).toBe(before);
    expect(await a.page.getByRole('button', { name: 'New messages ↓' }).count()).toBe(0);
  });

  it('scrolled up, "New messages ↓" waits and reads them when the agent jumps down', async () => {
    const a = await signedInApp();
    const from = nextCustomer();
    const earlier = Array.from({ length: 24 }, (_, i) => `Earlier question (${i + 1})`);
    await openedConversation(a, 'Mio Sakamoto', from, earlier);
    await a.page.evaluate("document.querySelector('.message-list').scrollTop = 0");
    await bubble(a.page, 'Earlier question (1)').waitFor();

    await world.customerWrites(tokyo, from, 'Are you still there?', { name: 'Mio Sakamoto' });
    const marker = a.page.getByRole('button', { name: 'New messages ↓' });
    await marker.waitFor();
    await pageCondition(a.page, rowShows('Mio Sakamoto', 'Are you still there?', 1));

    await marker.click();
    await bubble(a.page, 'Are you still there?').waitFor();
    await pageCondition(a.page, rowShows('Mio Sakamoto', 'Are you still there?', 0), 5_000);
    expect(await marker.count()).toBe(0);
  });

  it('with the window away the message stays unread until the agent comes back', async () => {
    const a = await signedInApp();
    const from = nextCustomer();
    await openedConversation(a, 'Kaito Ishii', from, ['Can I pay by invoice?']);
    const before = await unreadTotal(a);

    // The agent switches to another window.
    await a.page.evaluate("document.hasFocus = () => false; window.dispatchEvent(new Event('blur'))");
    await world.customerWrites(tokyo, from, 'Our company needs one', { name: 'Kaito Ishii' });
    await bubble(a.page, 'Our company needs one').waitFor();
    await pageCondition(a.page, rowShows('Kaito Ishii', 'Our company needs one', 1));
    expect(await unreadTotal(a)).toBe(before + 1);

    // And comes back.
    await a.page.evaluate("delete document.hasFocus; window.dispatchEvent(new Event('focus'))");
    await pageCondition(a.page, rowShows('Kaito Ishii', 'Our company needs one', 0), 5_000);
    expect(await unreadTotal(a)).toBe(before);
  });
});
