/**
 * Sends the agent can trust (issue 13 §1): the composer prices a template by the hub's own rule, a
 * reply that would land after the window closed offers what can still be done, a provider failure
 * can be retried or discarded with the provider's code shown, the transcript is in the agent's time
 * zone, and previews of messages without words are in the agent's language.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { approvedWhatsappTemplate } from '../helpers/whatsapp-templates.js';
import type { AgentApp } from './harness/browser-app.js';
import { bubble, eventually, inboxRow, openConversation } from './harness/agent-steps.js';
import { expectAccessible } from './harness/accessibility.js';
import { makePng } from './harness/media-fixtures.js';
import { type WhatsAppChannel, type World } from './harness/world.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';

const HOUR = 60 * 60 * 1000;
const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
const nextCustomer = customerNumbers(819077770000);

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id], credits: 1 });
});

async function signedInApp(locale = 'en-US'): Promise<AgentApp> {
  return e2e.signedIn(aiko, { locale });
}

async function balanceOf(app: AgentApp, channelId: string): Promise<number | undefined> {
  const channels = await app.service.listChannels();
  return channels?.find((c) => c.id === channelId)?.credits?.balance;
}

describe('templates cost what the hub charges', () => {
  it('a follow-up template within 24 h of a charged one is free, and the composer lets it go with 0 credits left', async () => {
    const { id: templateId } = await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
      name: 'parcel_update',
      language: 'en',
      category: 'utility',
      body: 'Your parcel is on its way.',
    });
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Where is my parcel?', {
      name: 'Sora Abe',
      at: Date.now() - 26 * HOUR,
    });
    await openConversation(a.page, 'Sora Abe');
    const picker = a.page.getByRole('combobox', { name: 'Template' });
    await picker.selectOption(templateId);
    await a.page.getByText('This template costs 1').waitFor();
    await a.page.getByRole('button', { name: 'Send template' }).click();
    await bubble(a.page, 'Your parcel is on its way.').first().locator('[data-state="sent"]').waitFor();
    await eventually('the charge to reach the client', async () => (await balanceOf(a, tokyo.channel.id)) === 0);

    // The hub charges once per 24 h conversation: the follow-up costs nothing, so 0 credits are enough.
    await picker.selectOption(templateId);
    await a.page.getByText(/^Free: a paid WhatsApp conversation with this customer is open until/).waitFor();
    expect(await a.page.getByText(/Not enough WhatsApp credits/).count()).toBe(0);
    expect(await a.page.getByText('WhatsApp credits are used up: templates cannot be sent.').count()).toBe(0);
    const send = a.page.getByRole('button', { name: 'Send template' });
    expect(await send.isEnabled()).toBe(true);
    await send.click();
    await eventually('two sent templates', async () =>
      (await bubble(a.page, 'Your parcel is on its way.').locator('[data-state="sent"]').count()) === 2 ? true : null,
    );
    expect(await balanceOf(a, tokyo.channel.id)).toBe(0);
  });
});

describe('previews in the agent’s language', () => {
  it('a photo without a caption reads “📷 写真” on the Japanese inbox row, not the hub’s “[Image]”', async () => {
    const a = await signedInApp('ja-JP');
    await world.customerSends(
      tokyo,
      nextCustomer(),
      { type: 'image', bytes: makePng(), mimeType: 'image/png' },
      '森 陽菜',
    );
    const row = inboxRow(a.page, '森 陽菜');
    await row.locator('.inbox-row-preview', { hasText: '📷 写真' }).waitFor();
    expect(await row.textContent()).not.toContain('[Image]');
  });
});

describe('the transcript in the agent’s time zone', () => {
  it('asks about private notes and writes Tokyo times, a Tokyo-dated file name and the zone in the header', async () => {
    const a = await signedInApp();
    // 23:50 UTC is 08:50 the next morning in Tokyo (the browser's zone).
    const now = new Date();
    const at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1, 23, 50);
    await world.customerWrites(tokyo, nextCustomer(), 'Is the order shipped?', { name: 'Emi Kudo', at });
    await openConversation(a.page, 'Emi Kudo');
    await a.page.getByRole('checkbox', { name: 'Private note' }).check();
    await a.page.getByRole('textbox', { name: 'Private note' }).fill('Warehouse says Monday');
    await a.page.keyboard.press('Enter');
    await bubble(a.page, 'Warehouse says Monday').waitFor();

    await a.page.getByRole('button', { name: 'Export transcript' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Export transcript' });
    await dialog.getByText('Times are written in your time zone, Asia/Tokyo, as the app shows them.').waitFor();
    await expectAccessible(a.page, 'the transcript dialog');
    const notes = dialog.getByRole('checkbox', { name: 'Include private notes' });
    expect(await notes.isChecked()).toBe(false);
    const tokyoDay = (ms: number): string => new Date(ms + 9 * HOUR).toISOString().slice(0, 10);
    const exportStarted = Date.now();
    const [download] = await Promise.all([
      a.page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Export' }).click(),
    ]);
    // The file is named for the day of the export in Tokyo (a run around Tokyo's midnight may see either day).
    const exportDays = new Set([tokyoDay(exportStarted), tokyoDay(Date.now())]);
    expect([...exportDays].map((day) => `transcript-Emi-Kudo-${day}.txt`)).toContain(download.suggestedFilename());
    const tokyoDate = tokyoDay(at);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).toContain('Times are in Asia/Tokyo (UTC+09:00)');
    expect(text).toContain(`[${tokyoDate} 08:50] Emi Kudo: Is the order shipped?`);
    expect(text).not.toContain('Warehouse says Monday');
    await dialog.waitFor({ state: 'detached' });
  });
});

describe('a reply the session window stopped', () => {
  it('queued offline past the window’s end it waits with “Send as template” and “Discard”, and goes as a template', async () => {
    await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
      name: 'reply_after_hours',
      language: 'en',
      category: 'utility',
      body: 'Sorry for the wait: {{1}}',
      placeholders: ['custom'],
    });
    await world.hub.api('POST', `/api/channels/${tokyo.channel.id}/credits/top-up`, {
      token: world.hub.adminToken,
      body: { amount: 10 },
    });
    const a = await signedInApp();
    // The window closes 12 s from now, while the agent is offline.
    await world.customerWrites(tokyo, nextCustomer(), 'Can I still change the address?', {
      name: 'Rin Ono',
      at: Date.now() - 24 * HOUR + 12_000,
    });
    await openConversation(a.page, 'Rin Ono');
    await world.hub.halt();
    await a.page
      .locator('.connection-banner')
      .getByText(/Offline|Reconnecting/)
      .waitFor();
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Yes, send me the new address');
    await a.page.keyboard.press('Enter');
    const reply = bubble(a.page, 'Yes, send me the new address');
    await reply.getByText('Waiting to send').waitFor();
    await a.page.getByText(/24-hour WhatsApp session window has closed/).waitFor({ timeout: 30_000 });
    await world.hub.resume();

    await reply.getByText(/^Not sent: The customer’s session window has closed/).waitFor({ timeout: 30_000 });
    expect(await reply.getByRole('button', { name: 'Send anyway' }).count()).toBe(0);
    expect(await reply.getByRole('button', { name: 'Discard' }).count()).toBe(1);
    await expectAccessible(a.page, 'a reply the window stopped');
    await reply.getByRole('button', { name: 'Send as template' }).click();
    await a.page.getByText('In place of your unsent reply: “Yes, send me the new address”').waitFor();
    await a.page
      .getByTestId('template-preview')
      .getByText('Sorry for the wait: Yes, send me the new address')
      .waitFor();
    await a.page.getByRole('button', { name: 'Send template' }).click();

    await bubble(a.page, 'Sorry for the wait: Yes, send me the new address')
      .locator('[data-state="sent"]')
      .waitFor({ timeout: 30_000 });
    // The stopped reply is gone: only the template carries its words.
    await a.page.locator('article.message [data-state="held"]').waitFor({ state: 'detached' });
    expect(await reply.count()).toBe(1);
    // The free-form reply itself never went to WhatsApp (it would have been refused).
    const texts = world.fake.state
      .callsTo('whatsapp', '/messages')
      .map((c) => c.json as { type?: string; text?: { body?: string } })
      .filter((body) => body.type === 'text' && body.text?.body === 'Yes, send me the new address');
    expect(texts).toHaveLength(0);
  });
});

describe('a reply the provider failed', () => {
  it('shows our words and the provider’s code, is sent again as a new reply, and the failed one says “Sent again”', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Is my refund done?', { name: 'Mio Sano' });
    await openConversation(a.page, 'Mio Sano');
    world.fake.state.script('whatsapp', '/messages', {
      status: 400,
      body: { error: { code: 131050, message: 'User stopped marketing messages' } },
    });
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Your refund is done');
    await a.page.keyboard.press('Enter');
    const failed = bubble(a.page, 'Your refund is done').locator('[data-state="failed"]');
    await failed.waitFor({ timeout: 30_000 });
    await failed.getByText('The customer blocked this account or left the chat.').waitFor();
    await failed.getByText('Provider code 131050').waitFor();

    await expectAccessible(a.page, 'a reply the provider failed');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await bubble(a.page, 'Your refund is done').locator('[data-state="sent"]').waitFor({ timeout: 30_000 });
    await failed.getByText('Sent again').waitFor();
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await a.page.locator('article.message [data-state="failed"] button', { hasText: 'Retry' }).count()).toBe(0);
    const conversationId = (await a.service.listConversations({})).rows.find((r) => r.contact.name === 'Mio Sano')
      ?.conversation.id;
    const page = await a.service.listMessages({ conversationId: conversationId ?? '' });
    const copies = page.messages.filter((m) => m.text === 'Your refund is done');
    expect(copies.map((m) => m.state).sort()).toEqual(['failed', 'sent']);
    expect(new Set(copies.map((m) => m.clientId)).size).toBe(2);
  });

  it('discarded, a failed reply leaves the thread and the conversation no longer counts a failed send', async () => {
    const a = await signedInApp('ja-JP');
    await world.customerWrites(tokyo, nextCustomer(), '返品できますか？', { name: '高橋 蓮' });
    await openConversation(a.page, '高橋 蓮');
    world.fake.state.script('whatsapp', '/messages', {
      status: 400,
      body: { error: { code: 131026, message: 'Message undeliverable' } },
    });
    await a.page.getByRole('textbox', { name: '返信' }).fill('はい、できます');
    await a.page.keyboard.press('Enter');
    const failed = bubble(a.page, 'はい、できます').locator('[data-state="failed"]');
    await failed.getByText('プロバイダーのコード 131026').waitFor({ timeout: 30_000 });
    const row = async () => (await a.service.listConversations({})).rows.find((r) => r.contact.name === '高橋 蓮');
    expect((await row())?.lastSendFailed).toBe(true);
    await failed.getByRole('button', { name: '破棄' }).click();
    await bubble(a.page, 'はい、できます').waitFor({ state: 'detached' });
    expect((await row())?.lastSendFailed).toBe(false);
  });
});

describe('the agent’s own photo when the hub takes it', () => {
  it('never flashes “Downloading…” while the queued bubble becomes the hub’s message', async () => {
    const a = await signedInApp();
    await world.customerWrites(tokyo, nextCustomer(), 'Can I see the box?', { name: 'Kai Endo' });
    await openConversation(a.page, 'Kai Endo');
    await world.hub.halt();
    await a.page
      .locator('.connection-banner')
      .getByText(/Offline|Reconnecting/)
      .waitFor();
    await a.page
      .getByTestId('file-picker')
      .setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: makePng() });
    await a.page.getByRole('button', { name: 'Remove box.png' }).waitFor();
    await a.page.getByRole('textbox', { name: 'Reply' }).fill('Here is the box');
    await a.page.keyboard.press('Enter');
    const reply = bubble(a.page, 'Here is the box');
    await reply.locator('.image-preview img').waitFor();
    // From here on, note every "Downloading…" placeholder that appears in that bubble, however briefly.
    await a.page.evaluate(`(() => {
      window.__pending = 0;
      new MutationObserver(() => {
        for (const m of document.querySelectorAll('article.message')) {
          if (m.textContent.includes('Here is the box') && m.querySelector('.attachment-pending')) window.__pending += 1;
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    await world.hub.resume();
    await reply.locator('[data-state="sent"]').waitFor({ timeout: 60_000 });
    await reply.locator('.image-preview img').waitFor();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await a.page.evaluate('window.__pending')).toBe(0);
  });
});
