/**
 * searchContacts answers from the client's own cache (issue 14 §4): with the hub stopped, an agent finds
 * contacts by name (Japanese too: half-width kana, full-width letters, one kanji), phone as typed
 * nationally, email, username and the provider's external id, each with its channel; the query and the
 * number of hits are bounded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

describe('searching contacts in the cache', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let client: TestClient | null = null;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
  });

  afterEach(async () => {
    await client?.stop();
    client = null;
    await hub.stop();
    tmp.cleanup();
  });

  it('finds contacts offline by name, phone, email and external id, Japanese included', async () => {
    const whatsapp = await hub.createChannel({
      kind: 'whatsapp',
      name: 'Tokyo WhatsApp',
      linkAgentIds: [aiko.agent.id],
    });
    const telegram = await hub.createChannel({ kind: 'telegram', name: 'Support bot', linkAgentIds: [aiko.agent.id] });
    const other = await hub.createChannel({ kind: 'telegram', name: 'Not mine' });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    const service = client.service;
    await hub.ingestText(whatsapp.id, {
      from: '819012345678',
      phone: '+819012345678',
      name: '山田 花子',
      text: 'こんにちは',
    });
    await hub.ingestText(telegram.id, { from: '7001', name: 'ｽｽﾞｷ ﾀﾛｳ', text: 'hi' });
    await hub.ingestText(telegram.id, { from: '7002', name: 'John Smith', text: 'hello' });
    await hub.ingestText(other.id, { from: '7003', name: 'John Other', text: 'not for Aiko' });
    const john = await waitFor(async () =>
      (await service.listConversations({})).rows.find((r) => r.contact.name === 'John Smith'),
    );
    await waitFor(async () => (await service.listConversations({})).total === 3);
    await service.updateContact(john.contact.id, { email: 'john.smith@example.com' });
    await waitFor(async () => (await service.getConversation(john.conversation.id)).row.contact.email !== undefined);

    await hub.halt();
    await waitFor(async () => (await service.getConnection()).status !== 'online', 10_000, 'offline');
    const names = async (query: string, channelId?: string): Promise<string[]> =>
      (await service.searchContacts({ query, ...(channelId ? { channelId } : {}) })).map((h) => h.contact.name);

    expect(await names('山田')).toEqual(['山田 花子']);
    expect(await names('花')).toEqual(['山田 花子']);
    expect(await names('スズキ')).toEqual(['ｽｽﾞｷ ﾀﾛｳ']);
    expect(await names('ﾀﾛｳ')).toEqual(['ｽｽﾞｷ ﾀﾛｳ']);
    expect(await names('ＪＯＨＮ')).toEqual(['John Smith']);
    expect(await names('smith john')).toEqual(['John Smith']);
    expect(await names('Smith 山田')).toEqual([]);
    expect(await names('EXAMPLE.com')).toEqual(['John Smith']);
    expect(await names('090-1234-5678')).toEqual(['山田 花子']);
    expect(await names('7001')).toEqual(['ｽｽﾞｷ ﾀﾛｳ']);
    expect((await names('')).sort()).toEqual(['John Smith', 'ｽｽﾞｷ ﾀﾛｳ', '山田 花子'].sort());
    expect(await names('', whatsapp.id)).toEqual(['山田 花子']);

    const [hit] = await service.searchContacts({ query: '山田' });
    expect(hit).toMatchObject({ channelId: whatsapp.id, channelKind: 'whatsapp', channelName: 'Tokyo WhatsApp' });
    expect(hit?.lastMessageAt).toEqual(expect.any(Number));
    expect(await service.searchContacts({ query: '', limit: 1 })).toHaveLength(1);
    await expect(service.searchContacts({ query: 'x'.repeat(101) })).rejects.toThrow();
    await expect(service.searchContacts({ query: 'a', limit: 51 })).rejects.toThrow();
    await hub.resume();
  });
});
