/**
 * Deleting a channel is undoable: it goes to the trash with its
 * conversations, which every agent's client stops showing — live, after
 * being offline, or rebuilt from scratch — while its webhooks are refused and
 * its Telegram link is taken back; restoring brings all of it back for
 * everyone. A real hub, real signed-in clients, the fake provider.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { Channel } from '../../../src/shared/domain.js';
import { ErrorBody } from '../../../src/shared/errors.js';
import { whatsappText } from '../channels/provider-bodies.js';
import { whatsappHeaders } from '../channels/harness.js';
import { makeTempDir, startClient, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

const Refusal = z.object({ error: ErrorBody });
const Channels = z.object({ items: z.array(Channel) });
const SetWebhookBody = z.looseObject({ secret_token: z.string() });

describe('the channel trash', () => {
  let t: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  const clients: TestClient[] = [];
  const extension = createProviderExtension({ pollTimeoutSeconds: 1 });

  beforeEach(async () => {
    t = await startHub({ extensions: [extension], config: { publicUrl: 'https://hub.example.com' } });
    tmp = makeTempDir();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await t.stop();
    tmp.cleanup();
  });

  const trash = (id: string) => t.api('DELETE', `/api/channels/${id}`, { token: t.adminToken });
  const restore = (id: string) => t.api('POST', `/api/channels/${id}/restore`, { token: t.adminToken });
  const trashList = async () =>
    Channels.parse((await t.api('GET', '/api/channels/trash', { token: t.adminToken })).body);
  const aikoClient = async (dir: string): Promise<TestClient> => {
    mkdirSync(join(tmp.dir, dir), { recursive: true });
    const client = await startSignedInClient({ dataDir: join(tmp.dir, dir), hubUrl: t.url, agent: aiko });
    clients.push(client);
    return client;
  };
  const conversationCount = async (client: TestClient) =>
    (await client.service.listConversations({ view: 'all' })).total;

  it('lists a trashed channel for admins and refuses to change it until it is restored', async () => {
    const channel = await t.createChannel({ kind: 'line', name: 'LINE 公式', linkAgentIds: [aiko.agent.id] });
    expect((await trash(channel.id)).status).toBe(204);
    const listed = await trashList();
    expect(listed.items.map((c) => c.name)).toEqual(['LINE 公式']);
    expect(listed.items[0]?.trashedAt).not.toBeNull();
    expect(listed.items[0]?.linkedAgentIds).toEqual([aiko.agent.id]);
    const live = Channels.parse((await t.api('GET', '/api/channels', { token: t.adminToken })).body);
    expect(live.items).toEqual([]);
    const rename = await t.api('PATCH', `/api/channels/${channel.id}`, { token: t.adminToken, body: { name: 'x' } });
    expect(rename.status).toBe(409);
    expect(Refusal.parse(rename.body).error.code).toBe('CHANNEL_IN_TRASH');

    const restored = await restore(channel.id);
    expect(restored.status).toBe(200);
    expect(Channel.parse(restored.body)).toMatchObject({ trashedAt: null, linkedAgentIds: [aiko.agent.id] });
    expect(await trashList()).toEqual({ items: [] });
    expect((await restore(channel.id)).status).toBe(200);
  });

  it('keeps a WhatsApp channel’s credits while trashed, refuses top-ups, and has them back on restore', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', credits: 40 });
    await trash(channel.id);
    const topUp = await t.api('POST', `/api/channels/${channel.id}/credits/top-up`, {
      token: t.adminToken,
      body: { amount: 10 },
    });
    expect(topUp.status).toBe(404);
    expect((await trashList()).items[0]?.credits?.balance).toBe(40);
    expect(Channel.parse((await restore(channel.id)).body).credits?.balance).toBe(40);
  });

  it('refuses a new channel for the account of a trashed one, naming it', async () => {
    const credentials = await t.credentialsFor('telegram');
    const channel = await t.createChannel({ kind: 'telegram', name: 'Old bot', credentials });
    await trash(channel.id);
    const again = await t.api('POST', '/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'New bot', credentials },
    });
    expect(again.status).toBe(409);
    expect(Refusal.parse(again.body).error.message).toBe(
      'The channel “Old bot” for this provider account is in the trash: restore it instead.',
    );
  });

  it('refuses webhooks for a trashed channel without storing anything, and takes them again once restored', async () => {
    const credentials = await t.credentialsFor('whatsapp');
    const channel = await t.createChannel({ kind: 'whatsapp', credentials, linkAgentIds: [aiko.agent.id] });
    const phoneNumberId = String(credentials['phoneNumberId']);
    const post = (id: string, text: string) => {
      const body = whatsappText('819011112222', id, text, t.clock.now(), phoneNumberId);
      return t.api('POST', `/webhooks/${channel.id}`, {
        body,
        headers: whatsappHeaders(String(credentials['appSecret']), body),
      });
    };
    await trash(channel.id);
    const refused = await post('wamid.trashed', 'while trashed');
    expect(refused.status).toBe(410);
    expect(Refusal.parse(refused.body).error.code).toBe('CHANNEL_IN_TRASH');
    expect(await t.hub.store.messages.count([channel.id])).toBe(0);

    await restore(channel.id);
    expect((await post('wamid.back', 'restored')).status).toBe(200);
    expect(await t.hub.store.messages.count([channel.id])).toBe(1);
  });

  it('refuses a send on a trashed channel’s conversation, saying it is in the trash', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const messageId = (await t.ingestText(channel.id, { from: 'u1' })).messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
    const socket = await t.connect(aiko.token);
    await trash(channel.id);
    const ack = await socket.command('message.send', {
      clientId: '0190a0a0-0000-7000-8000-000000000001',
      conversationId,
      kind: 'text',
      text: 'still there?',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'CHANNEL_IN_TRASH' } });
  });

  it('hides the channel’s conversations from a signed-in agent at once, and restoring shows them again', async () => {
    const channel = await t.createChannel({ kind: 'telegram', name: 'Support bot', linkAgentIds: [aiko.agent.id] });
    await t.ingestText(channel.id, { from: 'u1', name: '山田 花子', text: '返品したいです' });
    const client = await aikoClient('live');
    await waitFor(async () => (await conversationCount(client)) === 1, 10_000, 'the conversation');

    await trash(channel.id);
    await waitFor(async () => (await conversationCount(client)) === 0, 10_000, 'the conversation hidden');
    expect(await client.service.search({ query: '返品' })).toEqual([]);
    expect((await client.service.listChannels()).map((c) => c.id)).toEqual([]);
    expect(await client.service.getUnreadCount()).toBe(0);

    await restore(channel.id);
    await waitFor(async () => (await conversationCount(client)) === 1, 10_000, 'the conversation back');
    expect((await client.service.search({ query: '返品' })).map((h) => h.contactName)).toEqual(['山田 花子']);
    expect((await client.service.listChannels()).map((c) => c.name)).toEqual(['Support bot']);
  });

  it('an agent offline while the channel was trashed, or rebuilding meanwhile, follows when it syncs', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    await t.ingestText(channel.id, { from: 'u1', text: 'hello' });
    const first = await aikoClient('offline');
    await waitFor(async () => (await conversationCount(first)) === 1, 10_000, 'the conversation');
    await first.stop();
    clients.splice(clients.indexOf(first), 1);

    await trash(channel.id);
    const back = startClient({ dataDir: join(tmp.dir, 'offline') });
    clients.push(back);
    await back.service.start();
    await back.waitForSynced();
    expect(await conversationCount(back)).toBe(0);

    // A cache built from scratch while the channel is in the trash gets it too, hidden.
    const fresh = await aikoClient('fresh');
    expect(await conversationCount(fresh)).toBe(0);

    await back.stop();
    clients.splice(clients.indexOf(back), 1);
    await restore(channel.id);
    const again = startClient({ dataDir: join(tmp.dir, 'offline') });
    clients.push(again);
    await again.service.start();
    await again.waitForSynced();
    expect(await conversationCount(again)).toBe(1);
    await waitFor(async () => (await conversationCount(fresh)) === 1, 10_000, 'the rebuilt cache to show it');
  });

  it('takes the Telegram webhook back while trashed and sets it again on restore', async () => {
    const fake = await t.fakeProvider();
    const channel = await t.createChannel({ kind: 'telegram' });
    const calls = (method: string) => fake.state.callsTo('telegram', `/${method}`).length;
    await waitFor(() => calls('setWebhook') === 1, 10_000, 'setWebhook');
    await trash(channel.id);
    await fake.state.waitForCall('telegram', (c) => c.path.endsWith('/deleteWebhook'));
    expect(fake.state.callsTo('telegram', '/deleteWebhook').at(-1)?.json).toEqual({ drop_pending_updates: false });
    await restore(channel.id);
    await waitFor(() => calls('setWebhook') === 2, 10_000, 'setWebhook again');
  });
});

describe('rotating Telegram credentials', () => {
  it('sets the webhook again with the new secret token, so Telegram’s calls keep passing', async () => {
    const t = await startHub({
      extensions: [createProviderExtension()],
      config: { publicUrl: 'https://hub.example.com' },
    });
    try {
      const fake = await t.fakeProvider();
      const credentials = await t.credentialsFor('telegram');
      const channel = await t.createChannel({ kind: 'telegram', credentials });
      const secrets = () =>
        fake.state.callsTo('telegram', '/setWebhook').map((c) => SetWebhookBody.parse(c.json).secret_token);
      await waitFor(() => secrets().length === 1, 10_000, 'setWebhook');
      const rotated = await t.api('PUT', `/api/channels/${channel.id}/credentials`, {
        token: t.adminToken,
        body: { credentials: { ...credentials, secretToken: 'new_secret_token' } },
      });
      expect(rotated.status).toBe(200);
      await waitFor(() => secrets().at(-1) === 'new_secret_token', 10_000, 'setWebhook with the new secret');
    } finally {
      await t.stop();
    }
  });
});

describe('the channel trash without a public URL', () => {
  it('stops long-polling a trashed Telegram channel and polls it again once restored', async () => {
    const extension = createProviderExtension({ pollTimeoutSeconds: 1 });
    const t = await startHub({ extensions: [extension] });
    try {
      const links = extension.runtimeOf(t.hub)?.links;
      const channel = await t.createChannel({ kind: 'telegram' });
      await waitFor(() => links?.isPolling(channel.id), 10_000, 'polling');
      await t.api('DELETE', `/api/channels/${channel.id}`, { token: t.adminToken });
      await waitFor(() => links?.isPolling(channel.id) === false, 10_000, 'polling to stop');
      await t.api('POST', `/api/channels/${channel.id}/restore`, { token: t.adminToken });
      await waitFor(() => links?.isPolling(channel.id), 10_000, 'polling again');
    } finally {
      await t.stop();
    }
  });
});
