/**
 * A merged person in the client (issue 14 §4): after an agent merges a LINE contact with a WhatsApp contact,
 * another agent's client lists both conversations together under past conversations (each with its
 * channel) and names the other identity, offline too; after the unmerge they are apart again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('a merged person in the client', () => {
  let hub: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
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
    aiko = await hub.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
    ben = await hub.createAgent({ name: 'Ben', permissions: FULL_PERMISSIONS });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    for (const tmp of temps.splice(0)) tmp.cleanup();
  });

  it("lists the person's conversations together, offline too, and apart again after the unmerge", async () => {
    const agents = [aiko.agent.id, ben.agent.id];
    const line = await hub.createChannel({ kind: 'line', name: 'LINE shop', linkAgentIds: agents });
    const whatsapp = await hub.createChannel({ kind: 'whatsapp', name: 'WhatsApp', linkAgentIds: agents });
    const mine = await signIn(aiko);
    const bens = await signIn(ben);
    const onLine = await ingestCustomerText(hub, line.id, { from: 'U-hana', name: 'Hana', text: 'LINE hello' });
    const onWhatsApp = await ingestCustomerText(hub, whatsapp.id, { from: '819012345678', name: 'Hana S', text: 'WA' });
    await waitFor(async () => (await mine.service.listConversations({})).total === 2);
    await waitFor(async () => (await bens.service.listConversations({})).total === 2);
    const lineDetail = await mine.service.getConversation(onLine);
    const whatsappDetail = await mine.service.getConversation(onWhatsApp);
    expect(lineDetail.pastConversations).toEqual([]);

    await mine.service.mergeContact(lineDetail.row.contact.id, whatsappDetail.row.contact.id);
    const together = await waitFor(async () => {
      const detail = await bens.service.getConversation(onLine);
      return detail.pastConversations.length === 1 ? detail : undefined;
    });
    expect(together.pastConversations[0]).toMatchObject({ id: onWhatsApp, channelId: whatsapp.id });
    expect(together.row.contact.personId).toEqual(expect.any(String));
    const others = await bens.service.listPersonContacts(together.row.contact.id);
    expect(others.map((h) => [h.contact.name, h.channelKind, h.channelName])).toEqual([
      ['Hana S', 'whatsapp', 'WhatsApp'],
    ]);

    await hub.halt();
    await waitFor(async () => (await bens.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect((await bens.service.getConversation(onWhatsApp)).pastConversations.map((c) => c.id)).toEqual([onLine]);
    await hub.resume();
    await waitFor(async () => (await mine.service.getConnection()).status === 'online', 10_000, 'online');

    await mine.service.unmergeContact(whatsappDetail.row.contact.id);
    await waitFor(async () => (await bens.service.getConversation(onLine)).pastConversations.length === 0);
    expect(await bens.service.listPersonContacts(together.row.contact.id)).toEqual([]);
    expect((await bens.service.getConversation(onWhatsApp)).row.contact.personId).toBeUndefined();
  });
});
