/**
 * Agents write first (issue 14 §3), in the built renderer in Chromium against a real hub and the fake
 * Meta: an agent opens "New conversation", types a new customer's number the Japanese way (national 0,
 * dashes), picks an approved template and fills its placeholder, sees what it costs, sends — and the
 * conversation opens, the template reaches the Cloud API addressed to 81…, and the credits are spent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { approvedWhatsappTemplate } from '../helpers/whatsapp-templates.js';
import { bubble, eventually, inboxRow } from './harness/agent-steps.js';
import { expectAccessible } from './harness/accessibility.js';
import { e2eFile } from './harness/e2e-file.js';
import type { WhatsAppChannel, World } from './harness/world.js';

const e2e = e2eFile();
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;

beforeAll(async () => {
  world = await e2e.start();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id], credits: 10 });
  const set = await world.hub.api('PATCH', `/api/channels/${tokyo.channel.id}`, {
    token: world.hub.adminToken,
    body: { settings: { country: 'JP' } },
  });
  expect(set.status).toBe(200);
});

describe('writing first on WhatsApp', () => {
  it('a template to a new number typed 090-5555-0123 opens a conversation and reaches Meta as 819055550123', async () => {
    await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
      name: 'reservation_reminder',
      language: 'en',
      category: 'marketing',
      body: 'Hello, your table for {{1}} is booked.',
      placeholders: ['custom'],
    });
    const a = await e2e.signedIn(aiko, { viewport: { width: 1280, height: 720 } });
    const page = a.page;
    await page.getByRole('button', { name: /New conversation/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New conversation' });
    await dialog.getByRole('combobox', { name: 'Channel' }).selectOption(tokyo.channel.id);
    await dialog.getByRole('textbox', { name: 'Phone number' }).fill('090-5555-0123');
    await dialog.getByText('WhatsApp number: +819055550123').waitFor();
    const picker = dialog.getByRole('combobox', { name: 'Template' });
    await picker.locator('option', { hasText: 'reservation_reminder' }).waitFor({ state: 'attached' });
    await picker.selectOption({ label: 'reservation_reminder (en)' });
    await dialog.getByRole('textbox', { name: /Placeholder 1/ }).fill('four');
    await dialog.getByText(/Opening this conversation costs 3 credits \(business-initiated, marketing\)/).waitFor();
    await expectAccessible(page, 'new conversation dialog');
    await dialog.getByRole('button', { name: 'Send' }).click();

    await dialog.waitFor({ state: 'detached' });
    await page.locator('.conversation-header h2', { hasText: '+819055550123' }).waitFor();
    await inboxRow(page, '+819055550123').waitFor();
    await bubble(page, 'Hello, your table for four is booked.').locator('[data-state="sent"]').waitFor();
    const call = await world.fake.state.waitForCall('whatsapp', (c) =>
      JSON.stringify(c.json).includes('reservation_reminder'),
    );
    expect(call.json).toMatchObject({
      to: '819055550123',
      type: 'template',
      template: { name: 'reservation_reminder', components: [{ type: 'body', parameters: [{ text: 'four' }] }] },
    });
    await eventually('the charge to reach the client', async () => {
      const channels = await a.service.listChannels();
      return channels.find((c) => c.id === tokyo.channel.id)?.credits?.balance === 7;
    });
    await expectAccessible(page, 'the conversation the agent started');
  });
});
