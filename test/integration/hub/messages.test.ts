import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../src/shared/channel-rules.js';
import { Message, type MergeField, type Template, type TemplateCategory } from '../../../src/shared/domain.js';
import { ErrorBody } from '../../../src/shared/errors.js';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import type { IngestResult } from '../../../src/hub/services/inbound.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';
import { approvedWhatsappTemplate } from '../../helpers/whatsapp-templates.js';

async function conversationOf(t: TestHub, result: IngestResult): Promise<string> {
  const id = result.messageIds[0];
  const record = id === undefined ? null : await t.hub.store.messages.findById(id);
  if (!record) throw new Error('no message ingested');
  return record.message.conversationId;
}

async function outboundOf(t: TestHub, conversationId: string): Promise<Message[]> {
  return (await t.hub.store.messages.page(conversationId, null, 100)).filter((m) => m.direction === 'out');
}

/** An approved WhatsApp template, as a sync from Meta stores it (Meta approves WhatsApp templates). */
function approvedTemplate(
  t: TestHub,
  channelId: string,
  over: { body: string; placeholders: MergeField[]; category?: TemplateCategory },
): Promise<Template> {
  return approvedWhatsappTemplate(t.hub, channelId, { name: 'order_update', ...over });
}

describe('sending messages', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let sock: TestSocket;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    sock = await t.connect(aiko.token);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('the same client id sent twice yields one message, and the retry returns the first result', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1', text: 'hi' }));
    const dispatched: string[] = [];
    t.hub.services.setDispatcher({ dispatch: (id) => void dispatched.push(id) });
    const request = { clientId: randomUUID(), conversationId, kind: 'text', text: 'ご連絡ありがとうございます' };
    const first = await sock.command('message.send', request);
    const second = await sock.command('message.send', request);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.data).toEqual(first.data);
    expect(first.data.state).toBe('queued');
    expect(await outboundOf(t, conversationId)).toHaveLength(1);
    expect(dispatched).toEqual([first.data.id]);
  });

  it('malformed socket payloads are refused with VALIDATION_FAILED and nothing is stored', async () => {
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const seq = await t.hub.store.events.latestSeq();
    const bad: unknown[] = [
      undefined,
      'just a string',
      {},
      { clientId: 'not-a-uuid', conversationId, kind: 'text', text: 'x' },
      { clientId: randomUUID(), conversationId, kind: 'text', text: '   ' },
      { clientId: randomUUID(), conversationId, kind: 'shout', text: 'x' },
      { clientId: randomUUID(), conversationId, kind: 'text', text: 'x'.repeat(5000) },
    ];
    for (const payload of bad) {
      const ack = await sock.command('message.send', payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    for (const [name, payload] of [
      ['conversation.assign', { conversationId }],
      ['conversation.setStatus', { conversationId, status: 'closed' }],
      ['sync', { after: -1 }],
      ['conversation.markRead', { conversationId, readAt: 'now' }],
    ] as const) {
      expect(await sock.command(name, payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
    expect(await outboundOf(t, conversationId)).toHaveLength(0);
  });

  it('malformed HTTP bodies get 400 in the error shape and create nothing', async () => {
    const seq = await t.hub.store.events.latestSeq();
    const badJson = await t.api('POST', '/api/agents', { token: t.adminToken, body: '{"email": ' });
    expect(badJson.status).toBe(400);
    expect(z.object({ error: ErrorBody }).parse(badJson.body).error.code).toBe('VALIDATION_FAILED');
    const badAgent = await t.api('POST', '/api/agents', {
      token: t.adminToken,
      body: { email: 'x@example.com', name: 'X', password: 'short' },
    });
    expect(badAgent.status).toBe(400);
    const badChannel = await t.api('POST', '/api/channels', {
      token: t.adminToken,
      body: { kind: 'fax', name: 'Fax', credentials: {} },
    });
    expect(badChannel.status).toBe(400);
    const badQuery = await t.api('GET', '/api/conversations?limit=99999', { token: t.adminToken });
    expect(badQuery.status).toBe(400);
    const badCursor = await t.api('GET', '/api/conversations?cursor=nonsense', { token: t.adminToken });
    expect(badCursor.status).toBe(400);
    expect(await t.hub.store.events.latestSeq()).toBe(seq);
    expect(await t.hub.store.agents.count()).toBe(2);
  });

  it('outside the WhatsApp 24-hour window free text is refused and kept as failed, an approved template goes out and spends credits', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id], credits: 5 });
    const at = t.clock.now() - 25 * HOUR_MS;
    const conversationId = await conversationOf(
      t,
      await t.ingestText(channel.id, { from: '819012345678', name: '田中', at }),
    );
    const refused = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'text',
      text: 'hello?',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_WINDOW_CLOSED' } });
    const stored = await outboundOf(t, conversationId);
    expect(stored).toMatchObject([{ state: 'failed', failureCode: 'SESSION_WINDOW_CLOSED', text: 'hello?' }]);
    expect(stored[0]?.failureReason).toMatch(/window/);

    const template = await approvedTemplate(t, channel.id, {
      body: '{{1}} 様、ご注文の件でご連絡しました。',
      placeholders: ['contact.name'],
    });
    const sent = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'template',
      template: { templateId: template.id, params: [] },
    });
    expect(sent).toMatchObject({
      ok: true,
      data: { state: 'queued', kind: 'template', text: '田中 様、ご注文の件でご連絡しました。' },
    });
    expect((await t.hub.store.channels.findById(channel.id))?.credits?.balance).toBe(4);
    await sock.waitForEvent((e) => e.type === 'channel.upsert' && e.channel.credits?.balance === 4);
  });

  it('WeChat allows nothing 48 hours after the customer’s last message', async () => {
    const channel = await t.createChannel({ kind: 'wechat', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(
      t,
      await t.ingestText(channel.id, { from: 'openid-1', at: t.clock.now() - 49 * HOUR_MS }),
    );
    const ack = await sock.command('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text: 'x' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'SESSION_WINDOW_CLOSED_NO_SEND' } });
    t.clock.advance(0);
    const fresh = await conversationOf(t, await t.ingestText(channel.id, { from: 'openid-2' }));
    expect(
      await sock.command('message.send', { clientId: randomUUID(), conversationId: fresh, kind: 'text', text: 'x' }),
    ).toMatchObject({ ok: true });
  });

  it('without credits a business-initiated template is refused, and credits cannot be bought while a cancellation is scheduled', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(
      t,
      await t.ingestText(channel.id, { from: '8190', at: t.clock.now() - 30 * HOUR_MS }),
    );
    const template = await approvedTemplate(t, channel.id, {
      category: 'marketing',
      body: 'セールのお知らせ',
      placeholders: [],
    });
    const send = { conversationId, kind: 'template', template: { templateId: template.id, params: [] } };
    expect(await sock.command('message.send', { ...send, clientId: randomUUID() })).toMatchObject({
      ok: false,
      error: { code: 'CREDITS_EXHAUSTED' },
    });

    const cancel = await t.api('PUT', `/api/channels/${channel.id}/credits/cancellation`, {
      token: t.adminToken,
      body: { scheduled: true },
    });
    expect(cancel.status).toBe(200);
    const topUp = await t.api('POST', `/api/channels/${channel.id}/credits/top-up`, {
      token: t.adminToken,
      body: { amount: 10 },
    });
    expect(topUp.status).toBe(409);
    expect(topUp.body).toMatchObject({ error: { code: 'CANCELLATION_SCHEDULED' } });
    await t.api('PUT', `/api/channels/${channel.id}/credits/cancellation`, {
      token: t.adminToken,
      body: { scheduled: false },
    });
    expect(
      (await t.api('POST', `/api/channels/${channel.id}/credits/top-up`, { token: t.adminToken, body: { amount: 10 } }))
        .status,
    ).toBe(200);
    expect(await sock.command('message.send', { ...send, clientId: randomUUID() })).toMatchObject({ ok: true });
    expect((await t.hub.store.channels.findById(channel.id))?.credits?.balance).toBe(7);
    const agentTopUp = await t.api('POST', `/api/channels/${channel.id}/credits/top-up`, {
      token: aiko.token,
      body: { amount: 10 },
    });
    expect(agentTopUp.status).toBe(403);
  });

  it('an uploaded file goes out as an attachment and only agents who see the conversation can download it', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const upload = await t.api('POST', '/api/media', {
      token: aiko.token,
      body: png,
      headers: { 'content-type': 'image/png', 'x-file-name': encodeURIComponent('写真.png') },
    });
    expect(upload.status).toBe(201);
    const { mediaId } = MediaUploadResponse.parse(upload.body);
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'attachment',
      attachments: [{ mediaId }],
    });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    expect(ack.data).toMatchObject({
      kind: 'image',
      attachments: [{ status: 'ready', fileName: '写真.png', mimeType: 'image/png' }],
    });
    const attachmentId = ack.data.attachments[0]?.id ?? '';

    const download = await t.api('GET', `/api/attachments/${attachmentId}`, { token: aiko.token });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''%E5%86%99%E7%9C%9F.png");
    const outsider = await t.createAgent();
    expect((await t.api('GET', `/api/attachments/${attachmentId}`, { token: outsider.token })).status).toBe(403);
    expect((await t.api('GET', `/api/attachments/${attachmentId}`)).status).toBe(401);
    expect((await t.api('GET', `/api/attachments/nope`, { token: aiko.token })).status).toBe(404);
  });

  it('a file type the channel does not accept is refused with a clear code and kept as failed', async () => {
    const channel = await t.createChannel({ kind: 'line', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(t, await t.ingestText(channel.id, { from: 'U1' }));
    const upload = await t.api('POST', '/api/media', {
      token: aiko.token,
      body: Buffer.from('%PDF-1.4'),
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'invoice.pdf' },
    });
    const { mediaId } = MediaUploadResponse.parse(upload.body);
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'attachment',
      attachments: [{ mediaId }],
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TYPE_NOT_ALLOWED' } });
    expect(await outboundOf(t, conversationId)).toMatchObject([
      { state: 'failed', failureCode: 'ATTACHMENT_TYPE_NOT_ALLOWED' },
    ]);
  });

  it('delivery receipts only move a message forward: a late “delivered” never replaces “read”', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationOf(t, await t.ingestText(channel.id, { from: 'c1' }));
    const ack = await sock.command('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text: 'x' });
    if (!ack.ok) throw new Error('send failed');
    const { outbound } = t.hub.services;
    await outbound.updateDelivery(ack.data.id, { state: 'sent', providerMessageId: 'p-1' });
    await t.ingest(channel.id, [
      { type: 'status', providerMessageId: 'p-1', state: 'read', errorCode: null, providerError: null, at: 1 },
    ]);
    await t.ingest(channel.id, [
      { type: 'status', providerMessageId: 'p-1', state: 'delivered', errorCode: null, providerError: null, at: 2 },
    ]);
    expect((await t.hub.store.messages.findById(ack.data.id))?.message.state).toBe('read');
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.id === ack.data.id && e.message.state === 'read',
    );
  });
});
