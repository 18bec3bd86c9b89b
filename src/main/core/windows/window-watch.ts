/**
 * Session windows, locally: warns once, shortly before a customer's session
 * window closes (WINDOW_WARNING_MS), on each conversation assigned to me —
 * computed from the cache, so it works offline. It only raises warnings; the
 * time left per conversation is computed where rows are read.
 */
import { z } from 'zod';
import { CHANNEL_RULES, sessionWindow, WINDOW_WARNING_MS } from '../../../shared/channel-rules.js';
import { CHANNEL_KINDS, ChannelKind } from '../../../shared/domain.js';
import type { ClientCache } from '../cache/client-cache.js';

/** Re-check at least this often (a timer may be late after the machine slept). */
const MAX_CHECK_INTERVAL_MS = 5 * 60 * 1000;
const KINDS_WITH_WINDOW = CHANNEL_KINDS.filter((kind) => CHANNEL_RULES[kind].sessionWindowMs !== null);

const Row = z.object({ id: z.string(), kind: ChannelKind, last_inbound_at: z.number() });

export interface WindowWarning {
  readonly conversationId: string;
  readonly closesAt: number;
}

export class WindowWatch {
  private readonly mine;
  /** conversationId → closesAt already warned about. */
  private readonly warned = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly cache: ClientCache,
    private readonly now: () => number,
    private readonly warn: (warning: WindowWarning) => void,
  ) {
    const kinds = KINDS_WITH_WINDOW.map((k) => `'${k}'`).join(', ');
    this.mine = cache.db.prepare(`SELECT c.id, ch.kind, c.last_inbound_at FROM conversations c
      JOIN channels ch ON ch.id = c.channel_id
      WHERE c.assignee_id = ? AND c.status <> 'resolved' AND c.last_inbound_at IS NOT NULL AND ch.kind IN (${kinds})`);
  }

  /** Warns about windows closing soon and schedules the next check. */
  check(): void {
    const now = this.now();
    let next = now + MAX_CHECK_INTERVAL_MS;
    for (const raw of this.mine.all(this.cache.me)) {
      const row = Row.parse(raw);
      const window = sessionWindow(row.kind, { lastInboundAt: row.last_inbound_at }, now);
      if (!window.isOpen || window.closesAt === null) continue;
      const warnAt = window.closesAt - WINDOW_WARNING_MS;
      if (now >= warnAt) {
        if (this.warned.get(row.id) !== window.closesAt) {
          this.warned.set(row.id, window.closesAt);
          this.warn({ conversationId: row.id, closesAt: window.closesAt });
        }
      } else next = Math.min(next, warnAt);
    }
    this.schedule(next - now);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    this.stop();
    this.timer = setTimeout(() => this.check(), Math.max(1000, delay));
    this.timer.unref();
  }
}
