import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { metaSignature } from '../channels/harness.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { startHub, testCredentials, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startNetworkLink,
  startSignedInClient,
  waitFor,
  type NetworkLink,
  type TestClient,
} from '../../helpers/client.js';

describe('working on conversations live with other agents', () => {
  let hub: TestHub;
  let fake: FakeProvider;
  let link: NetworkLink;
  let aiko: TestAgent;
  let ben: TestAgent;
  let channelId: string;
  let credentials: Record<string, unknown>;
  const temps: ReturnType<typeof makeTempDir>[] = [];
  const clients: TestClient[] = [];

  const signIn = async (agent: TestAgent, hubUrl = link.url): Promise<TestClient> => {
    const tmp = makeTempDir();
    temps.push(tmp);
    const client = await startSignedInClient({ dataDir: tmp.dir, hubUrl, agent });
    clients.push(client);
    return client;
  };

  /** Through the signed webhook, as WhatsApp sends it: the hub then fetches the file from the provider. */
  const customerSendsPhoto = async (mediaId: string): Promise<void> => {
    const message = {
      from: '819011112222',
      id: `wamid.${mediaId}`,
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'image',
      image: { id: mediaId, mime_type: 'image/jpeg' },
    };
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001111', phone_number_id: credentials['phoneNumberId'] },
      contacts: [{ profile: { name: 'Hanako' }, wa_id: '819011112222' }],
      messages: [message],
    };
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value }] }],
    });
    const res = await hub.api('POST', `/webhooks/${channelId}`, {
      body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(String(credentials['appSecret']), body),
      },
    });
    expect(res.status).toBe(200);
  };

  beforeEach(async () => {
    fake = await startFakeProvider();
    hub = await startHub({
      extensions: [
        createProviderExtension({
          retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
          mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, sweepIntervalMs: 60_000 },
        }),
      ],
    });
    link = await startNetworkLink(hub.url);
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    credentials = { ...testCredentials('whatsapp'), apiBaseUrl: fake.baseUrlFor('whatsapp') };
    channelId = (
      await hub.createChannel({
        kind: 'whatsapp',
        name: 'WhatsApp JP',
        credentials,
        linkAgentIds: [aiko.agent.id, ben.agent.id],
      })
    ).id;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await link.close();
    await hub.stop();
    await fake.close();
    for (const tmp of temps.splice(0)) tmp.cleanup();
  });

  it('keeps a photo that arrived while I was online, so I can open it after going offline', async () => {
    const client = await signIn(aiko);
    const photo = Buffer.from('not really a jpeg, but bytes the agent must keep');
    fake.state.addMedia('whatsapp', 'media-photo-1', { bytes: photo, mimeType: 'image/jpeg' });
    await customerSendsPhoto('media-photo-1');
    const conversationId = await waitFor(
      async () => (await client.service.listConversations({})).rows[0]?.conversation.id,
    );
    const attachmentId = await waitFor(async () => {
      const page = await client.service.listMessages({ conversationId });
      return page.messages[0]?.attachments[0]?.id;
    });
    // Never opened: the live event alone brings the file into the cache.
    const file = await waitFor(
      async () => (await client.service.attachmentFile(attachmentId)) ?? undefined,
      10_000,
      'the prefetched file',
    );
    expect(file.mimeType).toBe('image/jpeg');
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online');
    const view = await client.service.openAttachment(attachmentId);
    expect(view).toMatchObject({ status: 'ready', url: `sbmedia://attachment/${attachmentId}` });
  });

  it('labels a conversation through the hub, filters the inbox by label, and says OFFLINE without the hub', async () => {
    const client = await signIn(aiko);
    const tagged = await ingestCustomerText(hub, channelId, { from: '819011112222', name: 'Hanako', text: 'refund?' });
    const other = await ingestCustomerText(hub, channelId, { from: '819033334444', name: 'Taro', text: 'hello' });
    await waitFor(async () => (await client.service.listConversations({})).total === 2);
    const labelled = await client.service.setLabels(tagged, ['vip', ' 返品 ', 'vip']);
    expect(labelled.labels).toEqual(['vip', '返品']);
    const byLabel = await client.service.listConversations({ label: '返品' });
    expect(byLabel.rows.map((r) => r.conversation.id)).toEqual([tagged]);
    expect(byLabel.total).toBe(1);
    expect((await client.service.listConversations({ label: 'nothing' })).total).toBe(0);
    expect((await client.service.listConversations({})).rows.map((r) => r.conversation.id)).toContain(other);

    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online');
    await expect(client.service.setLabels(tagged, [])).rejects.toMatchObject({ code: 'OFFLINE' });
    // Offline, the label filter still reads the cache.
    expect((await client.service.listConversations({ label: 'vip' })).total).toBe(1);
  });

  it('shows who else is typing in a conversation, by name, and when they stop', async () => {
    const mine = await signIn(aiko);
    const bens = await signIn(ben, hub.url);
    const conversationId = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: 'hi',
    });
    await waitFor(async () => (await bens.service.listConversations({})).total === 1);
    await bens.service.setTyping(conversationId, true);
    const typing = await waitFor(() => mine.events.find((e) => e.type === 'typing' && e.isTyping));
    expect(typing).toEqual({ type: 'typing', conversationId, agentId: ben.agent.id, agentName: 'Ben', isTyping: true });
    await bens.service.setTyping(conversationId, false);
    await waitFor(() => mine.events.find((e) => e.type === 'typing' && !e.isTyping));
    // Nobody is told about their own typing.
    expect(bens.events.some((e) => e.type === 'typing')).toBe(false);
  });

  it('marks notifications silent once the agent mutes the sound, and remembers it after signing in again', async () => {
    const client = await signIn(aiko);
    expect(await client.service.getPreferences()).toEqual({ notificationSound: true });
    const first = await ingestCustomerText(hub, channelId, { from: '819011112222', name: 'Hanako', text: 'one' });
    const loud = await waitFor(() =>
      client.events.find((e) => e.type === 'notification' && e.conversationId === first),
    );
    expect(loud).toMatchObject({ silent: false });

    await client.service.setPreferences({ notificationSound: false });
    const second = await ingestCustomerText(hub, channelId, { from: '819033334444', name: 'Taro', text: 'two' });
    const quiet = await waitFor(() => client.notifications.find((n) => n.conversationId === second));
    expect(quiet).toMatchObject({ title: 'Taro · WhatsApp JP', silent: true });
    expect(client.events.find((e) => e.type === 'notification' && e.conversationId === second)).toMatchObject({
      silent: true,
    });

    await client.service.stop();
    await client.service.start();
    expect(await client.service.getPreferences()).toEqual({ notificationSound: false });
  });

  it('hides a snoozed conversation from the inbox and shows it again when the time passes, even offline', async () => {
    const client = await signIn(aiko);
    const conversationId = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: 'later',
    });
    await waitFor(async () => (await client.service.listConversations({})).total === 1);
    const until = Date.now() + 1500;
    await client.service.setStatus(conversationId, 'pending', until);
    expect((await client.service.listConversations({ view: 'all' })).total).toBe(0);
    const snoozed = await client.service.listConversations({ view: 'snoozed' });
    expect(snoozed.rows.map((r) => [r.conversation.id, r.conversation.snoozedUntil])).toEqual([
      [conversationId, until],
    ]);

    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online');
    const seen = client.events.length;
    const woke = await waitFor(
      () => client.events.slice(seen).find((e) => e.type === 'conversations' && e.ids.includes(conversationId)),
      10_000,
      'the snooze to run out',
    );
    expect(woke).toBeDefined();
    expect((await client.service.listConversations({ view: 'all' })).rows.map((r) => r.conversation.id)).toEqual([
      conversationId,
    ]);
    expect((await client.service.listConversations({ view: 'snoozed' })).total).toBe(0);
  });
});
