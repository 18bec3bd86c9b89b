/**
 * When templates are synced without anyone asking: at start, every tick
 * (a minute; due is judged by the hub's clock, so a channel is read again an
 * hour after its last attempt) and right after a channel change through the
 * admin API (a new channel, new credentials). Runs with the provider side.
 * On several nodes the start pass and the ticks run on the holder of the lease
 * `timer:template-refresh` only (docs/scaling.md, "Work done by one node"); a
 * kick after a channel change runs on the node that made it.
 */
import type { Logger } from 'pino';
import type { TemplateSyncService } from './template-sync.js';

export const TEMPLATE_REFRESH_TICK_MS = 60_000;

export class TemplateRefresh {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly sync: TemplateSyncService,
    private readonly log: Pick<Logger, 'error'>,
    private readonly tickMs: number = TEMPLATE_REFRESH_TICK_MS,
    /** Whether this node runs the periodic pass now (it holds the lease); always, on one node. */
    private readonly onThisNode: () => Promise<boolean> = async () => true,
  ) {}

  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  /** A periodic pass: on the lease holder only. */
  private tick(): void {
    if (this.stopped) return;
    this.running = this.onThisNode()
      .then((held) => (held && !this.stopped ? this.sync.refreshDue() : 0))
      .catch((err: unknown) => this.log.error({ err }, 'template refresh failed'));
  }

  /** Syncs whatever is due now; a pass already running is joined, not doubled. */
  kick(): void {
    if (this.stopped) return;
    this.running = this.sync.refreshDue().catch((err: unknown) => this.log.error({ err }, 'template refresh failed'));
  }

  /** Stops the ticks and waits for a pass in progress, so it never writes to a closed database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
