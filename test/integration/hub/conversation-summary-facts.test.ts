/**
 * What a conversation tells clients beyond its preview text (issue 13 §1): which kind a wordless
 * preview stands for (lastMessageLabel, hub migration 0011) and the last credit charge that makes
 * follow-up templates free (lastChargedAt, the rule in src/shared/template-charge.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';

const DAY = 24 * 60 * 60 * 1000;

describe('conversation summary facts', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const conversationOf = async (messageId: string): Promise<Conversation> => {
    const id = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
    const record = await t.hub.store.conversations.findById(id);
    if (!record) throw new Error('no conversation');
    return record.conversation;
  };

  it('labels a wordless preview with its kind (an event with its name) and clears the label for words', async () => {
    const channel = await t.createChannel({ kind: 'line', linkAgentIds: [aiko.agent.id] });
    const from = 'U4af4a1b2c3d4e5f60718293a4b5c6d7e';
    const photo = (await t.ingestText(channel.id, { from, kind: 'image', text: null })).messageIds[0] ?? '';
    expect(await conversationOf(photo)).toMatchObject({
      lastMessagePreview: '[Image]',
      lastMessageLabel: { kind: 'image' },
    });
    const follow = (
      await t.ingestText(channel.id, {
        from,
        kind: 'event',
        text: null,
        meta: { event: { name: 'follow' } },
      })
    ).messageIds[0];
    expect(await conversationOf(follow ?? '')).toMatchObject({
      lastMessagePreview: '[Event: follow]',
      lastMessageLabel: { kind: 'event', event: 'follow' },
    });
    const words = (await t.ingestText(channel.id, { from, text: 'Hello' })).messageIds[0] ?? '';
    expect(await conversationOf(words)).toMatchObject({ lastMessagePreview: 'Hello', lastMessageLabel: null });
  });

  it('carries the time of the last charge, which a free follow-up inside 24 h does not move', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id], credits: 5 });
    const first =
      (await t.ingestText(channel.id, { from: '819012345678', at: t.clock.now() - 2 * DAY })).messageIds[0] ?? '';
    const conversationId = (await conversationOf(first)).id;
    expect((await conversationOf(first)).lastChargedAt).toBeNull();
    const { id: templateId } = await approvedWhatsappTemplate(t.hub, channel.id, { name: 'hello', body: 'Hello' });
    const sock = await t.connect(aiko.token);
    const send = () =>
      sock.command('message.send', {
        clientId: randomUUID(),
        conversationId,
        kind: 'template',
        text: null,
        attachments: [],
        template: { templateId, params: [] },
        replyToMessageId: null,
      });
    expect((await send()).ok).toBe(true);
    const chargedAt = (await conversationOf(first)).lastChargedAt;
    expect(chargedAt).toBeGreaterThan(t.clock.now() - 60_000);
    t.clock.advance(60_000);
    expect((await send()).ok).toBe(true);
    expect((await conversationOf(first)).lastChargedAt).toBe(chargedAt);

    // The provider fails the charged template before delivery: refunded, so the conversation is unpaid again.
    const charged = (await t.hub.store.credits.chargesSince(conversationId, 0))[0]?.messageId ?? '';
    await t.hub.services.outbound.updateDelivery(charged, { state: 'sent', providerMessageId: 'wamid.R1' });
    await t.ingest(channel.id, [
      { type: 'status', providerMessageId: 'wamid.R1', state: 'failed', errorCode: null, providerError: 'x', at: 1 },
    ]);
    expect((await conversationOf(first)).lastChargedAt).toBeNull();
    await sock.waitForEvent(
      (e) =>
        e.type === 'conversation.upsert' &&
        e.conversation.id === conversationId &&
        e.conversation.lastChargedAt === null,
    );
    sock.close();
  });
});
