/**
 * Snoozes, locally: when a conversation's snoozedUntil passes, the inbox must
 * show it again in its views. The hub wakes it too (and sends an upsert), but
 * an offline client cannot hear that, so this re-reads the cache by its own
 * clock and says which conversations woke. It only tells; the inbox query
 * decides what is snoozed (conversation-reader.ts).
 */
import type { ClientCache } from '../cache/client-cache.js';

/** Re-check at least this often (a timer may be late after the machine slept). */
const MAX_CHECK_INTERVAL_MS = 5 * 60 * 1000;

export class SnoozeWatch {
  private timer: NodeJS.Timeout | null = null;
  private checkedAt: number;

  constructor(
    private readonly cache: ClientCache,
    private readonly now: () => number,
    private readonly onWake: (conversationIds: string[]) => void,
  ) {
    this.checkedAt = now();
  }

  /** Reports the conversations whose snooze ran out since the last check and schedules the next one. */
  check(): void {
    const now = this.now();
    const ids = now > this.checkedAt ? this.cache.sessionWindows.snoozesEndedBetween(this.checkedAt, now) : [];
    this.checkedAt = Math.max(this.checkedAt, now);
    if (ids.length > 0) this.onWake(ids);
    const next = this.cache.sessionWindows.nextSnoozeEnd(now);
    this.schedule(next === null ? MAX_CHECK_INTERVAL_MS : Math.min(next - now, MAX_CHECK_INTERVAL_MS));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    this.stop();
    // +1: wake strictly after the snooze time, when the inbox query no longer hides it.
    this.timer = setTimeout(() => this.check(), Math.max(0, delay) + 1);
    this.timer.unref();
  }
}
