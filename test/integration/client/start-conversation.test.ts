/**
 * Writing first from the desktop client (startConversation, a hub call): the real client core signs in
 * to a real hub, starts a WhatsApp conversation with a template to a number typed the Japanese way, and
 * the new contact, conversation and message reach its cache through sync — so the renderer can open it,
 * offline too. A refusal keeps the hub's code and stores nothing in the cache.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';

describe('starting a conversation from the client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let client: TestClient | null;
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    client = null;
  });
  afterEach(async () => {
    await client?.stop();
    await hub.stop();
    tmp.cleanup();
  });

  it('the conversation, contact and first template arrive in the cache and open like any other', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko' });
    const channel = await hub.createChannel({
      kind: 'whatsapp',
      settings: { country: 'JP' },
      linkAgentIds: [aiko.agent.id],
      credits: 5,
    });
    const template = await approvedWhatsappTemplate(hub.hub, channel.id, {
      name: 'welcome_back',
      body: 'Welcome back, {{1}}.',
      placeholders: ['custom'],
    });
    const dir = join(tmp.dir, 'aiko');
    mkdirSync(dir);
    client = await startSignedInClient({ dataDir: dir, hubUrl: hub.url, agent: aiko });
    const service = client.service;

    const result = await service.startConversation({
      clientId: randomUUID(),
      channelId: channel.id,
      to: { phone: '080-1111-2222' },
      kind: 'template',
      template: { templateId: template.id, params: ['Mori-san'] },
    });
    expect(result.contact.identity.externalId).toBe('818011112222');
    const detail = await waitFor(
      async () => service.getConversation(result.conversation.id).catch(() => undefined),
      10_000,
      'the conversation in the cache',
    );
    expect(detail.row.contact.name).toBe('+818011112222');
    expect(detail.row.conversation.assigneeId).toBe(aiko.agent.id);
    const page = await waitFor(
      async () => {
        const messages = await service.listMessages({ conversationId: result.conversation.id });
        return messages.messages.length > 0 ? messages : undefined;
      },
      10_000,
      'the template in the cache',
    );
    expect(page.messages[0]).toMatchObject({ kind: 'template', text: 'Welcome back, Mori-san.' });

    const refused = await callApi(service, 'startConversation', [
      { clientId: randomUUID(), channelId: channel.id, to: { phone: '080-1111' }, kind: 'text', text: 'hi' },
    ]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PHONE_NUMBER_INVALID' } });
  });
});
