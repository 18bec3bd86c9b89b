import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import { readCacheFile } from '../../helpers/cache-file.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startClient,
  startSignedInClient,
  startNetworkLink,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('reading offline', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let channelId: string;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    channelId = (await hub.createChannel({ kind: 'telegram', name: 'Support bot', linkAgentIds: [aiko.agent.id] })).id;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const signedInClient = async (): Promise<TestClient> => {
    const client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    clients.push(client);
    return client;
  };

  it('shows a customer message that arrives live, then reads and searches it with the hub stopped', async () => {
    const client = await signedInClient();
    await hub.ingestText(channelId, { from: 'u1', name: '山田 花子', text: '返品の手続きを教えてください' });
    await hub.ingestText(channelId, { from: 'u2', name: 'John', text: 'Where is my parcel?' });
    const list = await waitFor(async () => {
      const l = await client.service.listConversations({ view: 'all' });
      return l.total === 2 ? l : undefined;
    });
    expect(list.rows.map((r) => r.contact.name).sort()).toEqual(['John', '山田 花子']);

    await hub.halt();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    const conversations = await client.service.listConversations({ view: 'all' });
    expect(conversations.total).toBe(2);
    const hanako = conversations.rows.find((r) => r.contact.name === '山田 花子');
    const page = await client.service.listMessages({ conversationId: hanako?.conversation.id ?? '' });
    expect(page.messages.map((m) => m.text)).toEqual(['返品の手続きを教えてください']);
    const hits = await client.service.search({ query: '返品' });
    expect(hits.map((h) => h.contactName)).toEqual(['山田 花子']);
    await hub.resume();
  });

  it('keeps the cache after a restart of the client with no hub at all', async () => {
    const first = await signedInClient();
    await hub.ingestText(channelId, { from: 'u1', name: 'Customer', text: 'hello there' });
    await waitFor(async () => (await first.service.listConversations({})).total === 1);
    await first.stop();
    await hub.halt();

    const second = startClient({ dataDir: tmp.dir });
    clients.push(second);
    await second.service.start();
    expect((await second.service.getSession())?.agent.id).toBe(aiko.agent.id);
    const list = await second.service.listConversations({});
    expect(list.rows.map((r) => r.conversation.lastMessagePreview)).toEqual(['hello there']);
    expect((await second.service.search({ query: 'hello' })).length).toBe(1);
    await hub.resume();
    await second.waitForSynced();
  });

  it('says clearly when the password is wrong or the hub cannot be reached', async () => {
    const client = startClient({ dataDir: tmp.dir });
    clients.push(client);
    const wrong = client.service.signIn({ hubUrl: hub.url, email: aiko.email, password: 'not-the-password' });
    await expect(wrong).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await hub.halt();
    const unreachable = client.service.signIn({ hubUrl: hub.url, email: aiko.email, password: aiko.password });
    await expect(unreachable).rejects.toBeInstanceOf(AppError);
    await expect(unreachable).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
    expect(await client.service.getSession()).toBeNull();
    await hub.resume();
  });

  it('rebuilds the cache from a snapshot when the hub compacted its log, keeping queued replies and drafts', async () => {
    const link = await startNetworkLink(hub.url);
    try {
      const client = startClient({ dataDir: tmp.dir });
      clients.push(client);
      const conversationId = await ingestCustomerText(hub, channelId, { from: 'u1', name: 'Hanako', text: 'first' });
      await client.service.signIn({ hubUrl: link.url, email: aiko.email, password: aiko.password });
      await client.waitForSynced();
      const folder = client.service.account()?.cache.folder;
      if (folder === undefined) throw new Error('not signed in');
      const syncedSeqOfFirst = () =>
        readCacheFile(
          folder,
          (db) =>
            db
              .prepare<[], { synced_seq: number }>('SELECT synced_seq FROM messages WHERE json LIKE \'%"first"%\'')
              .get()?.synced_seq,
        );
      const before = syncedSeqOfFirst();
      link.cut();
      await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
      const reply = await client.service.sendMessage({ conversationId, kind: 'text', text: 'written offline' });
      await client.service.saveDraft(conversationId, 'still thinking');
      await ingestCustomerText(hub, channelId, { from: 'u1', name: 'Hanako', text: 'second' });
      await hub.hub.services.sync.compactLog(await hub.hub.store.events.latestSeq());

      link.restore();
      client.service.networkChanged();
      await waitFor(async () => (await client.service.getConnection()).outboxCount === 0, 10_000, 'the reply to go');
      await client.waitForSynced();
      const texts = (await client.service.listMessages({ conversationId })).messages.map((m) => m.text);
      expect(texts).toEqual(['first', 'second', 'written offline']);
      expect((await client.service.listMessages({ conversationId })).messages.at(-1)?.clientId).toBe(reply.id);
      expect(await client.service.getDraft(conversationId)).toBe('still thinking');
      expect((await client.service.search({ query: 'second' })).length).toBe(1);
      // Rebuilt: the message was stored again from the snapshot, not kept from before.
      expect(syncedSeqOfFirst()).toBeGreaterThan(before ?? Infinity);
    } finally {
      await link.close();
    }
  });
});
