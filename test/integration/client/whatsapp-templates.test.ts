/**
 * WhatsApp templates as the desktop app meets them: the admin console's
 * hub-call methods against a real hub and the fake Meta, and an agent's
 * client learning from the synced events that Meta approved a template.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { metaChannel } from '../../helpers/whatsapp-templates.js';

describe('WhatsApp templates in the desktop app', () => {
  let fake: FakeProvider;
  let hub: TestHub;
  let aiko: TestAgent;
  let tmp: ReturnType<typeof makeTempDir>;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    fake = await startFakeProvider();
    hub = await startHub({ extensions: [createProviderExtension({ templateRefreshTickMs: 50 })] });
    aiko = await hub.createAgent({ name: 'Aiko' });
    tmp = makeTempDir();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    await fake.close();
    tmp.cleanup();
  });

  async function signedIn(agent: { email: string; password: string }, name: string): Promise<TestClient> {
    const dataDir = join(tmp.dir, name);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  }

  it('an admin submits, syncs, changes and deletes templates from the console; an agent is refused', async () => {
    const { channel, meta, wabaId } = await metaChannel(hub, fake, { linkAgentIds: [aiko.agent.id] });
    const admin = await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    const agent = await signedIn(aiko, 'aiko');

    const created = await admin.service.adminCreateTemplate({
      channelId: channel.id,
      name: 'welcome_back',
      language: 'ja',
      category: 'utility',
      body: '{{1}} 様、またのご利用ありがとうございます。',
      placeholders: ['contact.name'],
      footer: 'Switchboard',
      buttons: [{ type: 'quick_reply', text: 'ありがとう' }],
    });
    expect(created).toMatchObject({ status: 'pending', footer: 'Switchboard' });
    meta.seed(wabaId, { name: 'made_in_manager', language: 'ja', components: [{ type: 'BODY', text: 'こんにちは' }] });
    const result = await admin.service.adminSyncTemplates(channel.id);
    expect(result).toMatchObject({ added: 1, state: { status: 'ok', templateCount: 2 } });
    expect((await admin.service.adminListTemplates(channel.id)).map((t) => t.name)).toEqual([
      'made_in_manager',
      'welcome_back',
    ]);
    expect(await admin.service.adminTemplateSyncState(channel.id)).toMatchObject({ status: 'ok', error: null });

    const remapped = await admin.service.adminUpdateTemplate(created.id, { placeholders: ['custom'] });
    expect(remapped.placeholders).toEqual(['custom']);
    // While Meta reviews it, a new wording is refused with the reason.
    const inReview = await callApi(admin.service, 'adminUpdateTemplate', [created.id, { body: '{{1}} 様' }]);
    expect(inReview).toMatchObject({ ok: false, error: { code: 'TEMPLATE_IN_REVIEW' } });
    expect(await admin.service.adminDeleteTemplate(created.id)).toMatchObject({ status: 'deleted' });

    expect(await callApi(agent.service, 'adminSyncTemplates', [channel.id])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('Meta’s approval reaches a linked agent’s cache, and the app is told to offer the template', async () => {
    const { channel, meta } = await metaChannel(hub, fake, { linkAgentIds: [aiko.agent.id] });
    const agent = await signedIn(aiko, 'aiko');
    const submitted = await hub.api('POST', '/api/templates', {
      token: hub.adminToken,
      body: {
        channelId: channel.id,
        name: 'order_ready',
        language: 'en',
        category: 'utility',
        body: 'Hi {{1}}, your order is ready.',
        placeholders: ['contact.name'],
      },
    });
    expect(submitted.status).toBe(201);
    const providerId = String((submitted.body as { providerTemplateId: string }).providerTemplateId);
    await waitFor(async () => (await agent.service.listTemplates(channel.id)).length === 1, 10_000, 'the pending one');
    expect((await agent.service.listTemplates(channel.id))[0]?.status).toBe('pending');

    const seen = agent.events.length;
    await meta.decide(providerId, 'APPROVED');
    const approved = await waitFor(
      async () => (await agent.service.listTemplates(channel.id)).find((t) => t.status === 'approved'),
      10_000,
      'the approval in the cache',
    );
    expect(approved).toMatchObject({ name: 'order_ready', body: 'Hi {{1}}, your order is ready.' });
    expect(agent.events.slice(seen)).toContainEqual(
      expect.objectContaining({ type: 'changes', templateChannelIds: [channel.id] }),
    );
  });
});
