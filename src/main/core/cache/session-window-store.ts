/**
 * What the session-window watchers read from the cache (src/main/core/session-windows):
 * the conversations assigned to me whose channel has a session window, and the
 * snoozes that end by the clock. Reads only; the apply path keeps the columns.
 */
import { z } from 'zod';
import { CHANNEL_RULES } from '../../../shared/channel-rules.js';
import { CHANNEL_KINDS, ChannelKind } from '../../../shared/domain.js';
import { once } from '../../../node-shared/prepared.js';
import type { CacheDb } from './cache-db.js';

const KINDS_WITH_WINDOW = CHANNEL_KINDS.filter((kind) => CHANNEL_RULES[kind].sessionWindowMs !== null);
const WindowRow = z.object({ id: z.string(), kind: ChannelKind, last_inbound_at: z.number() });

export interface WindowedConversation {
  readonly conversationId: string;
  readonly kind: ChannelKind;
  readonly lastInboundAt: number;
}

export class SessionWindowStore {
  private readonly windowedStatement = once(() => {
    const kinds = KINDS_WITH_WINDOW.map((k) => `'${k}'`).join(', ');
    return this.db.prepare<[string]>(`SELECT c.id, ch.kind, c.last_inbound_at FROM conversations c
      JOIN channels ch ON ch.id = c.channel_id
      WHERE c.assignee_id = ? AND c.status <> 'resolved' AND c.last_inbound_at IS NOT NULL AND ch.kind IN (${kinds})`);
  });
  private readonly snoozesEndedStatement = once(() =>
    this.db.prepare<[number, number], { id: string }>(
      'SELECT id FROM conversations WHERE snoozed_until > ? AND snoozed_until <= ?',
    ),
  );
  private readonly nextSnoozeEndStatement = once(() =>
    this.db.prepare<[number], { at: number | null }>(
      'SELECT min(snoozed_until) AS at FROM conversations WHERE snoozed_until > ?',
    ),
  );

  constructor(private readonly db: CacheDb) {}

  /** Open conversations assigned to `agentId` on a channel with a session window, once the customer wrote. */
  windowedAssignedTo(agentId: string): WindowedConversation[] {
    return this.windowedStatement()
      .all(agentId)
      .map((raw) => {
        const row = WindowRow.parse(raw);
        return { conversationId: row.id, kind: row.kind, lastInboundAt: row.last_inbound_at };
      });
  }

  /** Conversations whose snooze ended after `after`, up to and including `upTo`. */
  snoozesEndedBetween(after: number, upTo: number): string[] {
    return this.snoozesEndedStatement()
      .all(after, upTo)
      .map((row) => row.id);
  }

  /** The next snooze to end after `after`; null: none. */
  nextSnoozeEnd(after: number): number | null {
    return this.nextSnoozeEndStatement().get(after)?.at ?? null;
  }
}
