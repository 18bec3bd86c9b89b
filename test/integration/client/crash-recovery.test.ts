import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClientMessage } from '../../../src/shared/api.js';
import { Message } from '../../../src/shared/domain.js';
import { Page } from '../../../src/shared/protocol.js';
import { accountFolder } from '../../../src/main/core/cache/cache-db.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { readCacheFile } from '../../helpers/cache-file.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  spawnClientProcess,
  startClient,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

const Queued = z.object({ queued: ClientMessage });
const Ready = z.object({ ready: z.literal(true) });

describe('a client process killed and restarted', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let channelId: string;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] })).id;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const childEnv = (extra: Record<string, string> = {}) => ({
    SB_CLIENT_DATA_DIR: tmp.dir,
    SB_SIGN_IN: JSON.stringify({ hubUrl: hub.url, email: aiko.email, password: aiko.password }),
    ...extra,
  });
  const cacheFolder = () => accountFolder(`${tmp.dir}/accounts`, new URL(hub.url).origin, aiko.agent.id);

  it('sends a reply written offline exactly once after being killed before the hub came back', async () => {
    const conversationId = await ingestCustomerText(hub, channelId, { from: 'u1', text: 'Any news?' });
    const first = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    await first.stop();
    await hub.halt();

    const child = spawnClientProcess(childEnv());
    await child.waitForLine((l) => (Ready.safeParse(l).success ? true : undefined));
    child.send({ cmd: 'send', conversationId, text: 'Your parcel is on its way.' });
    const { queued } = await child.waitForLine((l) => {
      const parsed = Queued.safeParse(l);
      return parsed.success ? parsed.data : undefined;
    });
    expect(queued.outbox?.state).toBe('queued');
    await child.kill();
    expect(await child.exited).toBe('SIGKILL');

    await hub.resume();
    const restarted = startClient({ dataDir: tmp.dir });
    clients.push(restarted);
    await restarted.service.start();
    await waitFor(
      async () => (await restarted.service.getConnection()).outboxCount === 0,
      15_000,
      'the outbox to drain',
    );
    await restarted.waitForSynced();
    const res = await hub.api('GET', `/api/conversations/${conversationId}/messages?limit=500`, {
      token: hub.adminToken,
    });
    const sent = Page(Message)
      .parse(res.body)
      .items.filter((m) => m.clientId === queued.id);
    expect(sent.map((m) => m.text)).toEqual(['Your parcel is on its way.']);
    const page = await restarted.service.listMessages({ conversationId });
    expect(page.messages.filter((m) => m.clientId === queued.id)).toHaveLength(1);
  });

  it('resumes a catch-up it was killed in the middle of, with no gaps or duplicates', async () => {
    for (let i = 0; i < 120; i++) {
      await ingestCustomerText(hub, channelId, {
        from: `u${i % 15}`,
        name: `Customer ${i % 15}`,
        text: `message number ${i} 配送`,
      });
    }
    const child = spawnClientProcess(childEnv({ SB_SYNC_PAGE_SIZE: '25', SB_KILL_AFTER_PAGES: '3' }));
    expect(await child.exited).toBe('SIGKILL');

    const latestSeq = await hub.hub.store.events.latestSeq();
    const socket = await hub.connect(aiko.token);
    const log = await socket.command('sync', { after: 0, limit: 5000 });
    if (!log.ok || log.data.reset) throw new Error('could not read the hub log');
    const messageSeqs = new Map<string, number>();
    for (const event of log.data.events) {
      if (event.type === 'message.upsert' && !messageSeqs.has(event.message.id))
        messageSeqs.set(event.message.id, event.seq);
    }

    // Killed after a page: the cache holds exactly the events up to its sequence number.
    const killed = ClientCache.open(cacheFolder(), aiko.agent.id);
    const lastSeq = killed.syncState.get().lastSeq;
    expect(lastSeq).toBeGreaterThan(0);
    expect(lastSeq).toBeLessThan(latestSeq);
    const cachedIds = readCacheFile(killed.folder, (db) =>
      db.prepare<[], { id: string }>('SELECT id FROM messages').all(),
    ).map((r) => r.id);
    const expectedIds = [...messageSeqs].filter(([, seq]) => seq <= lastSeq).map(([id]) => id);
    expect(cachedIds.sort()).toEqual(expectedIds.sort());
    killed.close();

    const restarted = startClient({ dataDir: tmp.dir, syncPageSize: 25 });
    clients.push(restarted);
    await restarted.service.start();
    await restarted.waitForSynced(20_000);
    const cache = restarted.service.account()?.cache;
    if (!cache) throw new Error('not signed in');
    expect(cache.syncState.get().lastSeq).toBe(latestSeq);
    const count = (sql: string) =>
      z.object({ n: z.number() }).parse(readCacheFile(cache.folder, (db) => db.prepare(sql).get())).n;
    expect(count('SELECT count(*) AS n FROM messages')).toBe(120);
    expect(count('SELECT count(DISTINCT id) AS n FROM messages')).toBe(120);
    expect(count('SELECT count(*) AS n FROM message_search')).toBe(120);
    expect(count('SELECT count(*) AS n FROM conversations')).toBe(15);
    expect((await restarted.service.search({ query: '配送', limit: 200 })).filter((h) => h.messageId)).toHaveLength(
      120,
    );
    const list = await restarted.service.listConversations({ limit: 50 });
    expect(list.rows.reduce((sum, r) => sum + r.unreadCount, 0)).toBe(120);
  });
});
