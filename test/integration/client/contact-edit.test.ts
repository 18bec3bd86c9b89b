/**
 * A contact renamed with notes by one agent reaches another agent's client cache live (issue 13 §3):
 * the hub logs the contact's snapshot, the other client stores it and reports the change, and its
 * inbox rows read the new name with the notes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('renaming a contact and keeping notes', () => {
  let hub: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
  let channelId: string;
  const temps: ReturnType<typeof makeTempDir>[] = [];
  const clients: TestClient[] = [];

  const signIn = async (agent: TestAgent): Promise<TestClient> => {
    const tmp = makeTempDir();
    temps.push(tmp);
    const client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    hub = await startHub();
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id, ben.agent.id] })).id;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    for (const tmp of temps.splice(0)) tmp.cleanup();
  });

  it("arrives in the other agent's cache live, and the customer's next message keeps it", async () => {
    const mine = await signIn(aiko);
    const bens = await signIn(ben);
    const conversationId = await ingestCustomerText(hub, channelId, { from: '5550001', name: 'Hana', text: 'hello' });
    const row = await waitFor(async () => (await bens.service.listConversations({})).rows[0]);
    expect(row.contact.name).toBe('Hana');
    await waitFor(async () => (await mine.service.listConversations({})).total === 1);

    const saved = await mine.service.updateContact(row.contact.id, {
      name: 'Hana Suzuki (wholesale)',
      notes: 'Orders every Monday.',
    });
    expect(saved).toMatchObject({ name: 'Hana Suzuki (wholesale)', notes: 'Orders every Monday.' });

    const renamed = await waitFor(async () => {
      const r = (await bens.service.getConversation(conversationId)).row;
      return r.contact.name === 'Hana Suzuki (wholesale)' ? r : undefined;
    });
    expect(renamed.contact).toMatchObject({ notes: 'Orders every Monday.', nameSetByAgent: true });
    expect(bens.events.some((e) => e.type === 'changes' && e.contactIds.includes(row.contact.id))).toBe(true);

    // The customer's next message (Telegram sends their name again) keeps the name an agent chose.
    await ingestCustomerText(hub, channelId, { from: '5550001', name: 'Hana', text: 'again' });
    await waitFor(async () => (await bens.service.listMessages({ conversationId })).messages.length === 2);
    expect((await bens.service.getConversation(conversationId)).row.contact.name).toBe('Hana Suzuki (wholesale)');
  });
});
