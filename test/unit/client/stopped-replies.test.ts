/**
 * A reply the session window stopped (held before sending, offering a template or, once the customer
 * wrote again, sending as it is) and the provider's code on a failed bubble's details line.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../src/shared/channel-rules.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { HoldCheck } from '../../../src/main/core/outbox/hold-check.js';
import { outboxMessage } from '../../../src/main/core/outbox/outbox-message.js';
import type { OutboxEntry } from '../../../src/main/core/outbox/outbox-store.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { providerCodeOf } from '../../../src/shared/failure-details.js';
import { T0, makeChannel, makeContact, makeConversation, makeTempDir, numberEvents } from '../../helpers/client.js';

const NOW = T0 + 100 * HOUR_MS;

function entry(conversationId: string, partial: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    clientId: '01900000-0000-7000-8000-000000000001',
    conversationId,
    kind: 'text',
    text: 'On its way',
    template: null,
    replyToMessageId: null,
    files: [],
    mediaIds: null,
    state: 'queued',
    reasonCode: null,
    reason: null,
    createdAt: NOW - HOUR_MS,
    updatedAt: NOW - HOUR_MS,
    baseSeq: 0,
    baseMessageAt: 0,
    baseAssigneeId: null,
    holdOverridden: false,
    attempts: 0,
    ...partial,
  };
}

describe('replies the session window stopped', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    const conv = (id: string, channelId: string, lastInboundAt: number) =>
      ({
        type: 'conversation.upsert',
        conversation: makeConversation({ id, channelId, contactId: 'k', assigneeId: 'me', lastInboundAt }),
      }) as const;
    new EventApplier(cache).applyEvents(
      numberEvents([
        { type: 'channel.upsert', channel: makeChannel({ id: 'wa', linkedAgentIds: ['me'] }) },
        { type: 'channel.upsert', channel: makeChannel({ id: 'wc', linkedAgentIds: ['me'] }, 'wechat') },
        { type: 'channel.upsert', channel: makeChannel({ id: 'tg', linkedAgentIds: ['me'] }, 'telegram') },
        { type: 'contact.upsert', contact: makeContact({ id: 'k', channelId: 'wa' }) },
        conv('wa-closed', 'wa', NOW - 30 * HOUR_MS),
        conv('wa-open', 'wa', NOW - HOUR_MS),
        conv('wc-closed', 'wc', NOW - 50 * HOUR_MS),
        conv('tg-old', 'tg', NOW - 500 * HOUR_MS),
      ]),
    );
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('holds a free-form reply whose window closed, with the channel’s own reason; never on Telegram', () => {
    const holds = new HoldCheck(cache, () => NOW);
    expect(holds.check(entry('wa-closed'))?.code).toBe('SESSION_WINDOW_CLOSED');
    expect(holds.check(entry('wc-closed'))?.code).toBe('SESSION_WINDOW_CLOSED_NO_SEND');
    expect(holds.check(entry('wa-open'))).toBeNull();
    expect(holds.check(entry('tg-old'))).toBeNull();
    expect(holds.check(entry('wa-closed', { kind: 'template' }))).toBeNull();
  });

  it('offers a template on WhatsApp, and sending as it is only once the window is open again', () => {
    const view = (conversationId: string, channelKind: 'whatsapp' | 'wechat', reasonCode: string) =>
      outboxMessage(entry(conversationId, { state: 'held', reasonCode }), {
        me: 'me',
        channelKind,
        conversation: cache.read.conversation(conversationId),
        template: null,
        now: NOW,
        online: true,
      }).outbox;
    expect(view('wa-closed', 'whatsapp', 'SESSION_WINDOW_CLOSED')).toMatchObject({
      canSendAsTemplate: true,
      canSendAnyway: false,
      windowWillClose: false,
    });
    expect(view('wc-closed', 'wechat', 'SESSION_WINDOW_CLOSED_NO_SEND')).toMatchObject({
      canSendAsTemplate: false,
      canSendAnyway: false,
    });
    expect(view('wa-open', 'whatsapp', 'SESSION_WINDOW_CLOSED')).toMatchObject({ canSendAnyway: true });
  });
});

describe('providerCodeOf', () => {
  it('finds the provider’s code after our sentence or at the start of its words', () => {
    expect(providerCodeOf('The number is not on WhatsApp. — 131026 Message undeliverable')).toBe('131026');
    expect(providerCodeOf('131047 Re-engagement message')).toBe('131047');
    expect(providerCodeOf('The customer blocked this account or left the chat.')).toBeNull();
    expect(providerCodeOf(null)).toBeNull();
  });
});
