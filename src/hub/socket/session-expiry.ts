/**
 * When each socket's session ends. A socket is authenticated once, at the
 * handshake, so without this a socket outlives its token and keeps receiving
 * live events. One timer per socket fires at its session's expiresAt; since
 * setTimeout cannot wait more than 2^31-1 ms (~24.8 days, less than the
 * default 30-day lifetime) and the wall clock can jump (NTP, a test's clock),
 * a timer waits at most MAX_TIMER_MS and re-arms, and `due()` lets the server
 * check cheaply, before every flush of live events, whether some session has
 * already ended by the hub's clock.
 */

/** Longest a single timer waits before re-checking the clock. */
const MAX_TIMER_MS = 60 * 60 * 1000;

interface Watched {
  readonly expiresAt: number;
  timer: NodeJS.Timeout;
}

export class SessionExpiry {
  private readonly watched = new Map<string, Watched>();
  /** The earliest expiresAt among the watched sockets (Infinity when none). */
  private earliest = Number.POSITIVE_INFINITY;

  constructor(
    private readonly now: () => number,
    /** Called once the hub's clock reached the socket's expiresAt; the socket is no longer watched. */
    private readonly onExpired: (socketId: string) => void,
  ) {}

  watch(socketId: string, expiresAt: number): void {
    this.forget(socketId);
    this.watched.set(socketId, { expiresAt, timer: this.arm(socketId, expiresAt) });
    this.earliest = Math.min(this.earliest, expiresAt);
  }

  forget(socketId: string): void {
    const entry = this.watched.get(socketId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.watched.delete(socketId);
  }

  /** Sockets whose session has ended by now; they are no longer watched. O(1) while none is due. */
  due(): string[] {
    const now = this.now();
    if (now < this.earliest) return [];
    const ended: string[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    for (const [socketId, entry] of this.watched) {
      if (entry.expiresAt <= now) ended.push(socketId);
      else earliest = Math.min(earliest, entry.expiresAt);
    }
    for (const socketId of ended) this.forget(socketId);
    this.earliest = earliest;
    return ended;
  }

  close(): void {
    for (const entry of this.watched.values()) clearTimeout(entry.timer);
    this.watched.clear();
    this.earliest = Number.POSITIVE_INFINITY;
  }

  private arm(socketId: string, expiresAt: number): NodeJS.Timeout {
    const wait = Math.max(0, Math.min(MAX_TIMER_MS, expiresAt - this.now()));
    const timer = setTimeout(() => {
      const entry = this.watched.get(socketId);
      if (!entry) return;
      if (this.now() < entry.expiresAt) {
        entry.timer = this.arm(socketId, entry.expiresAt);
        return;
      }
      this.forget(socketId);
      this.onExpired(socketId);
    }, wait);
    // A hub with only idle sockets must still be able to exit.
    timer.unref();
    return timer;
  }
}
