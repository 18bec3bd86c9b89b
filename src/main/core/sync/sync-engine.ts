/**
 * Catches the cache up with the hub's event log and then follows it live.
 * On every (re)connection or `resync` push: `sync {after: lastSeq}` page by
 * page, each page applied in one transaction with its sequence number; a
 * `{reset: true}` answer rebuilds the cache from `snapshot` pages. Live events
 * that arrive meanwhile are buffered and applied in order afterwards. It owns
 * the catch-up loop and its progress; it never sends replies and never talks
 * to the renderer directly.
 */
import type { HubEvent, CommandRequest, CommandResult } from '../../../shared/protocol.js';
import type { ClientCache } from '../cache/client-cache.js';
import { errorMessage, type Logger } from '../logger.js';
import type { ApplyResult, EventApplier } from './apply-events.js';

export const SYNC_PAGE_SIZE = 1000;

export interface SyncCommands {
  sync(request: CommandRequest<'sync'>): Promise<CommandResult<'sync'>>;
  snapshot(request: CommandRequest<'snapshot'>): Promise<CommandResult<'snapshot'>>;
}

export type ApplyPhase = 'catch-up' | 'snapshot' | 'live';

export interface SyncHooks {
  onApplied(result: ApplyResult, phase: ApplyPhase): void;
  onProgress(progress: { applied: number; total: number } | null): void;
  /** Catch-up finished: the cache holds everything up to the hub's latest event. */
  onCaughtUp(summary: { fromEmpty: boolean }): void;
}

export class SyncEngine {
  private running = false;
  private again = false;
  private buffer: HubEvent[] = [];
  /** The cache had nothing when this catch-up began (first sign-in or a rebuild): no notification flood. */
  private startedEmpty = false;
  private rebuildRequested = false;
  /**
   * A catch-up succeeded on the current connection. Until then a live event
   * cannot be applied on its own: the events before it may not be here yet.
   */
  private synced = false;

  constructor(
    private readonly cache: ClientCache,
    private readonly applier: EventApplier,
    private readonly commands: SyncCommands,
    private readonly hooks: SyncHooks,
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly pageSize: number = SYNC_PAGE_SIZE,
  ) {}

  get isCatchingUp(): boolean {
    return this.running;
  }

  /** A catch-up into an empty cache is running (first sign-in or a rebuild): it ends with no notification. */
  get isFillingEmptyCache(): boolean {
    return this.running && this.startedEmpty;
  }

  /**
   * Runs a catch-up now, or once more after the one in progress. Resolves when
   * caught up or interrupted. `rebuild`: start from a snapshot (the agent's
   * channel links changed, so events before the cursor may now be visible).
   */
  async requestSync(options: { rebuild?: boolean } = {}): Promise<void> {
    if (options.rebuild) this.rebuildRequested = true;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.startedEmpty = this.cache.syncState.get().lastSeq === 0;
    let caughtUp = false;
    do {
      this.again = false;
      try {
        await this.catchUp();
        caughtUp = true;
      } catch (error) {
        // Usually the connection dropped; the next connection starts over from the last applied page.
        this.logger.warn({ error: errorMessage(error) }, 'sync interrupted');
        caughtUp = false;
      }
    } while (this.again);
    this.synced = caughtUp;
    if (caughtUp) {
      this.drainBuffer();
      this.cache.syncState.setLastSyncedAt(this.now());
    }
    this.buffer = [];
    this.running = false;
    this.hooks.onProgress(null);
    if (caughtUp) this.hooks.onCaughtUp({ fromEmpty: this.startedEmpty });
  }

  /** The connection dropped: the next live events wait for a new catch-up. */
  connectionLost(): void {
    this.synced = false;
  }

  /**
   * One push of live events from the hub (in seq order): applied in one transaction and reported
   * once, so a burst costs one commit and one change for the renderer, however many events it holds.
   */
  onLiveEvents(events: readonly HubEvent[]): void {
    if (events.length === 0) return;
    if (this.running || !this.synced) {
      this.buffer.push(...events);
      // The last catch-up failed with the link still up: these events are the cue to try again.
      if (!this.running) void this.requestSync();
      return;
    }
    const result = this.applier.applyEvents(events);
    if (result.applied === 0) return;
    this.cache.syncState.setLastSyncedAt(this.now());
    this.hooks.onApplied(result, 'live');
  }

  private async catchUp(): Promise<void> {
    if (this.rebuildRequested) {
      await this.rebuildFromSnapshot();
      this.rebuildRequested = false;
    }
    const startSeq = this.cache.syncState.get().lastSeq;
    let after = startSeq;
    let next = this.requestPage(after);
    for (;;) {
      const page = await next;
      if (page.reset) {
        await this.rebuildFromSnapshot();
        after = this.cache.syncState.get().lastSeq;
        next = this.requestPage(after);
        continue;
      }
      // Ask for the following page before applying this one, so the hub reads and sends it
      // meanwhile (docs/benchmarks.md, "initial sync"). Replayed events are skipped by seq anyway.
      const lastEvent = page.events.at(-1);
      if (page.hasMore && lastEvent !== undefined) next = this.requestPage(lastEvent.seq);
      // A cache from before hubs named their log learns the name from its first page.
      if (page.logId !== undefined && this.cache.syncState.get().logId === null) {
        this.cache.syncState.setLogId(page.logId);
      }
      const result = this.applier.applyEvents(page.events);
      // Nothing more for this agent up to latestSeq: skip the events it cannot see next time.
      after = page.hasMore ? result.lastSeq : this.applier.advanceTo(page.latestSeq);
      if (result.applied > 0) this.hooks.onApplied(result, 'catch-up');
      const total = Math.max(0, page.latestSeq - startSeq);
      this.hooks.onProgress({ applied: Math.min(total, Math.max(0, after - startSeq)), total });
      if (!page.hasMore) return;
      if (page.events.length === 0) throw new Error('the hub said hasMore but sent no events');
    }
  }

  /**
   * One `sync` request. Its failure surfaces where the page is awaited; the
   * extra handler only keeps a page requested ahead from becoming an
   * unhandled rejection when the catch-up stops before awaiting it.
   */
  private requestPage(after: number): Promise<CommandResult<'sync'>> {
    const { logId } = this.cache.syncState.get();
    const page = this.commands.sync({ after, limit: this.pageSize, ...(logId === null ? {} : { logId }) });
    page.catch((error: unknown) => this.logger.debug({ error: errorMessage(error) }, 'sync page request failed'));
    return page;
  }

  private async rebuildFromSnapshot(): Promise<void> {
    this.startedEmpty = true;
    let cursor: string | null = null;
    let first = true;
    let applied = 0;
    for (;;) {
      const page: CommandResult<'snapshot'> = await this.commands.snapshot({ cursor, limit: this.pageSize });
      const last = page.nextCursor === null;
      const result = this.applier.applySnapshotPage(page.items, {
        first,
        asOfSeq: page.asOfSeq,
        last,
        logId: page.logId ?? null,
      });
      applied += page.items.length;
      this.hooks.onApplied(result, 'snapshot');
      this.hooks.onProgress({ applied: Math.min(applied, page.total), total: Math.max(page.total, applied) });
      if (last) return;
      first = false;
      cursor = page.nextCursor;
    }
  }

  private drainBuffer(): void {
    const events = this.buffer;
    this.buffer = [];
    if (events.length === 0) return;
    const result = this.applier.applyEvents(events);
    if (result.applied > 0) this.hooks.onApplied(result, 'catch-up');
  }
}
