/**
 * Channel health in the real client core: an admin's client calls the health
 * methods and hears every change live; an agent's client learns only the
 * channel's status, kept in its cache, so a conversation on a failing channel
 * says so even with the hub gone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';
import { startHealthHarness, type HealthHarness } from '../hub/health-harness.js';

describe('channel health in the client', () => {
  let h: HealthHarness;
  let tmp: ReturnType<typeof makeTempDir>;
  let clients: TestClient[];
  beforeEach(async () => {
    h = await startHealthHarness();
    tmp = makeTempDir();
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) await client.stop();
    await h.stop();
    tmp.cleanup();
  });

  async function signedIn(agent: { email: string; password: string }, name: string): Promise<TestClient> {
    const dataDir = join(tmp.dir, name);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: h.t.url, agent });
    clients.push(client);
    return client;
  }

  it('gives an admin the facts, a check now, and every change as a channel-health event', async () => {
    const { channel, credentials } = await h.channel('telegram');
    const admin = await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    expect((await admin.service.adminListChannelHealth()).map((x) => x.channelId)).toEqual([channel.id]);
    expect(await admin.service.adminGetChannelHealth(channel.id)).toMatchObject({ status: 'unknown' });

    h.fake.state.revokeCredential('telegram', String(credentials.botToken));
    const checked = await admin.service.adminCheckChannelHealth(channel.id);
    expect(checked).toMatchObject({ status: 'failing', reason: 'token-refused' });
    const event = await waitFor(
      () => admin.events.find((e) => e.type === 'channel-health' && e.health.status === 'failing'),
      5000,
      'a channel-health event',
    );
    expect(event).toMatchObject({
      health: { channelId: channel.id, token: { message: 'Telegram: 401 Unauthorized' } },
    });
  });

  it('lets an agent’s client know its channel is failing, and still know it offline', async () => {
    const { channel, credentials } = await h.channel('telegram');
    const aiko = await h.t.createAgent({ name: 'Aiko' });
    await h.t.linkAgent(channel.id, aiko.agent.id);
    await h.conversationOn(channel.id, '5551234');
    const agent = await signedIn(aiko, 'aiko');
    const row = await waitFor(
      async () => (await agent.service.listConversations({ view: 'all' })).rows[0],
      5000,
      'a row',
    );

    h.fake.state.revokeCredential('telegram', String(credentials.botToken));
    await h.checkNow(channel.id);
    const detail = await waitFor(
      async () => {
        const d = await agent.service.getConversation(row.conversation.id);
        return d.channel.health?.status === 'failing' ? d : undefined;
      },
      5000,
      'the failing channel in the agent’s cache',
    );
    expect(detail.channel.health).toMatchObject({ reason: 'token-refused' });
    // Only admins hear the facts.
    expect(agent.events.some((e) => e.type === 'channel-health')).toBe(false);
    await expect(agent.service.adminGetChannelHealth(channel.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await h.t.halt();
    await waitFor(async () => (await agent.service.getConnection()).status !== 'online', 5000, 'offline');
    const offline = await agent.service.getConversation(row.conversation.id);
    expect(offline.channel.health).toMatchObject({ status: 'failing', reason: 'token-refused' });
    await h.t.resume();
  });
});
