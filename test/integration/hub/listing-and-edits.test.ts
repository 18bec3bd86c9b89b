import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Conversation, Message } from '../../../src/shared/domain.js';
import { MediaUploadResponse, Page } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

const ConversationPage = Page(Conversation);
const MessagePage = Page(Message);
const MB = 1024 * 1024;

describe('hub behaviour agents rely on', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const conversationIdOf = async (messageId: string | undefined): Promise<string> =>
    (await t.hub.store.messages.findById(messageId ?? ''))?.message.conversationId ?? '';

  it('an attachment over the channel’s size limit is refused with ATTACHMENT_TOO_LARGE and shown as failed', async () => {
    const channel = await t.createChannel({ kind: 'wechat', linkAgentIds: [aiko.agent.id] });
    const conversationId = await conversationIdOf((await t.ingestText(channel.id, { from: 'openid-1' })).messageIds[0]);
    // WeChat voice messages may be at most 2 MB.
    const upload = await t.api('POST', '/api/media', {
      token: aiko.token,
      body: Buffer.alloc(2 * MB + 1),
      headers: { 'content-type': 'audio/mpeg', 'x-file-name': 'voice.mp3' },
    });
    const { mediaId } = MediaUploadResponse.parse(upload.body);
    const sock = await t.connect(aiko.token);
    const refused = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'attachment',
      attachments: [{ mediaId }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_TOO_LARGE' } });
    const shown = await sock.waitForEvent((e) => e.type === 'message.upsert' && e.message.direction === 'out');
    expect(shown).toMatchObject({ message: { state: 'failed', failureCode: 'ATTACHMENT_TOO_LARGE' } });
  });

  it('a customer’s Telegram edit and LINE unsend change the stored message and reach the agent', async () => {
    const telegram = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const line = await t.createChannel({ kind: 'line', linkAgentIds: [aiko.agent.id] });
    const sock = await t.connect(aiko.token);
    const [edited = ''] = (await t.ingestText(telegram.id, { from: 'tg1', text: 'helo', providerMessageId: '42' }))
      .messageIds;
    const [unsent = ''] = (await t.ingestText(line.id, { from: 'U1', text: 'secret', providerMessageId: 'L9' }))
      .messageIds;

    const at = t.clock.now();
    const result = await t.ingest(telegram.id, [{ type: 'edit', providerMessageId: '42', text: 'hello', at }]);
    expect(result.updatedMessageIds).toEqual([edited]);
    await t.ingest(line.id, [{ type: 'unsend', providerMessageId: 'L9', at }]);

    expect((await t.hub.store.messages.findById(edited))?.message).toMatchObject({
      text: 'hello',
      meta: { editedAt: at },
    });
    expect((await t.hub.store.messages.findById(unsent))?.message).toMatchObject({
      text: null,
      meta: { unsentAt: at },
    });
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.id === edited && e.message.text === 'hello',
    );
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.id === unsent && e.message.meta.unsentAt === at,
    );
  });

  it('the conversation list filters by status, assignee (or nobody) and channel, and pages without gaps', async () => {
    const ben = await t.createAgent({ name: 'Ben' });
    // No automatic assignment: the unassigned ones stay so (no queue gives them out as Aiko connects).
    const one = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id], settings: { autoAssign: false } });
    const two = await t.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoAssign: false } });
    const base = t.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1)
      ids.push(
        await conversationIdOf(
          (await t.ingestText(i < 3 ? one.id : two.id, { from: `c${i}`, at: base + i })).messageIds[0],
        ),
      );
    const sock = await t.connect(aiko.token);
    await sock.command('conversation.assign', { conversationId: ids[0], assigneeId: ben.agent.id });
    await sock.command('conversation.setStatus', { conversationId: ids[1], status: 'resolved' });
    const list = async (query: string): Promise<string[]> => {
      const res = await t.api('GET', `/api/conversations?${query}`, { token: aiko.token });
      return ConversationPage.parse(res.body).items.map((c) => c.id);
    };

    expect(await list('status=resolved')).toEqual([ids[1]]);
    expect(await list(`assigneeId=${ben.agent.id}`)).toEqual([ids[0]]);
    expect(await list('assigneeId=none')).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    expect(await list(`channelId=${two.id}`)).toEqual([ids[4], ids[3]]);
    expect(await list(`channelId=${one.id}&status=open`)).toEqual([ids[2], ids[0]]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = ConversationPage.parse(
        (await t.api('GET', `/api/conversations?${query}`, { token: aiko.token })).body,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([...ids].reverse());
  });

  it('a conversation’s messages page from newest to oldest', async () => {
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    const base = t.clock.now();
    const messageIds: string[] = [];
    for (let i = 0; i < 5; i += 1)
      messageIds.push(
        (await t.ingestText(channel.id, { from: 'c1', text: `m${i}`, at: base + i })).messageIds[0] ?? '',
      );
    const conversationId = await conversationIdOf(messageIds[0]);
    const texts: (string | null)[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 5; guard += 1) {
      const query: string = `limit=2${before === null ? '' : `&before=${before}`}`;
      const res = await t.api('GET', `/api/conversations/${conversationId}/messages?${query}`, { token: aiko.token });
      const page = MessagePage.parse(res.body);
      texts.push(...page.items.map((m) => m.text));
      before = page.nextCursor;
      if (before === null) break;
    }
    expect(texts).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
    const foreign = await t.api('GET', `/api/conversations/${conversationId}/messages?before=${randomUUID()}`, {
      token: aiko.token,
    });
    expect(foreign.status).toBe(400);
  });
});
