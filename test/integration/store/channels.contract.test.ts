/**
 * The channel repository on both stores: what the channel pages, webhooks and link management rely on —
 * live, trashed and deleted channels found where they belong, links in the order they were made, a channel
 * carrying its health and linked agents, and the same listing order on SQLite and Postgres.
 */
import { expect, it } from 'vitest';
import { ChannelSettings, NEVER_VERIFIED, type ChannelKind } from '../../../src/shared/domain.js';
import type { Store } from '../../../src/hub/store/store.js';
import { describeStores } from './stores.js';
import { addAgent, T0 } from './fixtures.js';

async function addChannel(
  store: Store,
  id: string,
  fields: { kind?: ChannelKind; identity?: string; createdAt?: number } = {},
): Promise<void> {
  await store.channels.insert({
    id,
    kind: fields.kind ?? 'telegram',
    name: `Channel ${id}`,
    identity: fields.identity ?? `identity-${id}`,
    settings: ChannelSettings.parse({}),
    sealedCredentials: Buffer.from([0, 1, 2, 255, 254]),
    credits: null,
    verification: NEVER_VERIFIED,
    createdAt: fields.createdAt ?? T0,
  });
}

const ids = (channels: readonly { id: string }[]): string[] => channels.map((c) => c.id);

describeStores('channels', ({ open }) => {
  it('keeps a new channel as given: settings, sealed credentials byte for byte, identity, kind, no credits', async () => {
    const store = await open();
    const settings = ChannelSettings.parse({ autoConvert: true });
    await store.channels.insert({
      id: 'ch-1',
      kind: 'whatsapp',
      name: 'Shop',
      identity: 'pn-42',
      settings,
      sealedCredentials: Buffer.from([0, 1, 2, 255, 254]),
      credits: {
        balance: 500,
        cancellationScheduled: true,
        costs: { marketing: 1, utility: 1, authentication: 1 },
        lowBalanceThreshold: null,
        updatedAt: T0 + 5,
      },
      verification: { ...NEVER_VERIFIED, status: 'verified', checkedAt: T0 },
      createdAt: T0,
    });
    const channel = await store.channels.findById('ch-1');
    expect(channel).toMatchObject({
      id: 'ch-1',
      kind: 'whatsapp',
      name: 'Shop',
      settings,
      linkedAgentIds: [],
      credits: { balance: 500, cancellationScheduled: true, lowBalanceThreshold: null, updatedAt: T0 + 5 },
      createdAt: T0,
      verification: { status: 'verified', checkedAt: T0 },
      trashedAt: null,
    });
    expect(channel?.health).toBeUndefined();
    expect(await store.channels.identityOf('ch-1')).toBe('pn-42');
    expect(await store.channels.kindOf('ch-1')).toBe('whatsapp');
    expect((await store.channels.findByIdentity('whatsapp', 'pn-42'))?.id).toBe('ch-1');
    expect(await store.channels.findByIdentity('telegram', 'pn-42')).toBeNull();
    expect(await store.channels.sealedCredentials('ch-1')).toEqual(Buffer.from([0, 1, 2, 255, 254]));
    expect(await store.channels.findById('nope')).toBeNull();
    expect(await store.channels.sealedCredentials('nope')).toBeNull();
  });

  it('gives a webhook a live channel’s kind and sealed credentials in one read, and nothing for a trashed one', async () => {
    const store = await open();
    await addChannel(store, 'ch-1', { kind: 'line' });
    expect(await store.channels.liveCredentials('ch-1')).toEqual({
      kind: 'line',
      sealed: Buffer.from([0, 1, 2, 255, 254]),
    });
    expect(await store.channels.trash('ch-1', T0 + 10)).toBe(true);
    expect(await store.channels.liveCredentials('ch-1')).toBeNull();
    expect(await store.channels.liveCredentials('nope')).toBeNull();
  });

  it('refuses a second live channel with the same provider identity', async () => {
    const store = await open();
    await addChannel(store, 'ch-1', { identity: 'bot-1' });
    await expect(addChannel(store, 'ch-2', { identity: 'bot-1' })).rejects.toThrow();
    await addChannel(store, 'ch-3', { identity: 'bot-1', kind: 'line' });
    expect(ids(await store.channels.list())).toEqual(['ch-1', 'ch-3']);
  });

  it('lists live channels oldest first, ties by id in code point order', async () => {
    const store = await open();
    await addChannel(store, 'b', { createdAt: T0 + 1 });
    await addChannel(store, 'a', { createdAt: T0 + 1 });
    await addChannel(store, 'Z', { createdAt: T0 + 1 });
    await addChannel(store, 'later', { createdAt: T0 + 2 });
    await addChannel(store, 'first', { createdAt: T0 });
    expect(ids(await store.channels.list())).toEqual(['first', 'Z', 'a', 'b', 'later']);
  });

  it('moves a channel to the trash and back: hidden from live reads, listed in the trash newest first', async () => {
    const store = await open();
    await addChannel(store, 'ch-1', { identity: 'id-1' });
    await addChannel(store, 'ch-2');
    await addChannel(store, 'ch-3');
    expect(await store.channels.trash('ch-1', T0 + 10)).toBe(true);
    expect(await store.channels.trash('ch-1', T0 + 11)).toBe(false);
    expect(await store.channels.trash('ch-3', T0 + 20)).toBe(true);

    expect(await store.channels.findById('ch-1')).toBeNull();
    expect((await store.channels.findById('ch-1', true))?.trashedAt).toBe(T0 + 10);
    expect(await store.channels.kindOf('ch-1')).toBeNull();
    expect(await store.channels.isTrashed('ch-1')).toBe(true);
    expect(await store.channels.isTrashed('ch-2')).toBe(false);
    // A trashed channel keeps its identity for its restore.
    expect((await store.channels.findByIdentity('telegram', 'id-1'))?.id).toBe('ch-1');
    expect(ids(await store.channels.list())).toEqual(['ch-2']);
    expect(ids(await store.channels.listTrashed())).toEqual(['ch-3', 'ch-1']);
    expect(ids(await store.channels.listWithTrashed())).toEqual(['ch-1', 'ch-2', 'ch-3']);

    expect(await store.channels.restore('ch-1', T0 + 30)).toBe(true);
    expect(await store.channels.restore('ch-1', T0 + 31)).toBe(false);
    expect(await store.channels.restore('ch-2', T0 + 31)).toBe(false);
    expect((await store.channels.findById('ch-1'))?.trashedAt).toBeNull();
    expect(ids(await store.channels.list())).toEqual(['ch-1', 'ch-2']);
    expect(ids(await store.channels.listTrashed())).toEqual(['ch-3']);
  });

  it('saves edits: name and settings, verification, credentials, credits', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    const settings = ChannelSettings.parse({ autoConvert: true });
    await store.channels.update('ch-1', { name: 'Renamed', settings }, T0 + 1);
    const verification = {
      ...NEVER_VERIFIED,
      status: 'unverified' as const,
      checkedAt: T0 + 2,
      reason: '401',
      code: 'PROVIDER_AUTH_FAILED',
    };
    await store.channels.setVerification('ch-1', verification, T0 + 2);
    await store.channels.setCredentials('ch-1', Buffer.from('new sealed'), T0 + 3);
    await store.channels.setCredits('ch-1', {
      balance: -3,
      cancellationScheduled: false,
      costs: { marketing: 1, utility: 1, authentication: 1 },
      lowBalanceThreshold: 10,
      updatedAt: T0 + 4,
    });
    const channel = await store.channels.findById('ch-1');
    expect(channel).toMatchObject({ name: 'Renamed', settings, verification });
    expect(channel?.credits).toMatchObject({
      balance: -3,
      cancellationScheduled: false,
      lowBalanceThreshold: 10,
      updatedAt: T0 + 4,
    });
    expect((await store.channels.sealedCredentials('ch-1'))?.toString()).toBe('new sealed');
  });

  it('links agents once each, in the order they were linked, and a channel carries them', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    for (const id of ['agent-c', 'agent-a', 'agent-b']) await addAgent(store, { id });
    expect(await store.channels.link('ch-1', 'agent-c', T0 + 1)).toBe(true);
    expect(await store.channels.link('ch-1', 'agent-b', T0 + 2)).toBe(true);
    expect(await store.channels.link('ch-1', 'agent-a', T0 + 2)).toBe(true);
    expect(await store.channels.link('ch-1', 'agent-c', T0 + 9)).toBe(false);
    expect(await store.channels.linkedAgentIds('ch-1')).toEqual(['agent-c', 'agent-a', 'agent-b']);
    expect((await store.channels.findById('ch-1'))?.linkedAgentIds).toEqual(['agent-c', 'agent-a', 'agent-b']);

    expect(await store.channels.unlink('ch-1', 'agent-a')).toBe(true);
    expect(await store.channels.unlink('ch-1', 'agent-a')).toBe(false);
    expect((await store.channels.list())[0]?.linkedAgentIds).toEqual(['agent-c', 'agent-b']);
  });

  it('two requests linking the same agent at once link it once: one is told it was new', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    await addAgent(store, { id: 'agent-a' });
    const results = await Promise.all(
      [T0 + 1, T0 + 2].map((at) => store.transaction(() => store.channels.link('ch-1', 'agent-a', at))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.channels.linkedAgentIds('ch-1')).toEqual(['agent-a']);
  });

  it('a link made in a transaction that rolls back leaves nothing behind', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    await addAgent(store, { id: 'agent-a' });
    await expect(
      store.transaction(async () => {
        await store.channels.link('ch-1', 'agent-a', T0);
        expect(await store.channels.linkedAgentIds('ch-1')).toEqual(['agent-a']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await store.channels.linkedAgentIds('ch-1')).toEqual([]);
    expect((await store.channels.findById('ch-1'))?.linkedAgentIds).toEqual([]);
  });

  it('links read inside transactions follow each commit and never keep what a rollback undid', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    for (const id of ['agent-a', 'agent-b']) await addAgent(store, { id });
    await store.transaction(() => store.channels.link('ch-1', 'agent-a', T0));
    // Read (and, on SQLite, remembered) inside a transaction, as routing reads them at each pick.
    expect(await store.transaction(() => store.channels.linkedAgentIds('ch-1'))).toEqual(['agent-a']);
    await expect(
      store.transaction(async () => {
        await store.channels.link('ch-1', 'agent-b', T0 + 1);
        expect(await store.channels.linkedAgentIds('ch-1')).toEqual(['agent-a', 'agent-b']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await store.transaction(() => store.channels.linkedAgentIds('ch-1'))).toEqual(['agent-a']);
    await store.transaction(() => store.channels.link('ch-1', 'agent-b', T0 + 2));
    expect(await store.transaction(() => store.channels.linkedAgentIds('ch-1'))).toEqual(['agent-a', 'agent-b']);
    await store.transaction(() => store.channels.unlink('ch-1', 'agent-a'));
    expect(await store.channels.linkedAgentIds('ch-1')).toEqual(['agent-b']);
  });

  it("an agent's channels: live ones, or live and trashed ones for syncing, by id", async () => {
    const store = await open();
    await addAgent(store, { id: 'agent-a' });
    for (const id of ['ch-b', 'ch-a', 'ch-c', 'ch-other']) await addChannel(store, id);
    for (const id of ['ch-b', 'ch-a', 'ch-c']) await store.channels.link(id, 'agent-a', T0);
    await store.channels.trash('ch-c', T0 + 1);
    expect(await store.channels.channelIdsOfAgent('agent-a')).toEqual(['ch-a', 'ch-b']);
    expect(await store.channels.syncedChannelIdsOfAgent('agent-a')).toEqual(['ch-a', 'ch-b', 'ch-c']);
    expect(await store.channels.channelIdsOfAgent('agent-nobody')).toEqual([]);
  });

  it('a channel carries its health summary once the hub judged it, and none for a status it does not know', async () => {
    const store = await open();
    await addChannel(store, 'ch-1');
    await addChannel(store, 'ch-2');
    const record = {
      channelId: 'ch-1',
      status: 'failing' as const,
      reason: 'token-refused' as const,
      since: T0 + 5,
      lastInboundAt: null,
      lastSentAt: null,
      sendFailuresInRow: 0,
      lastError: null,
      token: null,
      webhook: null,
      quality: null,
      updatedAt: T0 + 5,
    };
    await store.channelHealth.save(record);
    await store.channelHealth.save({ ...record, channelId: 'ch-2', status: 'from-a-newer-hub' as 'ok' });
    expect((await store.channels.findById('ch-1'))?.health).toEqual({
      status: 'failing',
      reason: 'token-refused',
      since: T0 + 5,
    });
    expect((await store.channels.list()).map((c) => c.health ?? null)).toEqual([
      { status: 'failing', reason: 'token-refused', since: T0 + 5 },
      null,
    ]);
  });
});
