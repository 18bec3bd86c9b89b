/**
 * One customer on two channels in the built app (issue 14 §4, docs/lifecycle.md "Contacts and people"):
 * an agent opens the LINE conversation, links its contact to the customer's WhatsApp contact found by
 * "Link to another contact…", sees the WhatsApp conversation under past conversations (marked with its
 * channel) and the other identity, axe-clean at 1280×720; then separates them and sees them apart.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { expectAccessible } from './harness/accessibility.js';
import { bubble, eventually, openConversation } from './harness/agent-steps.js';
import { customerNumbers, e2eFile } from './harness/e2e-file.js';
import type { WhatsAppChannel, World } from './harness/world.js';

const file = e2eFile();
const nextCustomer = customerNumbers(819055550000);
const SCREEN = { width: 1280, height: 720 };
let world: World;
let aiko: TestAgent;
let whatsapp: WhatsAppChannel;
let lineId: string;

beforeAll(async () => {
  world = await file.start();
  aiko = await world.createAgent('Aiko');
  whatsapp = await world.createWhatsAppChannel({ name: 'Tokyo WhatsApp', linkAgentIds: [aiko.agent.id] });
  lineId = (await world.hub.createChannel({ kind: 'line', name: 'LINE shop', linkAgentIds: [aiko.agent.id] })).id;
});

const contactNamed = async (name: string) =>
  (await world.hub.hub.store.contacts.listAfter('', 500, null)).find((c) => c.name === name);

describe('merging two contacts of one customer', () => {
  it('links a LINE contact to a WhatsApp contact from the side panel, lists both conversations, then separates them', async () => {
    await world.customerWrites(whatsapp, nextCustomer(), 'Where is my parcel?', { name: 'Hana Suzuki' });
    await world.hub.ingestText(lineId, { from: 'U-hana-line', name: 'はな', text: 'LINEからも連絡します' });
    const a = await file.signedIn(aiko, { viewport: SCREEN });
    await openConversation(a.page, 'はな');
    await bubble(a.page, 'LINEからも連絡します').waitFor();

    const panel = a.page.getByRole('complementary', { name: 'Contact' });
    await panel.getByText('Not linked to a contact on another channel.').waitFor();
    await panel.getByRole('button', { name: 'Link to another contact…' }).click();
    await panel.getByRole('searchbox', { name: 'Find a contact' }).fill('hana suz');
    await panel.getByRole('button', { name: 'Link Hana Suzuki (Tokyo WhatsApp)' }).click();
    await panel.getByText('Linked. Their conversations are listed together.').waitFor();

    const past = panel.locator('.past-conversations button', { hasText: 'Where is my parcel?' });
    await past.waitFor();
    expect(await past.textContent()).toContain('Tokyo WhatsApp');
    await panel.getByRole('button', { name: 'Separate Hana Suzuki (Tokyo WhatsApp) from this customer' }).waitFor();
    await expectAccessible(a.page, 'a contact linked to the same customer on another channel');
    const personId = await eventually(
      'merged on the hub',
      async () => (await contactNamed('はな'))?.personId ?? undefined,
    );
    expect((await contactNamed('Hana Suzuki'))?.personId).toBe(personId);

    await panel.getByRole('button', { name: 'Separate Hana Suzuki (Tokyo WhatsApp) from this customer' }).click();
    await panel.getByText('Separated. Each contact is on its own again.').waitFor();
    await panel.getByText('Not linked to a contact on another channel.').waitFor();
    await past.waitFor({ state: 'detached' });
    await eventually('apart on the hub', async () =>
      (await contactNamed('はな'))?.personId === undefined ? true : undefined,
    );
    expect((await contactNamed('Hana Suzuki'))?.personId).toBeUndefined();
  });
});
