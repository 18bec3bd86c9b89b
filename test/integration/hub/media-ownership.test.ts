/**
 * An upload belongs to the agent who uploaded it until it is used: only they
 * can attach it to a message or download it by its media id. Once attached,
 * the message's attachment is visible to whoever sees the message.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

describe('upload ownership', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
  let aikoChannel: string;
  let benChannel: string;

  const conversationOn = async (channelId: string, from: string): Promise<string> => {
    const id = (await t.ingestText(channelId, { from, text: 'hello' })).messageIds[0] ?? '';
    const record = await t.hub.store.messages.findById(id);
    if (!record) throw new Error('no message ingested');
    return record.message.conversationId;
  };
  const uploadAs = async (agent: TestAgent, bytes: Buffer): Promise<string> => {
    const res = await t.api('POST', '/api/media', {
      token: agent.token,
      body: bytes,
      headers: { 'content-type': 'image/png', 'x-file-name': 'receipt.png' },
    });
    expect(res.status).toBe(201);
    return MediaUploadResponse.parse(res.body).mediaId;
  };

  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    ben = await t.createAgent({ name: 'Ben' });
    aikoChannel = (await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] })).id;
    benChannel = (await t.createChannel({ kind: 'telegram', linkAgentIds: [ben.agent.id] })).id;
  });
  afterEach(async () => {
    await t.stop();
  });

  it('another agent cannot attach or download an upload: it is NOT_FOUND for them, like a missing id', async () => {
    const secret = Buffer.from('89504e470d0a1a0a aiko-only', 'utf8');
    const mediaId = await uploadAs(aiko, secret);
    const benSocket = await t.connect(ben.token);
    const benConversation = await conversationOn(benChannel, 'ben-customer');

    for (const id of [mediaId, randomUUID()]) {
      const ack = await benSocket.command('message.send', {
        clientId: randomUUID(),
        conversationId: benConversation,
        kind: 'attachment',
        attachments: [{ mediaId: id }],
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect((await t.hub.store.messages.page(benConversation, null, 10)).filter((m) => m.direction === 'out')).toEqual(
      [],
    );

    const benDownload = await t.api('GET', `/api/attachments/${mediaId}`, { token: ben.token });
    expect(benDownload.status).toBe(404);
    expect(benDownload.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(benDownload.body)).not.toContain('aiko-only');
    const adminDownload = await t.api('GET', `/api/attachments/${mediaId}`, { token: t.adminToken });
    expect(adminDownload.status).toBe(404);
  });

  it('the uploader can download an unused upload, and once attached the message’s agents can download it', async () => {
    const bytes = Buffer.from('89504e470d0a1a0a receipt', 'utf8');
    const mediaId = await uploadAs(aiko, bytes);
    const own = await t.api('GET', `/api/attachments/${mediaId}`, { token: aiko.token });
    expect(own.status).toBe(200);
    expect(own.body).toBe(bytes.toString('utf8'));

    const chie = await t.createAgent({ name: 'Chie' });
    await t.linkAgent(aikoChannel, chie.agent.id);
    const aikoSocket = await t.connect(aiko.token);
    const ack = await aikoSocket.command('message.send', {
      clientId: randomUUID(),
      conversationId: await conversationOn(aikoChannel, 'aiko-customer'),
      kind: 'attachment',
      attachments: [{ mediaId }],
    });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const attachmentId = ack.data.attachments[0]?.id ?? '';

    const colleague = await t.api('GET', `/api/attachments/${attachmentId}`, { token: chie.token });
    expect(colleague.status).toBe(200);
    expect(colleague.body).toBe(bytes.toString('utf8'));
    // The media id itself stays the uploader's: the colleague reads the message's attachment, not the upload.
    expect((await t.api('GET', `/api/attachments/${mediaId}`, { token: chie.token })).status).toBe(404);
    expect((await t.api('GET', `/api/attachments/${attachmentId}`, { token: ben.token })).status).toBe(403);
  });
});
