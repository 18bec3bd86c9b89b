/**
 * Activity lines (issue 13 §4): after another agent reassigns, resolves, labels and snoozes a
 * conversation, the thread shows who did what, in time order, as quiet lines in Japanese and
 * English; replying to an unassigned conversation assigns it to the replier and the thread says so.
 */
import { findAsync } from '../../src/node-shared/async-list.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestAgent, TestSocket } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import { ADMIN_LABELS, openAdminTab } from './harness/admin-data.js';
import type { AgentApp } from './harness/browser-app.js';
import { bubble, eventually, openConversation, signInCaughtUp } from './harness/agent-steps.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

let world: World;
let aiko: TestAgent;
let kenji: TestAgent;
let ben: TestAgent;
let tokyo: WhatsAppChannel;
let admin: TestSocket;
let app: AgentApp | null = null;
let customer = 819077770000;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.hub.createAgent({ name: 'Aiko', role: 'admin' });
  kenji = await world.createAgent('Kenji');
  ben = await world.createAgent('Ben');
  // Without automatic assignment: the conversations wait unassigned for the agents to take (no queue hands them out).
  tokyo = await world.createWhatsAppChannel({
    name: 'Tokyo Support',
    linkAgentIds: [kenji.agent.id, ben.agent.id],
    settings: { autoAssign: false },
  });
});

beforeEach(async () => {
  // A fresh socket per test: stopping the hub (offline checks) ends the last one.
  admin = await world.hub.connect(aiko.token);
});

afterEach(async () => {
  admin.close();
  await app?.close();
  app = null;
});

afterAll(async () => {
  await world?.stop();
});

/** A customer writes: on this channel without automatic assignment the conversation waits unassigned. Returns its id. */
async function unassignedConversation(name: string, text: string): Promise<string> {
  customer += 1;
  await world.customerWrites(tokyo, String(customer), text, { name });
  const conversation = await eventually(
    'the conversation on the hub',
    async () =>
      await findAsync(
        await world.hub.hub.store.conversations.list({ scope: null, channelId: tokyo.channel.id }, null, 500),
        async (c) => (await world.hub.hub.store.contacts.findById(c.contactId))?.contact.name === name,
      ),
  );
  expect(conversation.assigneeId).toBeNull();
  return conversation.id;
}

async function command(name: string, payload: Record<string, unknown>): Promise<void> {
  const ack = await admin.command(name as 'conversation.assign', payload as never);
  if (!ack.ok) throw new Error(`${name}: ${ack.error.message}`);
}

async function signedInApp(locale: string, agent: TestAgent): Promise<AgentApp> {
  const opened = await world.openApp(locale, { width: 1280, height: 720 });
  app = opened;
  await signInCaughtUp(opened, world.hub.url, agent, locale);
  return opened;
}

const lineTexts = (a: AgentApp): Promise<string[]> =>
  a.page.locator('.activity-line').evaluateAll((lines) => lines.map((l) => (l.textContent ?? '').trim()));

/** The next Monday at 09:00 in the app's time zone (the browser's, which may not be this process's). */
async function nextMondayNine(a: AgentApp): Promise<number> {
  return (await a.page.evaluate(`(() => {
    const d = new Date();
    d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
    d.setHours(9, 0, 0, 0);
    return d.getTime();
  })()`)) as number;
}

const EXPECTED = {
  en: [
    /^Aiko assigned this to Kenji · \d\d:\d\d$/,
    /^Aiko resolved this · \d\d:\d\d$/,
    /^Aiko added label ‘billing’ · \d\d:\d\d$/,
    /^Aiko snoozed this until Mon 09:00 · \d\d:\d\d$/,
  ],
  ja: [
    /^Aiko さんが Kenji さんに割り当てました · \d\d:\d\d$/,
    /^Aiko さんが解決済みにしました · \d\d:\d\d$/,
    /^Aiko さんがラベル「billing」を追加しました · \d\d:\d\d$/,
    /^Aiko さんが \d+\/\d+\(月\) 09:00 までスヌーズしました · \d\d:\d\d$/,
  ],
} as const;

describe('activity lines in the thread', () => {
  for (const lang of ['en', 'ja'] as const) {
    it(`shows who reassigned, resolved, labelled and snoozed, in time order (${lang})`, async () => {
      const name = `Sora Ito ${lang}`;
      const conversationId = await unassignedConversation(name, 'My invoice is wrong.');
      const other = `Riku Abe ${lang}`;
      await unassignedConversation(other, 'Thanks!');
      const a = await signedInApp(lang === 'ja' ? 'ja-JP' : 'en-US', ben);
      await openConversation(a.page, name);
      await bubble(a.page, 'My invoice is wrong.').waitFor();

      await command('conversation.assign', { conversationId, assigneeId: kenji.agent.id });
      await command('conversation.setStatus', { conversationId, status: 'resolved', snoozedUntil: null });
      await command('conversation.setLabels', { conversationId, labels: ['billing'] });
      await command('conversation.setStatus', {
        conversationId,
        status: 'open',
        snoozedUntil: await nextMondayNine(a),
      });

      await a.page.locator('.activity-line').nth(3).waitFor();
      const lines = await lineTexts(a);
      expect(lines).toHaveLength(4);
      EXPECTED[lang].forEach((pattern, i) => expect(lines[i]).toMatch(pattern));
      // Below the customer's message: they happened after it.
      const [messageBottom = 0, firstLineTop = -1] = (await a.page.evaluate(`(() => [
        document.querySelector('article.message').getBoundingClientRect().bottom,
        document.querySelector('.activity-line').getBoundingClientRect().top,
      ])()`)) as number[];
      expect(firstLineTop).toBeGreaterThanOrEqual(messageBottom);
      await expectAccessible(a.page, `activity lines (${lang})`);

      // Offline (the hub stopped), the thread still shows them, read again from the cache.
      await world.hub.halt();
      try {
        await eventually('the client to go offline', async () => (await a.service.getConnection()).status !== 'online');
        await openConversation(a.page, other);
        await a.page.locator('.activity-line').first().waitFor({ state: 'detached' });
        // Snoozed, it waits in the Snoozed view.
        await a.page.locator('.view-tabs [data-view="snoozed"]').click();
        await openConversation(a.page, name);
        await a.page.locator('.activity-line').nth(3).waitFor();
        expect(await lineTexts(a)).toEqual(lines);
      } finally {
        await world.hub.resume();
      }
    });
  }

  it('replying to an unassigned conversation assigns it to the replier, and the thread says so', async () => {
    const name = 'Mei Kato';
    const conversationId = await unassignedConversation(name, 'Is anyone there?');
    const a = await signedInApp('en-US', ben);
    await openConversation(a.page, name);
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Yes — how can I help?');
    await a.page.keyboard.press('Enter');
    await bubble(a.page, 'Yes — how can I help?').waitFor();

    await a.page.locator('.activity-line', { hasText: /^Assigned to you · \d\d:\d\d$/ }).waitFor();
    expect((await world.hub.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBe(
      ben.agent.id,
    );
  });

  it('an admin turns the team setting off in the console (ja); a reply then leaves the conversation unassigned', async () => {
    const a = await signedInApp('ja-JP', aiko);
    await a.page.getByRole('button', { name: ADMIN_LABELS.ja.open }).click();
    await openAdminTab(a.page, ADMIN_LABELS.ja, 'agents');
    const toggle = a.page.getByRole('checkbox', {
      name: '未割り当ての会話に返信したエージェントにその会話を割り当てる',
    });
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await a.page
      .getByRole('status')
      .filter({ hasText: '返信しても未割り当ての会話は割り当てられなくなりました。' })
      .waitFor();
    expect(await world.hub.hub.store.teamSettings.get()).toEqual({ assignOnReply: false });
    await expectAccessible(a.page, 'team settings (ja)');
    await a.close();
    app = null;

    try {
      const name = 'Yuto Sato';
      const conversationId = await unassignedConversation(name, 'Hello?');
      const b = await signedInApp('en-US', ben);
      await openConversation(b.page, name);
      await b.page.getByRole('textbox', { name: 'Reply' }).fill('Hi Yuto!');
      await b.page.keyboard.press('Enter');
      await bubble(b.page, 'Hi Yuto!').locator('[data-state="sent"]').waitFor();
      expect((await world.hub.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBeNull();
      expect(await b.page.locator('.activity-line').count()).toBe(0);
    } finally {
      await world.hub.hub.store.teamSettings.set({ assignOnReply: true });
    }
  });
});
