/**
 * Two hub nodes on one Postgres database, one Telegram bot without a public URL: only the node holding the
 * bot's lease calls getUpdates. When that node dies (its renewals stop, nothing is released), the other
 * takes the bot once the lease's TTL has run out, and continues from the offset the first one kept: no
 * update is lost, none is read twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type HubConfig } from '../../../src/hub/config.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { ChannelRuntime } from '../../../src/hub/providers/channel-runtime.js';
import { pollLease } from '../../../src/hub/providers/provider-links.js';
import { Channel } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { enqueueTelegramUpdate } from '../../../src/fake-provider/telegram.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { createDatabase } from '../../helpers/postgres.js';
import { waitFor } from './harness.js';

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Admin' };
const TG = { botToken: '777100:OneNodeBot_token', secretToken: 'one-node-secret' };
const TTL_MS = 60_000;

interface Node {
  readonly hub: Hub;
  readonly runtime: ChannelRuntime;
  /** The offsets this node's getUpdates calls asked from (null: none given). */
  readonly getUpdates: (number | null)[];
  /** Moves this node's clock forward. */
  advanceClock(ms: number): void;
}

async function startNode(config: HubConfig, nodeId: string): Promise<Node> {
  const getUpdates: (number | null)[] = [];
  let skipped = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/getUpdates')) {
      const body = JSON.parse(String(init?.body ?? '{}')) as { offset?: number };
      getUpdates.push(body.offset ?? null);
    }
    return await fetch(input, init);
  };
  const extension = createProviderExtension({
    nodeId,
    fetch: countingFetch,
    pollTimeoutSeconds: 1,
    // Renewed often so the test needs no long waits; the TTL is crossed by moving a node's clock.
    leasePolicy: { ttlMs: TTL_MS, renewMs: 50 },
  });
  const hub = await createHub({
    config,
    logger: pino({ level: 'silent' }),
    extensions: [extension],
    now: () => Date.now() + skipped,
  });
  await hub.start();
  const runtime = extension.runtimeOf(hub);
  if (!runtime) throw new Error('provider runtime did not start');
  return { hub, runtime, getUpdates, advanceClock: (ms) => (skipped += ms) };
}

function update(id: number) {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 99100, type: 'private', first_name: 'Hanako' },
      from: { id: 99100, is_bot: false, first_name: 'Hanako' },
      text: `message ${String(id)}`,
    },
  };
}

describe('Telegram long polling on two nodes', () => {
  let fake: FakeProvider;
  let dataDir: string;
  let a: Node;
  let b: Node;
  let channel: Channel;

  beforeAll(async () => {
    fake = await startFakeProvider();
    // One data folder for both: the same secret key opens the channel's credentials on either node.
    dataDir = mkdtempSync(join(tmpdir(), 'sb-one-poller-'));
    const config: HubConfig = {
      ...defaultConfig(dataDir),
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      publicUrl: null,
      initialAdmin: ADMIN,
      databaseUrl: await createDatabase(),
    };
    a = await startNode(config, 'node-a');
    const login = LoginResponse.parse(
      await (
        await fetch(`${a.hub.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
        })
      ).json(),
    );
    const created = await fetch(`${a.hub.url}/api/channels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({
        kind: 'telegram',
        name: 'Bot',
        credentials: { ...TG, apiBaseUrl: fake.baseUrlFor('telegram') },
        settings: {},
      }),
    });
    channel = Channel.parse(await created.json());
    await waitFor('node a polling', () => a.runtime.links.isPolling(channel.id));
    // The second node starts once the channel exists, and wants the same bot.
    b = await startNode(config, 'node-b');
  });

  afterAll(async () => {
    await b.hub.stop();
    await a.hub.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is done by the lease holder only, and handed over without losing or repeating an update', async () => {
    const lease = pollLease(channel.id);
    for (const id of [1, 2, 3]) enqueueTelegramUpdate(fake.state, TG.botToken, update(id));
    await waitFor('three messages stored', async () => (await a.hub.store.messages.count([channel.id])) === 3);
    await waitFor('offset 4 kept', async () => (await a.hub.store.leases.valueOf(lease)) === '4');
    expect(await b.hub.store.leases.holderOf(lease, Date.now())).toBe('node-a');
    expect(a.getUpdates.length).toBeGreaterThan(0);
    expect(b.getUpdates).toEqual([]);
    expect(b.runtime.links.isPolling(channel.id)).toBe(false);

    // Node a dies: its renewals stop and its poller with them; nothing is released.
    await a.runtime.leases.stop({ release: false });
    expect(a.runtime.links.isPolling(channel.id)).toBe(false);
    const callsOfA = a.getUpdates.length;
    for (const id of [4, 5, 6]) enqueueTelegramUpdate(fake.state, TG.botToken, update(id));
    // Within the TTL the bot still belongs to the dead node: b keeps off it.
    expect(await b.hub.store.leases.acquire(lease, 'node-b', TTL_MS, Date.now())).toBe(false);
    expect(b.getUpdates).toEqual([]);

    // The TTL runs out (b's clock moves past it): b takes the bot and continues from offset 4.
    b.advanceClock(TTL_MS + 1);
    await waitFor('node b polling', () => b.runtime.links.isPolling(channel.id));
    await waitFor('six messages stored', async () => (await a.hub.store.messages.count([channel.id])) === 6);
    expect(b.getUpdates[0]).toBe(4);
    expect(a.getUpdates.length).toBe(callsOfA);
    await waitFor('offset 7 kept', async () => (await a.hub.store.leases.valueOf(lease)) === '7');
    expect(await a.hub.store.leases.holderOf(lease, Date.now() + TTL_MS + 1)).toBe('node-b');
  });
});
