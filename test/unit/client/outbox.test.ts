import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/shared/domain.js';
import { AppError } from '../../../src/shared/errors.js';
import type { CommandRequest } from '../../../src/shared/protocol.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { silentLogger } from '../../../src/main/core/logger.js';
import { Outbox, type OutboxLink } from '../../../src/main/core/outbox/outbox.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

/** A hub link that answers message.send as told. */
class FakeLink implements OutboxLink {
  isOnline = true;
  sent: CommandRequest<'message.send'>[] = [];
  failWith: AppError | null = null;

  async sendMessage(request: CommandRequest<'message.send'>): Promise<Message> {
    this.sent.push(request);
    if (this.failWith) throw this.failWith;
    return makeMessage({
      id: `hub-${request.clientId}`,
      conversationId: request.conversationId,
      direction: 'out',
      text: request.text ?? null,
      clientId: request.clientId,
      senderAgentId: 'me',
      state: 'queued',
    });
  }
}

const pdf = { fileName: 'invoice.pdf', mimeType: 'application/pdf', data: new TextEncoder().encode('%PDF') };

describe('outbox', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let link: FakeLink;
  let uploads: string[];
  let outbox: Outbox;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    new EventApplier(cache).applyEvents(
      numberEvents([
        { type: 'channel.upsert', channel: makeChannel({ id: 'tg', linkedAgentIds: ['me'] }, 'telegram') },
        { type: 'channel.upsert', channel: makeChannel({ id: 'line', linkedAgentIds: ['me'] }, 'line') },
        { type: 'contact.upsert', contact: makeContact({ id: 'k', channelId: 'tg' }) },
        {
          type: 'conversation.upsert',
          conversation: makeConversation({ id: 'c1', channelId: 'tg', contactId: 'k', assigneeId: 'me' }),
        },
        {
          type: 'conversation.upsert',
          conversation: makeConversation({ id: 'c2', channelId: 'line', contactId: 'k', assigneeId: 'me' }),
        },
      ]),
    );
    link = new FakeLink();
    uploads = [];
    outbox = new Outbox({
      cache,
      now: () => T0,
      logger: silentLogger,
      link,
      upload: async (file) => {
        uploads.push(file.fileName);
        return `media-${uploads.length}`;
      },
      onChanged: () => undefined,
    });
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('uploads an attachment once even when sending it has to be tried again', async () => {
    link.isOnline = true;
    link.failWith = new AppError('OFFLINE');
    const queued = outbox.enqueue({
      conversationId: 'c1',
      kind: 'attachment',
      text: null,
      files: [pdf],
      template: null,
      replyToMessageId: null,
    });
    await outbox.flush();
    expect(cache.outbox.get(queued.id)?.state).toBe('queued');
    link.failWith = null;
    await outbox.flush();
    expect(uploads).toEqual(['invoice.pdf']);
    expect(link.sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(link.sent.map((s) => JSON.stringify(s.attachments)))).toEqual(new Set(['[{"mediaId":"media-1"}]']));
    expect(link.sent.every((s) => s.clientId === queued.id)).toBe(true);
    expect(cache.outbox.get(queued.id)).toBeNull();
    expect(cache.read.message(`hub-${queued.id}`)?.clientId).toBe(queued.id);
  });

  it('marks a reply failed with the hub’s code and reason, and sends it when retried', async () => {
    link.failWith = new AppError('FORBIDDEN', 'You may not write here.');
    const queued = outbox.enqueue({
      conversationId: 'c1',
      kind: 'text',
      text: 'hi',
      files: [],
      template: null,
      replyToMessageId: null,
    });
    await outbox.flush();
    const failed = outbox.messagesFor('c1')[0];
    expect(failed?.outbox).toMatchObject({
      state: 'failed',
      reasonCode: 'FORBIDDEN',
      reason: 'You may not write here.',
    });
    expect(failed?.state).toBe('failed');
    link.failWith = null;
    outbox.retry(queued.id);
    await outbox.flush();
    expect(outbox.messagesFor('c1')).toEqual([]);
    expect(link.sent).toHaveLength(2);
  });

  it('retries a reply the hub stored as failed as a new reply with the same words', async () => {
    const clientId = '0190f5a0-0000-7000-8000-00000000000a';
    new EventApplier(cache).applyEvents(
      numberEvents(
        [
          {
            type: 'message.upsert',
            message: makeMessage({
              id: 'mf',
              conversationId: 'c1',
              direction: 'out',
              text: 'late reply',
              clientId,
              senderAgentId: 'me',
              state: 'failed',
              failureCode: 'PROVIDER_BLOCKED',
            }),
          },
        ],
        100,
      ),
    );
    const again = outbox.retry(clientId);
    expect(again.id).not.toBe(clientId);
    expect(again.text).toBe('late reply');
    await outbox.flush();
    expect(link.sent.map((s) => [s.text, s.clientId === clientId])).toEqual([['late reply', false]]);
  });

  it('refuses a file type the channel does not accept before anything is queued', () => {
    expect(() =>
      outbox.enqueue({
        conversationId: 'c2',
        kind: 'attachment',
        text: null,
        files: [pdf],
        template: null,
        replyToMessageId: null,
      }),
    ).toThrow(expect.objectContaining({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }));
    expect(cache.outbox.all()).toEqual([]);
  });

  it('puts a reply caught mid-send by a crash back in the queue', () => {
    link.isOnline = false;
    const queued = outbox.enqueue({
      conversationId: 'c1',
      kind: 'text',
      text: 'hi',
      files: [],
      template: null,
      replyToMessageId: null,
    });
    cache.outbox.startAttempt(queued.id, T0);
    expect(cache.outbox.get(queued.id)?.state).toBe('sending');
    new Outbox({
      cache,
      now: () => T0,
      logger: silentLogger,
      link,
      upload: async () => 'x',
      onChanged: () => undefined,
    });
    expect(cache.outbox.get(queued.id)?.state).toBe('queued');
  });
});
