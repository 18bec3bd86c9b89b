import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, WINDOW_WARNING_MS } from '../../../src/shared/channel-rules.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { outboxMessage } from '../../../src/main/core/outbox/outbox-message.js';
import type { OutboxEntry } from '../../../src/main/core/outbox/outbox-store.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import { WindowWatch, type WindowWarning } from '../../../src/main/core/session-windows/window-watch.js';
import { T0, makeChannel, makeContact, makeConversation, makeTempDir, numberEvents } from '../../helpers/client.js';

const NOW = T0 + 100 * HOUR_MS;

describe('session windows, offline', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let warnings: WindowWarning[];
  let watch: WindowWatch;

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    warnings = [];
    watch = new WindowWatch(
      cache,
      () => NOW,
      (w) => warnings.push(w),
    );
    const conv = (id: string, channelId: string, assigneeId: string | null, lastInboundAt: number) =>
      ({
        type: 'conversation.upsert',
        conversation: makeConversation({ id, channelId, contactId: 'k', assigneeId, lastInboundAt }),
      }) as const;
    new EventApplier(cache).applyEvents(
      numberEvents([
        { type: 'channel.upsert', channel: makeChannel({ id: 'wa', linkedAgentIds: ['me'] }) },
        { type: 'channel.upsert', channel: makeChannel({ id: 'wc', linkedAgentIds: ['me'] }, 'wechat') },
        { type: 'channel.upsert', channel: makeChannel({ id: 'tg', linkedAgentIds: ['me'] }, 'telegram') },
        { type: 'contact.upsert', contact: makeContact({ id: 'k', channelId: 'wa' }) },
        conv('closing', 'wa', 'me', NOW - 23.5 * HOUR_MS),
        conv('fresh', 'wa', 'me', NOW - HOUR_MS),
        conv('closed', 'wa', 'me', NOW - 30 * HOUR_MS),
        conv('someone-elses', 'wa', 'ben', NOW - 23.5 * HOUR_MS),
        conv('wechat', 'wc', 'me', NOW - 47.5 * HOUR_MS),
        conv('telegram', 'tg', 'me', NOW - 47.5 * HOUR_MS),
      ]),
    );
  });

  afterEach(() => {
    watch.stop();
    cache.close();
    tmp.cleanup();
  });

  it('warns once shortly before the window of my conversation closes', () => {
    watch.check();
    watch.check();
    expect(warnings.sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual([
      { conversationId: 'closing', closesAt: NOW + 0.5 * HOUR_MS },
      { conversationId: 'wechat', closesAt: NOW + 0.5 * HOUR_MS },
    ]);
  });

  it('shows the time left in the inbox from the cache', () => {
    const rows = cache.conversations.list({ view: 'mine', limit: 50 }, NOW).rows;
    const byId = new Map(rows.map((r) => [r.conversation.id, r.window]));
    expect(byId.get('closing')).toMatchObject({ applies: true, isOpen: true, msLeft: 0.5 * HOUR_MS });
    expect(byId.get('closed')).toMatchObject({ applies: true, isOpen: false, outsideWindow: 'templates-only' });
    expect(byId.get('wechat')?.outsideWindow).toBe('nothing');
    expect(byId.get('telegram')).toMatchObject({ applies: false, isOpen: true });
  });

  it('flags a queued free-form reply that would arrive after the window closes', () => {
    const entry = (kind: OutboxEntry['kind']): OutboxEntry => ({
      clientId: '0190f5a0-0000-7000-8000-000000000001',
      conversationId: 'closing',
      kind,
      text: 'hi',
      template: null,
      replyToMessageId: null,
      files: [],
      mediaIds: null,
      state: 'queued',
      reasonCode: null,
      reason: null,
      createdAt: NOW,
      updatedAt: NOW,
      baseSeq: 0,
      baseMessageAt: 0,
      baseAssigneeId: 'me',
      holdOverridden: false,
      attempts: 0,
    });
    const ctx = (conversationId: string, online: boolean) => ({
      me: 'me',
      channelKind: 'whatsapp' as const,
      conversation: cache.read.conversation(conversationId),
      template: null,
      now: NOW,
      online,
    });
    expect(WINDOW_WARNING_MS).toBeGreaterThan(0.5 * HOUR_MS);
    expect(outboxMessage(entry('text'), ctx('closing', false)).outbox?.windowWillClose).toBe(true);
    expect(outboxMessage(entry('text'), ctx('closing', true)).outbox?.windowWillClose).toBe(false);
    expect(
      outboxMessage({ ...entry('text'), conversationId: 'closed' }, ctx('closed', true)).outbox?.windowWillClose,
    ).toBe(true);
    expect(outboxMessage(entry('note'), ctx('closing', false)).outbox?.windowWillClose).toBe(false);
    expect(
      outboxMessage({ ...entry('text'), conversationId: 'fresh' }, ctx('fresh', false)).outbox?.windowWillClose,
    ).toBe(false);
  });
});
