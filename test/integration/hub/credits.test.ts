import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Channel, DEFAULT_CREDIT_COSTS, Message, type TemplateCategory } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';

const DAY = 24 * 60 * 60 * 1000;
const LedgerPage = z.object({
  items: z.array(z.object({ delta: z.number(), reason: z.string(), messageId: z.string().nullable() })),
});

describe('WhatsApp credits', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let sock: TestSocket;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A WhatsApp channel with `credits`, a customer who last wrote two days ago, and approved templates. */
  async function setUp(credits: number) {
    const channel = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id], credits });
    const ingested = await t.ingestText(channel.id, { from: '819012345678', at: t.clock.now() - 2 * DAY });
    const first = ingested.messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(first))?.message.conversationId ?? '';
    // Meta approved them (a sync from the WhatsApp Business Account stores them so).
    const template = async (category: TemplateCategory): Promise<string> =>
      (await approvedWhatsappTemplate(t.hub, channel.id, { name: `t_${category}`, category, body: 'Hello' })).id;
    const templates = { marketing: await template('marketing'), utility: await template('utility') };
    sock = await t.connect(aiko.token);
    return { channel, conversationId, templates };
  }

  const sendTemplate = (conversationId: string, templateId: string) =>
    sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'template',
      template: { templateId, params: [] },
    });
  const balanceOf = async (channelId: string): Promise<number | undefined> =>
    (await t.hub.store.channels.findById(channelId))?.credits?.balance;

  it('clients see what a conversation costs per template category', async () => {
    const { channel } = await setUp(5);
    const res = await t.api('GET', `/api/channels/${channel.id}`, { token: aiko.token });
    expect(Channel.parse(res.body).credits?.costs).toEqual(DEFAULT_CREDIT_COSTS);
  });

  it('a template costing more than the balance is refused with CREDITS_EXHAUSTED even though credits remain', async () => {
    const { channel, conversationId, templates } = await setUp(DEFAULT_CREDIT_COSTS.marketing - 1);
    const refused = await sendTemplate(conversationId, templates.marketing);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CREDITS_EXHAUSTED' } });
    expect(await balanceOf(channel.id)).toBe(DEFAULT_CREDIT_COSTS.marketing - 1);
    const cheaper = await sendTemplate(conversationId, templates.utility);
    expect(cheaper.ok).toBe(true);
    expect(await balanceOf(channel.id)).toBe(DEFAULT_CREDIT_COSTS.marketing - 1 - DEFAULT_CREDIT_COSTS.utility);
  });

  it('a second template inside the paid 24 hour conversation costs nothing; after 24 hours it is charged again', async () => {
    const { channel, conversationId, templates } = await setUp(20);
    expect((await sendTemplate(conversationId, templates.marketing)).ok).toBe(true);
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.marketing);
    t.clock.advance(DAY - 60_000);
    expect((await sendTemplate(conversationId, templates.marketing)).ok).toBe(true);
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.marketing);
    t.clock.advance(2 * 60_000);
    expect((await sendTemplate(conversationId, templates.utility)).ok).toBe(true);
    expect(await balanceOf(channel.id)).toBe(20 - DEFAULT_CREDIT_COSTS.marketing - DEFAULT_CREDIT_COSTS.utility);
  });

  it('a template the provider fails before delivery gives its credits back, once, and agents see the new balance', async () => {
    const { channel, conversationId, templates } = await setUp(10);
    const ack = await sendTemplate(conversationId, templates.marketing);
    const message = Message.parse(ack.ok ? ack.data : null);
    expect(await balanceOf(channel.id)).toBe(10 - DEFAULT_CREDIT_COSTS.marketing);

    await t.hub.services.outbound.updateDelivery(message.id, { state: 'sent', providerMessageId: 'wamid.T1' });
    await t.ingest(channel.id, [
      { type: 'status', providerMessageId: 'wamid.T1', state: 'failed', errorCode: null, providerError: 'x', at: 1 },
    ]);
    expect((await t.hub.store.messages.findById(message.id))?.message.state).toBe('failed');
    expect(await balanceOf(channel.id)).toBe(10);
    await sock.waitForEvent((e) => e.type === 'channel.upsert' && e.channel.credits?.balance === 10);
    await t.ingest(channel.id, [
      { type: 'status', providerMessageId: 'wamid.T1', state: 'failed', errorCode: null, providerError: 'x', at: 2 },
    ]);
    expect(await balanceOf(channel.id)).toBe(10);

    const ledger = LedgerPage.parse(
      (await t.api('GET', `/api/channels/${channel.id}/credits/ledger`, { token: aiko.token })).body,
    );
    expect(ledger.items.filter((e) => e.messageId === message.id).map((e) => [e.reason, e.delta])).toEqual([
      ['refund', DEFAULT_CREDIT_COSTS.marketing],
      ['conversation:marketing', -DEFAULT_CREDIT_COSTS.marketing],
    ]);
    // The refunded charge no longer opens a paid window: the next template is charged.
    expect((await sendTemplate(conversationId, templates.utility)).ok).toBe(true);
    expect(await balanceOf(channel.id)).toBe(10 - DEFAULT_CREDIT_COSTS.utility);
  });

  it('a template the provider refuses outright is refunded too', async () => {
    const { channel, conversationId, templates } = await setUp(10);
    const ack = await sendTemplate(conversationId, templates.utility);
    const message = Message.parse(ack.ok ? ack.data : null);
    expect(await balanceOf(channel.id)).toBe(10 - DEFAULT_CREDIT_COSTS.utility);
    await t.hub.services.outbound.updateDelivery(message.id, {
      state: 'failed',
      failureCode: 'PROVIDER_NOT_ON_WHATSAPP',
    });
    expect(await balanceOf(channel.id)).toBe(10);
  });

  it('a template that failed after it was delivered keeps its charge', async () => {
    const { channel, conversationId, templates } = await setUp(10);
    const ack = await sendTemplate(conversationId, templates.utility);
    const message = Message.parse(ack.ok ? ack.data : null);
    await t.hub.services.outbound.updateDelivery(message.id, { state: 'sent', providerMessageId: 'wamid.T2' });
    await t.hub.services.outbound.updateDelivery(message.id, { state: 'delivered' });
    await t.hub.services.outbound.updateDelivery(message.id, { state: 'failed', failureCode: 'PROVIDER_REJECTED' });
    expect(await balanceOf(channel.id)).toBe(10 - DEFAULT_CREDIT_COSTS.utility);
  });

  it('agents linked to a channel read its spending ledger; other agents are refused', async () => {
    const { channel } = await setUp(4);
    const outsider = await t.createAgent({ name: 'Dan' });
    const mine = await t.api('GET', `/api/channels/${channel.id}/credits/ledger`, { token: aiko.token });
    expect(mine.status).toBe(200);
    expect(LedgerPage.parse(mine.body).items).toMatchObject([{ reason: 'top-up', delta: 4 }]);
    const theirs = await t.api('GET', `/api/channels/${channel.id}/credits/ledger`, { token: outsider.token });
    expect(theirs.status).toBe(403);
  });
});
