/**
 * The queue figure in the client (issue 14 §2) against a real hub: a customer who writes while no
 * linked agent is online waits in the channel's queue, and the signed-in admin's cache and renderer
 * feed (a `changes` push naming the channel's queue, then listQueues) say "1 waiting since then";
 * when the linked agent comes online the conversation is theirs and the queue is empty again. With
 * the hub stopped the cache still answers the last figure.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/shared/api.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

type Changes = Extract<ClientEvent, { type: 'changes' }>;

describe('the channel queue in the client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const signedIn = async (agent: TestAgent, folder: string): Promise<TestClient> => {
    const dataDir = join(tmp.dir, folder);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  };
  const queueOf = async (client: TestClient, channelId: string) =>
    (await client.service.listQueues()).find((q) => q.channelId === channelId);
  const namesQueue = (client: TestClient, channelId: string) =>
    client.events.some((e): e is Changes => e.type === 'changes' && (e.queueChannelIds ?? []).includes(channelId));

  it('a customer who writes while no agent is online is queued, and the agent coming online empties it', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko', role: 'admin' });
    const kenji = await hub.createAgent({ name: 'Kenji' });
    const channel = await hub.createChannel({ linkAgentIds: [kenji.agent.id] });
    const admin = await signedIn(aiko, 'aiko');
    admin.events.length = 0;

    const before = hub.clock.now();
    const messageId = (await hub.ingestText(channel.id, { from: 'c1', text: 'Is anyone there?' })).messageIds[0] ?? '';
    const after = hub.clock.now();
    const conversationId = (await hub.hub.store.messages.findById(messageId))?.message.conversationId ?? '';

    // The admin's cache and the renderer's feed: one waiting, since the customer wrote.
    await waitFor(async () => (await queueOf(admin, channel.id))?.length === 1, 10_000, 'the queue of 1');
    const queued = await queueOf(admin, channel.id);
    expect(queued?.oldestQueuedAt).toBeGreaterThanOrEqual(before);
    expect(queued?.oldestQueuedAt).toBeLessThanOrEqual(after);
    expect(namesQueue(admin, channel.id)).toBe(true);
    const row = (await admin.service.listConversations({ view: 'all' })).rows.find(
      (r) => r.conversation.id === conversationId,
    );
    expect(row?.conversation).toMatchObject({ assigneeId: null, queuedAt: queued?.oldestQueuedAt });

    // The linked agent signs in (online): the conversation is theirs, the queue empties.
    admin.events.length = 0;
    const kenjis = await signedIn(kenji, 'kenji');
    await waitFor(async () => (await queueOf(admin, channel.id))?.length === 0, 10_000, 'the queue to empty');
    expect(await queueOf(admin, channel.id)).toMatchObject({ length: 0, oldestQueuedAt: null });
    expect(namesQueue(admin, channel.id)).toBe(true);
    await waitFor(
      async () =>
        (await kenjis.service.listConversations({ view: 'mine' })).rows.some(
          (r) => r.conversation.id === conversationId && r.conversation.queuedAt == null,
        ),
      10_000,
      'the conversation assigned to Kenji',
    );
    expect(await queueOf(kenjis, channel.id)).toMatchObject({ length: 0 });

    // Offline the cache still has the last figure.
    await hub.halt();
    await waitFor(async () => (await admin.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect(await queueOf(admin, channel.id)).toMatchObject({ length: 0, oldestQueuedAt: null });
    await hub.resume();
  });

  it('a client that signs in while someone waits gets the figure at once, and keeps it with the hub stopped', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko', role: 'admin' });
    const kenji = await hub.createAgent({ name: 'Kenji' });
    const channel = await hub.createChannel({ linkAgentIds: [kenji.agent.id] });
    await hub.ingestText(channel.id, { from: 'c1' });
    await hub.ingestText(channel.id, { from: 'c2' });

    const admin = await signedIn(aiko, 'aiko');
    await waitFor(async () => (await queueOf(admin, channel.id))?.length === 2, 10_000, 'the queue of 2');
    await hub.halt();
    await waitFor(async () => (await admin.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect((await queueOf(admin, channel.id))?.length).toBe(2);
    await hub.resume();
  });
});
