/**
 * Session windows, locally: warns once, shortly before a customer's session
 * window closes (WINDOW_WARNING_MS), on each conversation assigned to me —
 * computed from the cache, so it works offline. It only raises warnings; the
 * time left per conversation is computed where rows are read.
 */
import { sessionWindow, WINDOW_WARNING_MS } from '../../../shared/channel-rules.js';
import type { ClientCache } from '../cache/client-cache.js';

/** Re-check at least this often (a timer may be late after the machine slept). */
const MAX_CHECK_INTERVAL_MS = 5 * 60 * 1000;

export interface WindowWarning {
  readonly conversationId: string;
  readonly closesAt: number;
}

export class WindowWatch {
  /** conversationId → closesAt already warned about. */
  private readonly warned = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly cache: ClientCache,
    private readonly now: () => number,
    private readonly warn: (warning: WindowWarning) => void,
  ) {}

  /** Warns about windows closing soon and schedules the next check. */
  check(): void {
    const now = this.now();
    let next = now + MAX_CHECK_INTERVAL_MS;
    for (const row of this.cache.sessionWindows.windowedAssignedTo(this.cache.me)) {
      const window = sessionWindow(row.kind, { lastInboundAt: row.lastInboundAt }, now);
      if (!window.isOpen || window.closesAt === null) continue;
      const warnAt = window.closesAt - WINDOW_WARNING_MS;
      if (now >= warnAt) {
        if (this.warned.get(row.conversationId) !== window.closesAt) {
          this.warned.set(row.conversationId, window.closesAt);
          this.warn({ conversationId: row.conversationId, closesAt: window.closesAt });
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
