import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Template } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';

// The rules every template follows, on Twilio channels, whose templates the hub keeps itself (WhatsApp
// templates are Meta's: test/integration/channels/whatsapp-templates.test.ts).
describe('templates', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const create = (body: Record<string, unknown>) =>
    t.api('POST', '/api/templates', {
      token: t.adminToken,
      body: { name: 'welcome', language: 'ja', category: 'utility', placeholders: [], ...body },
    });

  it('a template body longer than 1,024 characters is refused with TEMPLATE_TOO_LONG', async () => {
    const channel = await t.createChannel({ kind: 'twilio' });
    const res = await create({ channelId: channel.id, body: 'あ'.repeat(1025) });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'TEMPLATE_TOO_LONG' } });
    expect((await create({ channelId: channel.id, body: 'あ'.repeat(1024) })).status).toBe(201);
  });

  it('every numbered placeholder needs exactly one merge field', async () => {
    const channel = await t.createChannel({ kind: 'twilio' });
    const missing = await create({
      channelId: channel.id,
      body: 'Hi {{1}}, ticket {{2}}',
      placeholders: ['contact.name'],
    });
    expect(missing.status).toBe(400);
    const gap = await create({
      channelId: channel.id,
      body: 'Hi {{1}} {{3}}',
      placeholders: ['contact.name', 'ticket.number'],
    });
    expect(gap.status).toBe(400);
    const ok = await create({
      channelId: channel.id,
      body: 'Hi {{1}}, ticket {{2}}',
      placeholders: ['contact.name', 'ticket.number'],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'pending' });
  });

  it('only admins manage templates, and only on channels that have them', async () => {
    const twilio = await t.createChannel({ kind: 'twilio' });
    const telegram = await t.createChannel({ kind: 'telegram' });
    const byAgent = await t.api('POST', '/api/templates', {
      token: aiko.token,
      body: { channelId: twilio.id, name: 'x', language: 'en', category: 'utility', body: 'x', placeholders: [] },
    });
    expect(byAgent.status).toBe(403);
    expect((await create({ channelId: telegram.id, body: 'hello' })).status).toBe(400);
    await create({ channelId: twilio.id, body: 'hello' });
    expect((await create({ channelId: twilio.id, body: 'hello again' })).status).toBe(409);
  });

  it('changing an approved template’s category sends it back for approval', async () => {
    const channel = await t.createChannel({ kind: 'twilio' });
    const { id } = Template.parse((await create({ channelId: channel.id, body: 'hello' })).body);
    const approved = await t.api('PATCH', `/api/templates/${id}`, {
      token: t.adminToken,
      body: { status: 'approved' },
    });
    expect(approved.body).toMatchObject({ status: 'approved' });
    const recategorised = await t.api('PATCH', `/api/templates/${id}`, {
      token: t.adminToken,
      body: { category: 'marketing', status: 'approved' },
    });
    expect(recategorised.body).toMatchObject({ status: 'pending', category: 'marketing' });
  });

  /** A Twilio template, approved by the admin once Twilio approved it. */
  const approvedLocal = async (channelId: string, draft: Record<string, unknown>): Promise<string> => {
    const { id } = Template.parse((await create({ channelId, ...draft })).body);
    await t.api('PATCH', `/api/templates/${id}`, { token: t.adminToken, body: { status: 'approved' } });
    return id;
  };

  it('a template needing a ticket number cannot be sent without auto-convert, and is filled in with it', async () => {
    const plain = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id], credits: 10 });
    const ticketed = await t.createChannel({
      kind: 'twilio',
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true },
    });
    const sock = await t.connect(aiko.token);
    const tryTemplate = async (channelId: string, from: string) => {
      const name = `ticket_${from.replace(/\W/g, '')}`;
      const draft = {
        name,
        body: '{{1}} 様 チケット番号 {{2}} ({{3}})',
        placeholders: ['contact.name', 'ticket.number', 'custom'] as const,
      };
      const id =
        channelId === plain.id
          ? (await approvedWhatsappTemplate(t.hub, channelId, { ...draft, placeholders: [...draft.placeholders] })).id
          : await approvedLocal(channelId, draft);
      const ingested = await t.ingestText(channelId, { from, name: '佐藤', text: '注文が届きません' });
      const message = await t.hub.store.messages.findById(ingested.messageIds[0] ?? '');
      const send = (params: string[]) =>
        sock.command('message.send', {
          clientId: randomUUID(),
          conversationId: message?.message.conversationId ?? '',
          kind: 'template',
          template: { templateId: id, params },
        });
      return { send };
    };

    const a = await tryTemplate(plain.id, '81901');
    expect(await a.send(['', '', 'x'])).toMatchObject({ ok: false, error: { code: 'TICKET_REQUIRED' } });

    const b = await tryTemplate(ticketed.id, 'whatsapp:+81902');
    expect(await b.send(['', '', ''])).toMatchObject({ ok: false, error: { code: 'TEMPLATE_PARAMS_MISSING' } });
    const sent = await b.send(['', '', '至急']);
    expect(sent).toMatchObject({ ok: true, data: { text: '佐藤 様 チケット番号 1 (至急)' } });
    expect(sent.ok && sent.data.meta.template?.params).toEqual(['佐藤', '1', '至急']);
  });

  it('a template that is not approved yet cannot be sent', async () => {
    const channel = await t.createChannel({ kind: 'twilio', linkAgentIds: [aiko.agent.id] });
    const { id } = Template.parse((await create({ channelId: channel.id, body: 'hello' })).body);
    const ingested = await t.ingestText(channel.id, { from: 'whatsapp:+8190' });
    const conversationId =
      (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
    const sock = await t.connect(aiko.token);
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'template',
      template: { templateId: id, params: [] },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'TEMPLATE_NOT_APPROVED' } });
  });
});
