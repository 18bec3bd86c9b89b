/**
 * The queue in the built app (issue 14 §2): while the only agent linked to the channel is offline a
 * customer writes; the admin's inbox says "Queue 1" and the row says "In queue" (axe-clean at
 * 1280×720, in Japanese too). The agent signs in: the conversation is assigned to them, it is in
 * their inbox, and the admin's queue says no one is waiting.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import { eventually, inboxRow } from './harness/agent-steps.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';
import type { WhatsAppChannel, World } from './harness/world.js';

const file = e2eFile();
const nextCustomer = customerNumbers(819066660000);
const SCREEN = { width: 1280, height: 720 };
let world: World;
let aiko: TestAgent;
let kenji: TestAgent;
let tokyo: WhatsAppChannel;

beforeAll(async () => {
  world = await file.start();
  aiko = await world.hub.createAgent({ name: 'Aiko', role: 'admin' });
  kenji = await world.createAgent('Kenji');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [kenji.agent.id] });
});

describe('the channel queue e2e', () => {
  it('a customer who writes while the only linked agent is offline waits in the queue until the agent signs in', async () => {
    const admin = await file.signedIn(aiko, { viewport: SCREEN });
    const summary = admin.page.locator('.queue-summary');
    await summary.getByText('No one waiting').waitFor();

    await world.customerWrites(tokyo, nextCustomer(), 'Hello, is anyone there?', { name: 'Emma Clark' });
    await summary.getByText(/^Queue 1 · oldest waiting (under 1 min|1 min)$/).waitFor();
    const row = inboxRow(admin.page, 'Emma Clark');
    await row.getByText(/^In queue · /).waitFor();
    await expectAccessible(admin.page, 'inbox with a queued customer');

    // The same figure in Japanese.
    await admin.page.getByTitle('Settings').click();
    await admin.page.getByLabel('Language').selectOption('ja');
    await admin.page.keyboard.press('Escape');
    await admin.page.getByRole('dialog').waitFor({ state: 'detached' });
    await summary.getByText(/^待機中 1件 · 最長 (1分未満|1分)$/).waitFor();
    await row.getByText(/^待機中 · /).waitFor();
    await expectAccessible(admin.page, 'inbox with a queued customer (ja)');

    // Kenji signs in: the conversation is his, and nobody waits.
    const agent = await file.signedIn(kenji, { viewport: SCREEN });
    await summary.getByText('待機中の会話はありません').waitFor();
    await inboxRow(agent.page, 'Emma Clark').waitFor();
    await agent.page.locator('.queue-summary').getByText('No one waiting').waitFor();
    expect(await row.locator('.queue-chip').count()).toBe(0);
    const conversation = await eventually('the conversation assigned on the hub', async () =>
      (await world.hub.hub.store.conversations.list({ scope: null, channelId: tokyo.channel.id }, null, 500)).find(
        (c) => c.assigneeId === kenji.agent.id,
      ),
    );
    expect(conversation.queuedAt ?? null).toBeNull();
  });
});
