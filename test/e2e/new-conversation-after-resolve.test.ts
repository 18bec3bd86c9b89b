/**
 * Conversations per issue in the built app (issue 14 §1, docs/lifecycle.md "Conversations and tickets"):
 * with the channel's reopen window at 0, an agent resolves a conversation, the customer writes again, and
 * a new conversation with its own ticket appears in the inbox; the old one is under past conversations in
 * the side panel and opens read-only (no composer, a line leading back to the newer one), axe-clean at
 * 1280×720; it stays in the Resolved view.
 */
import { filterAsync } from '../../src/node-shared/async-list.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectOk } from '../helpers/hub-api.js';
import { expectAccessible } from './harness/accessibility.js';
import { bubble, eventually, inboxRow, openConversation } from './harness/agent-steps.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';
import type { WhatsAppChannel, World } from './harness/world.js';

const file = e2eFile();
const nextCustomer = customerNumbers(819044440000);
const SCREEN = { width: 1280, height: 720 };
let world: World;
let kenji: TestAgent;
let tokyo: WhatsAppChannel;

beforeAll(async () => {
  world = await file.start();
  kenji = await world.createAgent('Kenji');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [kenji.agent.id] });
  // Every message after a resolve starts a new conversation (the default would reopen within 24 h).
  expectOk(
    await world.hub.api('PATCH', `/api/channels/${tokyo.channel.id}`, {
      token: world.hub.adminToken,
      body: { settings: { reopenWindowMinutes: 0, autoConvert: true } },
    }),
    'set the reopen window',
  );
});

const conversationsOf = async (name: string) =>
  await filterAsync(
    await world.hub.hub.store.conversations.list({ scope: null, channelId: tokyo.channel.id }, null, 500),
    async (c) => (await world.hub.hub.store.contacts.findById(c.contactId))?.contact.name === name,
  );

describe('a new conversation after resolve', () => {
  it('the customer writing after resolve opens a new conversation; the old one is past and read-only', async () => {
    const phone = nextCustomer();
    await world.customerWrites(tokyo, phone, 'My order is late', { name: 'Mia Kato' });
    const a = await file.signedIn(kenji, { viewport: SCREEN });
    await openConversation(a.page, 'Mia Kato');
    await bubble(a.page, 'My order is late').waitFor();

    await a.page.getByRole('radiogroup', { name: 'Status' }).getByRole('radio', { name: 'Resolved' }).click();
    await inboxRow(a.page, 'Mia Kato').waitFor({ state: 'detached' });
    const [first] = await eventually('resolved on the hub', async () => {
      const found = await conversationsOf('Mia Kato');
      return found.length === 1 && found[0]?.status === 'resolved' ? found : undefined;
    });

    await world.customerWrites(tokyo, phone, 'Another question about a refund', { name: 'Mia Kato' });
    const row = inboxRow(a.page, 'Mia Kato');
    await row.getByText('Another question about a refund').waitFor();
    const both = await eventually('two conversations on the hub', async () => {
      const found = await conversationsOf('Mia Kato');
      return found.length === 2 ? found : undefined;
    });
    const second = both.find((c) => c.id !== first?.id);
    expect(second?.status).toBe('open');
    expect(second?.ticket?.number).toBeGreaterThan(first?.ticket?.number ?? Infinity);

    await openConversation(a.page, 'Mia Kato');
    await bubble(a.page, 'Another question about a refund').waitFor();
    expect(await bubble(a.page, 'My order is late').count()).toBe(0);
    await a.page.locator('.composer textarea').waitFor();
    await a.page
      .locator('.activity-line', { hasText: `after ticket #${first?.ticket?.number} was resolved` })
      .waitFor();

    // The old one is under past conversations and opens read-only.
    const panel = a.page.getByRole('complementary', { name: 'Contact' });
    const past = panel.locator('.past-conversations button', { hasText: 'My order is late' });
    await past.waitFor();
    await past.click();
    await bubble(a.page, 'My order is late').waitFor();
    const note = a.page.getByRole('note');
    await note.getByText('This conversation has ended.', { exact: false }).waitFor();
    expect(await a.page.locator('.composer textarea').count()).toBe(0);
    await expectAccessible(a.page, 'an ended conversation opened read-only');

    await note.getByRole('button', { name: 'open' }).click();
    await bubble(a.page, 'Another question about a refund').waitFor();
    await a.page.locator('.composer textarea').waitFor();

    // The Resolved view keeps the old one.
    await a.page.getByRole('tab', { name: 'Resolved' }).click();
    await inboxRow(a.page, 'Mia Kato').getByText('My order is late').waitFor();
  });
});
