/**
 * Issue 12's acceptance in Chromium at 1280×720: the built renderer driving
 * the real client core against a real hub whose providers are the fakes
 * (channels an admin adds in the app, with only what each provider's console
 * shows, verify and send there). An admin adds one channel of each kind and
 * sees a wrong token refused in words, links two agents, an agent receives a
 * message; a WhatsApp template is submitted, approved by Meta's signed webhook
 * and sent; a channel whose token stops working shows as not working; a
 * deleted channel comes back with its conversations; an agent without
 * `update` sees no status buttons. Then every admin screen in English and
 * Japanese, each on a hub of its own with that language's data, passes axe
 * and is photographed for docs/admin.md.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Channel } from '../../src/shared/domain.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestAgent, type TestHub } from '../helpers/hub.js';
import { issueLineToken, setLineWebhook } from '../../src/fake-provider/line.js';
import { addTwilioNumber } from '../../src/fake-provider/twilio.js';
import { whatsappTemplatesOf } from '../../src/fake-provider/whatsapp-templates.js';
import { expectAccessible } from './harness/accessibility.js';
import { ADMIN_LABELS, openAdminTab, seedAdminScreens, type AdminLabels } from './harness/admin-data.js';
import { bubble, eventually, inboxRow, openConversation, screenshot, signInCaughtUp } from './harness/agent-steps.js';
import type { AgentApp } from './harness/browser-app.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

const HOUR = 60 * 60 * 1000;
const PUBLIC_URL = 'https://hub.example.com';
const VIEWPORT = { width: 1280, height: 720 };
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const digits = (n: number): string => Array.from({ length: n }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');

let world: World;
let admin: AgentApp;
let aikoApp: AgentApp;
let aiko: TestAgent;
let kenji: TestAgent;

function adminOf(hub: TestHub): TestAgent {
  return { agent: hub.admin, token: hub.adminToken, email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
}

/** Signed in, connected and caught up. */
async function signedIn(hub: TestHub, who: TestAgent, locale = 'en-US'): Promise<AgentApp> {
  const app = await world.openApp(locale, VIEWPORT);
  await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
  await signInCaughtUp(app, hub.url, who, locale);
  return app;
}

async function channelNamed(hub: TestHub, name: string): Promise<Channel> {
  const res = await hub.api('GET', '/api/channels', { token: hub.adminToken });
  const found = z
    .object({ items: z.array(Channel) })
    .parse(res.body)
    .items.find((c) => c.name === name);
  if (!found) throw new Error(`no channel named ${name}`);
  return found;
}

/** The value the setup panel shows for `label` (e.g. the webhook URL), with its Copy button. */
async function setupValue(page: Page, label: string): Promise<string> {
  const row = page.locator('.channels-copy-list > div', { has: page.locator('dt', { hasText: label }) });
  return (await row.locator('code').textContent()) ?? '';
}

interface NewChannel {
  /** The provider's button in "Add channel". */
  readonly provider: string;
  readonly name: string;
  /** Field label → what the admin types (copied from the provider's console). */
  readonly fields: Readonly<Record<string, string>>;
  /** What Verify shows the provider found. */
  readonly found: string;
}

/** Add channel → provider → fields → Verify (shows what was found) → Save → the setup panel. */
async function addChannel(page: Page, channel: NewChannel): Promise<void> {
  const en = ADMIN_LABELS.en;
  await page.getByRole('button', { name: en.addChannel }).click();
  await page.getByRole('button', { name: channel.provider, exact: true }).click();
  const form = page.getByRole('form', { name: 'The channel’s credentials' });
  await form.getByLabel('Name', { exact: true }).fill(channel.name);
  for (const [label, value] of Object.entries(channel.fields)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: 'Verify', exact: true }).click();
  const verified = form.locator('.channels-verified');
  await verified.waitFor();
  expect(await verified.textContent()).toContain(`The provider knows these credentials: ${channel.found}`);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: `“${channel.name}” is saved` }).waitFor();
  await page.getByText('The provider verified the credentials.').waitFor();
  await page.getByRole('heading', { name: 'Set up the provider' }).waitFor();
  await page.locator('.channels-setup').waitFor();
}

/** After the setup panel: Done opens the channel's page; back to the list. */
async function backToList(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: '← All channels' }).click();
  await page.getByRole('heading', { name: 'Channels', exact: true }).waitFor();
}

function channelRow(page: Page, name: string) {
  return page.locator('.channels-table tbody tr', { has: page.getByRole('button', { name, exact: true }) });
}

/** Reopens the Channels tab, which reads the channels afresh. */
async function reloadChannels(page: Page): Promise<void> {
  await openAdminTab(page, ADMIN_LABELS.en, 'agents');
  await openAdminTab(page, ADMIN_LABELS.en, 'channels');
  await page.locator('.channels-table').waitFor();
}

async function topUp(hub: TestHub, channelId: string, amount: number): Promise<void> {
  const res = await hub.api('POST', `/api/channels/${channelId}/credits/top-up`, {
    token: hub.adminToken,
    body: { amount },
  });
  if (res.status !== 200) throw new Error(`top-up refused: ${res.status}`);
}

beforeAll(async () => {
  world = await startWorld({ providersAtFake: true, publicUrl: PUBLIC_URL });
  aiko = await world.createAgent('Aiko Tanaka');
  kenji = await world.createAgent('Kenji Mori');
  [admin, aikoApp] = [await signedIn(world.hub, adminOf(world.hub)), await signedIn(world.hub, aiko)];
});

afterAll(async () => {
  await aikoApp?.close();
  await admin?.close();
  await world?.stop();
});

describe('the admin console (issue 12 acceptance)', () => {
  const tokyo = {
    name: 'Tokyo Support',
    phoneNumberId: digits(15),
    wabaId: digits(15),
    accessToken: `EAAG${hex(12)}`,
    appSecret: hex(16),
  };
  let tokyoChannel: WhatsAppChannel;

  it('an admin adds one channel of each kind, verified, and sees where to paste the webhook URL', async () => {
    const page = admin.page;
    const fake = world.fake;
    await page.getByRole('button', { name: 'Admin console' }).click();
    await page.getByRole('heading', { name: 'Channels', exact: true }).waitFor();

    // A wrong token first: Meta's refusal in its words, ours beside it, and saving unverified offered.
    const wrongToken = `EAAG${hex(12)}`;
    fake.state.revokeCredential('whatsapp', wrongToken);
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('button', { name: 'WhatsApp', exact: true }).click();
    const form = page.getByRole('form', { name: 'The channel’s credentials' });
    await form.getByLabel('Phone number ID').fill(tokyo.phoneNumberId);
    await form.getByLabel('Access token').fill(wrongToken);
    await form.getByLabel('App secret').fill(tokyo.appSecret);
    await form.getByRole('button', { name: 'Verify', exact: true }).click();
    const refused = form.locator('.channels-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The provider refused these credentials:');
    expect(await refused.textContent()).toContain('Invalid OAuth access token');
    expect(await form.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await form.getByRole('button', { name: 'Save unverified' }).waitFor();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();

    await addChannel(page, {
      provider: 'WhatsApp',
      name: tokyo.name,
      fields: {
        'Phone number ID': tokyo.phoneNumberId,
        'WhatsApp Business Account ID': tokyo.wabaId,
        'Access token': tokyo.accessToken,
        'App secret': tokyo.appSecret,
      },
      found: 'Switchboard Test Shop (+1 555-000-1111)',
    });
    const tokyoSaved = await channelNamed(world.hub, tokyo.name);
    const webhookUrl = `${PUBLIC_URL}/webhooks/${tokyoSaved.id}`;
    expect(await setupValue(page, 'Webhook URL')).toBe(webhookUrl);
    await page.getByRole('button', { name: 'Copy Webhook URL' }).click();
    await page.getByRole('button', { name: 'Copy Webhook URL' }).getByText('Copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(webhookUrl);
    // The admin pastes the callback URL at Meta: the WABA's changes now reach the channel's webhook.
    const meta = whatsappTemplatesOf(fake.state);
    meta.linkNumber(tokyo.phoneNumberId, tokyo.wabaId);
    meta.subscribe(tokyo.wabaId, {
      callbackUrl: `${world.hub.url}/webhooks/${tokyoSaved.id}`,
      appSecret: tokyo.appSecret,
    });
    tokyoChannel = { channel: tokyoSaved, appSecret: tokyo.appSecret, phoneNumberId: tokyo.phoneNumberId };
    await backToList(page);

    const sid = `AC${hex(16)}`;
    addTwilioNumber(fake.state, '+14155550123');
    await addChannel(page, {
      provider: 'WhatsApp (Twilio)',
      name: 'US Sales',
      fields: { 'Account SID': sid, 'Auth token': hex(16), 'WhatsApp sender': 'whatsapp:+14155550123' },
      found: 'Switchboard Test Account',
    });
    expect(await setupValue(page, 'Webhook URL')).toMatch(/^https:\/\/hub\.example\.com\/webhooks\//);
    await backToList(page);

    const botId = digits(10);
    await addChannel(page, {
      provider: 'Telegram',
      name: 'Shop Bot',
      fields: { 'Bot token': `${botId}:AAE${hex(16)}` },
      found: '@fake_bot',
    });
    // Telegram needs nothing pasted: the hub set its webhook itself.
    await page.getByText('The hub registered its webhook with Telegram itself').waitFor();
    const setWebhook = fake.state.callsTo('telegram', `/bot${botId}:`).find((c) => c.path.endsWith('/setWebhook'));
    expect(setWebhook?.form?.url ?? JSON.stringify(setWebhook?.json)).toContain(`${PUBLIC_URL}/webhooks/`);
    await backToList(page);

    const lineToken = `line-${hex(16)}`;
    const lineChannelId = digits(10);
    issueLineToken(fake.state, lineToken, lineChannelId);
    await addChannel(page, {
      provider: 'LINE',
      name: 'LINE Official',
      fields: { 'Channel ID': lineChannelId, 'Channel secret': hex(16), 'Channel access token': lineToken },
      found: 'Switchboard Test Shop',
    });
    // …pasted into the LINE Developers Console, so LINE's health probe finds it.
    setLineWebhook(fake.state, lineToken, { endpoint: await setupValue(page, 'Webhook URL') });
    await backToList(page);

    await addChannel(page, {
      provider: 'WeChat',
      name: 'WeChat Service',
      fields: { AppID: `wx${hex(8)}`, AppSecret: hex(16) },
      found: 'WeChat',
    });
    expect(await setupValue(page, 'Webhook URL')).toMatch(/^https:\/\/hub\.example\.com\/webhooks\//);
    await page.getByRole('button', { name: 'Copy Token (令牌)' }).waitFor();
    await backToList(page);

    for (const name of [tokyo.name, 'US Sales', 'Shop Bot', 'LINE Official', 'WeChat Service']) {
      expect(await channelRow(page, name).textContent()).toContain('Verified');
    }
  });

  it('the admin links two agents to a channel and one of them receives its customer’s message', async () => {
    const page = admin.page;
    await openAdminTab(page, ADMIN_LABELS.en, 'links');
    for (const who of ['Aiko Tanaka', 'Kenji Mori']) {
      await page.getByRole('checkbox', { name: `${who} answers ${tokyo.name}` }).check();
    }
    await page.getByText('2 to link, 0 to unlink').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: 2 linked, 0 unlinked.').waitFor();
    for (const who of [aiko, kenji]) {
      const res = await world.hub.api('GET', '/api/channels', { token: who.token });
      expect(
        z
          .object({ items: z.array(Channel) })
          .parse(res.body)
          .items.map((c) => c.name),
      ).toEqual([tokyo.name]);
    }

    await world.customerWrites(tokyoChannel, '819012340001', 'Is my order shipped yet?', { name: 'Emma Clark' });
    await inboxRow(aikoApp.page, 'Emma Clark').waitFor();
    expect(await inboxRow(aikoApp.page, 'Emma Clark').textContent()).toContain('Is my order shipped yet?');
  });

  it('a WhatsApp template is submitted, approved through Meta’s webhook and sent from the composer', async () => {
    const page = admin.page;
    await openAdminTab(page, ADMIN_LABELS.en, 'templates');
    await page.getByLabel('Channel', { exact: true }).selectOption({ label: tokyo.name });
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.locator('.templates-editor');
    await editor.getByLabel('Name', { exact: true }).fill('order_shipped');
    await editor.getByLabel('Language', { exact: true }).fill('en');
    await editor.getByLabel('Category', { exact: true }).selectOption('utility');
    await editor.getByLabel('Body', { exact: true }).fill('Hello {{1}}, your order has shipped. — {{2}}');
    await editor.getByLabel('Placeholder {{1}}: filled from').selectOption('contact.name');
    await editor.getByLabel('Example of {{1}} for Meta').fill('Emma');
    await editor.getByLabel('Placeholder {{2}}: filled from').selectOption('agent.name');
    await editor.getByLabel('Example of {{2}} for Meta').fill('Aiko');
    await editor.getByRole('button', { name: 'Submit to Meta' }).click();
    await page.getByText('order_shipped was submitted: Meta is reviewing it.').waitFor();
    const row = page.locator('tr', { hasText: 'order_shipped' });
    await row.getByText('Pending review').waitFor();

    // Meta approves: its signed message_template_status_update reaches the channel's webhook.
    const meta = whatsappTemplatesOf(world.fake.state);
    const submitted = meta.byName(tokyo.wabaId, 'order_shipped', 'en');
    expect(submitted?.status).toBe('PENDING');
    const answer = await meta.decide(submitted?.id ?? '', 'APPROVED');
    expect(answer?.status).toBe(200);
    // …and the tab shows it without being reopened.
    await page.locator('tr', { hasText: 'order_shipped' }).getByText('Approved').waitFor();

    // An agent sends it to a customer whose 24-hour window has closed, from the composer's template picker.
    await topUp(world.hub, tokyoChannel.channel.id, 100);
    await world.customerWrites(tokyoChannel, '819012340002', 'Thanks!', {
      name: 'Noah Smith',
      at: Date.now() - 26 * HOUR,
    });
    const agentPage = aikoApp.page;
    await openConversation(agentPage, 'Noah Smith');
    await agentPage.getByText(/24-hour WhatsApp session window has closed/).waitFor();
    const picker = agentPage.getByRole('combobox', { name: 'Template' });
    const option = picker.locator('option', { hasText: 'order_shipped' });
    await option.waitFor({ state: 'attached' });
    await picker.selectOption((await option.getAttribute('value')) ?? '');
    const before = world.fake.state.callsTo('whatsapp', '/messages').length;
    await agentPage.getByRole('button', { name: 'Send template' }).click();
    await bubble(agentPage, 'your order has shipped').locator('[data-state="sent"]').waitFor();
    const call = world.fake.state.callsTo('whatsapp', '/messages').slice(before)[0];
    expect(call?.json).toMatchObject({
      to: '819012340002',
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { policy: 'deterministic', code: 'en' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Noah Smith' },
              { type: 'text', text: 'Aiko Tanaka' },
            ],
          },
        ],
      },
    });
  });
  it('a channel whose token starts failing shows as not working, and working again once fixed', async () => {
    const page = admin.page;
    const agentPage = aikoApp.page;
    world.fake.state.revokeCredential('whatsapp', tokyo.accessToken);
    await world.customerWrites(tokyoChannel, '819012340003', 'Can I change the address?', { name: 'Olivia Brown' });
    await openConversation(agentPage, 'Olivia Brown');
    await agentPage.getByRole('textbox', { name: 'Reply' }).fill('Of course, which address?');
    await agentPage.keyboard.press('Enter');
    await bubble(agentPage, 'Of course, which address?').locator('[data-state="failed"]').waitFor({ timeout: 30_000 });

    // Meta refused the token (401): the hub asks again at once and the admin is told, in the banner and the list.
    const banner = page.getByTestId('health-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain(
      `A channel is not working: ${tokyo.name} — The provider refuses the channel’s credentials`,
    );
    await reloadChannels(page);
    expect(await channelRow(page, tokyo.name).getByTestId('health-badge').textContent()).toContain('Not working');

    await channelRow(page, tokyo.name).getByRole('button', { name: tokyo.name }).click();
    const health = page.locator('.health-details');
    await health.getByText('Refused by the provider:').waitFor();
    world.fake.state.restoreCredential('whatsapp', tokyo.accessToken);
    await health.getByRole('button', { name: 'Check now' }).click();
    await health.getByText('Accepted by the provider').waitFor();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '← All channels' }).click();
  });

  it('a deleted channel goes to the trash and comes back with its conversations', async () => {
    const page = admin.page;
    const agentPage = aikoApp.page;
    await inboxRow(agentPage, 'Emma Clark').waitFor();
    await channelRow(page, tokyo.name).getByRole('button', { name: tokyo.name }).click();
    await page.getByRole('button', { name: 'Delete channel…' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “${tokyo.name}”?` });
    await dialog.getByRole('button', { name: 'Move to the trash' }).click();
    await page.getByText(`“${tokyo.name}” was moved to the trash.`).waitFor();
    const trash = page.locator('.channels-trash');
    await trash.getByRole('button', { name: `Restore ${tokyo.name}` }).waitFor();
    expect(await channelRow(page, tokyo.name).count()).toBe(0);
    await inboxRow(agentPage, 'Emma Clark').waitFor({ state: 'detached' });

    await trash.getByRole('button', { name: `Restore ${tokyo.name}` }).click();
    await channelRow(page, tokyo.name).waitFor();
    expect(await trash.textContent()).toContain('The trash is empty.');
    await inboxRow(agentPage, 'Emma Clark').waitFor();
    await openConversation(agentPage, 'Emma Clark');
    await bubble(agentPage, 'Is my order shipped yet?').waitFor();
  });

  it('an agent whose update permission the admin removes sees no status buttons', async () => {
    const page = admin.page;
    const agentPage = aikoApp.page;
    await openConversation(agentPage, 'Emma Clark');
    await agentPage.getByRole('radiogroup', { name: 'Status' }).waitFor();

    await openAdminTab(page, ADMIN_LABELS.en, 'agents');
    await page.getByRole('group', { name: 'Actions for Aiko Tanaka' }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Aiko Tanaka' });
    await dialog.getByRole('checkbox', { name: /^Update/ }).uncheck();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Changes to Aiko Tanaka saved; their app follows at once.').waitFor();

    // Her app follows at once: the status shown, no buttons, and why.
    await agentPage.getByText('Changing the status or snoozing needs the “update” permission. Ask an admin.').waitFor();
    expect(await agentPage.getByRole('radiogroup', { name: 'Status' }).count()).toBe(0);
    for (const status of ['Open', 'Pending', 'Resolved']) {
      expect(await agentPage.getByRole('radio', { name: status }).count()).toBe(0);
    }
    expect(await agentPage.getByRole('combobox', { name: 'Snooze' }).count()).toBe(0);
  });
});

describe.each([
  ['en-US', 'en'],
  ['ja-JP', 'ja'],
] as const)('every admin screen at 1280×720 (%s)', (locale, lang) => {
  it('passes axe and is photographed with the team’s data', async () => {
    const team = await seedAdminScreens(world, lang, PUBLIC_URL);
    const labels: AdminLabels = ADMIN_LABELS[lang];
    const app = await signedIn(team.hub, adminOf(team.hub), locale);
    const page = app.page;
    const shoot = async (screen: string) => {
      await expectAccessible(page, `${screen} (${lang})`);
      await screenshot(page, `${screen}-${lang}`);
    };
    try {
      await page.getByRole('button', { name: labels.open }).click();
      await eventually(
        'every channel in the list',
        async () => (await page.locator('.channels-table tbody tr').count()) === 5,
      );
      await eventually('the linked agents’ names', async () =>
        (await page.locator('.channels-table').textContent())?.includes(team.data.agents[0]?.name ?? '?'),
      );
      await shoot('admin-channels');

      // Add channel, after Verify; then the setup to paste.
      const lineToken = `line-${hex(16)}`;
      const lineChannelId = digits(10);
      issueLineToken(world.fake.state, lineToken, lineChannelId);
      await page.getByRole('button', { name: labels.addChannel }).click();
      await page.getByRole('button', { name: 'LINE', exact: true }).click();
      const form = page.getByRole('form', { name: labels.channelForm });
      await form.getByLabel(labels.name, { exact: true }).fill(lang === 'ja' ? 'LINE 大阪店' : 'LINE Osaka Store');
      await form.getByLabel(labels.line.channelId, { exact: true }).fill(lineChannelId);
      await form.getByLabel(labels.line.channelSecret, { exact: true }).fill(hex(16));
      await form.getByLabel(labels.line.accessToken, { exact: true }).fill(lineToken);
      await form.getByRole('button', { name: labels.verify, exact: true }).click();
      await form.locator('.channels-verified').waitFor();
      await form.locator('.channels-verified').scrollIntoViewIfNeeded();
      await shoot('admin-add-channel');
      await form.getByRole('button', { name: labels.save, exact: true }).click();
      await page.locator('.channels-setup .channels-copy-list').waitFor();
      await shoot('admin-channel-setup');
      await page.getByRole('button', { name: labels.done, exact: true }).click();
      await page.getByRole('button', { name: labels.allChannels }).click();

      await openAdminTab(page, labels, 'agents');
      await page.getByText(team.data.agents[2]?.email ?? '?').waitFor();
      await shoot('admin-agents');

      await openAdminTab(page, labels, 'links');
      await page.getByRole('checkbox').first().waitFor();
      await shoot('admin-links');

      await openAdminTab(page, labels, 'templates');
      await page.locator('tr', { hasText: team.data.templates.rejected.name }).waitFor();
      await shoot('admin-templates');

      await openAdminTab(page, labels, 'cannedReplies');
      await page
        .getByText(team.data.canned[3]?.title ?? '?', { exact: true })
        .first()
        .waitFor();
      await shoot('admin-canned-replies');

      await openAdminTab(page, labels, 'credits');
      await page.locator('.credits-tab table tbody tr').nth(2).waitFor();
      await shoot('admin-credits');

      await openAdminTab(page, labels, 'clickToChat');
      await eventually('the QR codes', async () =>
        page.evaluate(`[...document.querySelectorAll('.click-to-chat-tab img')].length > 0 &&
          [...document.querySelectorAll('.click-to-chat-tab img')].every((img) => img.complete && img.naturalWidth > 0)`),
      );
      await shoot('admin-click-to-chat');

      await openAdminTab(page, labels, 'contactsTrash');
      await page
        .getByText(team.data.trashed[1] ?? '?')
        .first()
        .waitFor();
      await shoot('admin-contacts-trash');

      // Last, so the other screens show every channel working: the Telegram bot's token stops working.
      await team.breakTelegram();
      await openAdminTab(page, labels, 'channels');
      const telegram = team.data.channels.telegram;
      await page.getByRole('button', { name: telegram, exact: true }).click();
      await page.getByTestId('health-banner').waitFor();
      await page.locator('.health-details .health-facts').waitFor();
      await page.locator('.health-details').scrollIntoViewIfNeeded();
      await shoot('admin-channel-health');
      expect(app.cspViolations).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
