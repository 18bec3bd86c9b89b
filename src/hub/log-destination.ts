/**
 * Where the hub's log lines go: stdout, without ever blocking or killing the
 * hub. pino's default destination (sonic-boom 4) retries a failed write
 * forever in its exit handler, sleeping between tries — with stdout on a
 * full disk (ENOSPC) the process never exits, SIGTERM included — and it
 * buffers without limit while a reader stalls. Here each line goes to
 * process.stdout, which Node writes without blocking for pipes (a full pipe
 * queues in memory) and synchronously for files. A line is dropped while
 * more than MAX_PENDING_BYTES wait for a slow reader, and every line is
 * dropped once the stream has failed. Each of the two is reported once, on
 * stderr, best effort: a broken stderr leaves nowhere else to say it.
 */
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/** About 3,000 typical lines: enough for a burst while the reader catches up, small next to the hub's memory. */
const MAX_PENDING_BYTES = 1024 * 1024;

export interface LogDestination {
  /** pino calls this with one serialised line. Never throws, never waits. */
  write(line: string): void;
  /** Resolves once pending lines are written, or after timeoutMs: a stalled reader must not stall the exit. */
  flush(timeoutMs: number): Promise<void>;
}

type Report = (message: string) => void;

class DroppingDestination implements LogDestination {
  private failed = false;
  private reportedDrop = false;

  constructor(
    private readonly out: Writable,
    private readonly report: Report,
  ) {
    out.on('error', (error: unknown) => this.fail(error));
  }

  write(line: string): void {
    if (this.failed || this.out.destroyed) return;
    if (this.out.writableLength + line.length > MAX_PENDING_BYTES) {
      if (!this.reportedDrop) {
        this.reportedDrop = true;
        this.report(
          `log output is not being read (over ${MAX_PENDING_BYTES} bytes waiting); log lines are dropped until it catches up`,
        );
      }
      return;
    }
    this.out.write(line);
  }

  flush(timeoutMs: number): Promise<void> {
    if (this.failed || this.out.destroyed || this.out.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.out.off('drain', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.out.once('drain', done);
    });
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.report(`writing the log failed (${errorCode(error)}); log lines are dropped from now on`);
  }
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return String(error);
}

let stderrGuarded = false;

/** One line on stderr if it can take it now; never throws, never waits. */
function reportOnStderr(message: string): void {
  const stderr = process.stderr;
  if (!stderrGuarded) {
    stderrGuarded = true;
    // A failing stderr is the last place anything could be reported: drop it rather than crash the hub.
    stderr.on('error', () => undefined);
  }
  if (stderr.destroyed || stderr.writableLength > MAX_PENDING_BYTES) return;
  stderr.write(`switchboard hub: ${message}\n`);
}

const destinations = new WeakMap<Writable, LogDestination>();

/** The destination for `out` (stdout by default): one per stream, shared by every hub in the process. */
export function logDestination(out: Writable = process.stdout, report: Report = reportOnStderr): LogDestination {
  const existing = destinations.get(out);
  if (existing) return existing;
  const created = new DroppingDestination(out, report);
  destinations.set(out, created);
  return created;
}

/** The hub's logger: JSON lines on stdout through the destination above. */
export function createHubLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'switchboard-hub' } }, logDestination());
}
