/**
 * Counts and states an agent can trust (issue 13 §1), end to end: the built renderer in Chromium
 * against a real hub, customers writing through the fake WhatsApp provider.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestAgent } from '../helpers/hub.js';
import type { AgentApp } from './harness/browser-app.js';
import { eventually, inboxRow, openConversation } from './harness/agent-steps.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
const nextCustomer = customerNumbers(819022220000);

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
});

async function signedInApp(agent: TestAgent, locale = 'en-US'): Promise<AgentApp> {
  return e2e.signedIn(agent, { locale });
}

describe('workspace state', () => {
  it('the window countdown shows seconds in its last minute, not "0m left" (en)', async () => {
    const a = await signedInApp(aiko);
    await world.customerWrites(tokyo, nextCustomer(), 'Still there?', {
      name: 'Rin Sato',
      at: Date.now() - DAY + 50 * SECOND,
    });
    const chip = inboxRow(a.page, 'Rin Sato').locator('.window-chip');
    await chip.waitFor();
    expect(await chip.textContent()).toMatch(/^[1-4]?\ds left$/);
    await openConversation(a.page, 'Rin Sato');
    expect(await a.page.locator('.composer .window-left').textContent()).toMatch(/^Session window: [1-4]?\ds left$/);
  });

  it('the window countdown shows minutes and seconds with 75 s left (ja)', async () => {
    const a = await signedInApp(aiko, 'ja-JP');
    await world.customerWrites(tokyo, nextCustomer(), 'まだいますか', {
      name: 'Yui Kato',
      at: Date.now() - DAY + 85 * SECOND,
    });
    const chip = inboxRow(a.page, 'Yui Kato').locator('.window-chip');
    await chip.waitFor();
    expect(await chip.textContent()).toMatch(/^残り 1分[0-2]\d秒$/);
    await openConversation(a.page, 'Yui Kato');
    expect(await a.page.locator('.composer .window-left').textContent()).toMatch(/^セッション期間: 残り 1分[0-2]\d秒$/);
  });

  it('after a reconnect the presence menu and the top bar say Online, as the hub does', async () => {
    const a = await signedInApp(aiko);
    await world.hub.halt();
    await eventually(
      'the client to see the hub gone',
      async () => (await a.service.getConnection()).status !== 'online',
    );
    await world.hub.resume();
    a.service.networkChanged();
    await eventually('the client to reconnect and catch up', async () => {
      const state = await a.service.getConnection();
      const sync = a.service.account()?.sync;
      return state.status === 'online' && sync !== undefined && !sync.isCatchingUp;
    });
    const hubSays = await eventually('the hub to list Aiko online', async () => {
      const res = await world.hub.api('GET', '/api/agents', { token: world.hub.adminToken });
      const items = (res.body as { items: { id: string; presence: string }[] }).items;
      return items.find((agent) => agent.id === aiko.agent.id && agent.presence === 'online');
    });
    expect(hubSays.presence).toBe('online');
    await a.page.locator('.top-bar .presence-dot.presence-online').waitFor();
    await a.page.getByTitle('Settings').click();
    const menu = a.page.getByRole('combobox', { name: 'My presence' });
    await eventually('the presence menu to say Online', async () => (await menu.inputValue()) === 'online');
  });

  it('an admin not linked to the channel sees it in the channel filter and its unread messages in the total', async () => {
    await world.customerWrites(tokyo, nextCustomer(), 'Is anyone there?', { name: 'Sora Abe' });
    const admin: TestAgent = {
      agent: world.hub.admin,
      token: world.hub.adminToken,
      email: ADMIN_EMAIL,
      password: ADMIN_PASSWORD,
    };
    const a = await signedInApp(admin);
    const row = inboxRow(a.page, 'Sora Abe');
    await row.waitFor();
    const channelFilter = a.page.getByRole('combobox', { name: 'Channel' });
    await eventually('the channel filter to offer Tokyo Support', async () =>
      (await channelFilter.locator('option').allTextContents()).includes('Tokyo Support'),
    );
    const badge = Number(await row.locator('.unread-badge').textContent());
    expect(badge).toBeGreaterThan(0);
    // Sora's conversation is unassigned on a channel the admin is not linked to: it counts.
    await eventually('the top-bar total to count the unassigned conversation', async () => {
      const total = a.page.getByTestId('unread-total');
      return (await total.count()) > 0 && Number(await total.textContent()) >= badge;
    });
  });
});
