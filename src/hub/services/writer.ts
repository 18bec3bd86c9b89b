/**
 * Every change goes through `write`: the change and the events that record it
 * commit in one transaction, and the events are published only after commit,
 * so a client never sees an event the log does not hold. Nested writes join
 * the outer one (found through AsyncLocalStorage, so concurrent requests never
 * join each other's).
 *
 * Group commit: writes that arrive together (the webhooks one turn of the
 * event loop brought in) run in one transaction, each in its own savepoint,
 * and each is answered after that transaction commits. A write that fails
 * undoes only its own rows and events; the others commit. One commit for many
 * webhooks is what lets the hub take more than it could one commit at a time
 * (docs/benchmarks.md, "Hub ingest").
 *
 * Events are appended at the end of the transaction, in the order they were
 * emitted, just before it commits: the log's writers are serialized only for
 * that moment (docs/scaling.md, "A log without gaps").
 *
 * A write the database aborted to break a deadlock with another transaction
 * (or a serialization failure: Postgres, several writers) kept nothing; it
 * runs again in a later transaction, up to MAX_RUNS times, before its caller
 * hears of it.
 *
 * The writer refuses what the reader would refuse: every event body is
 * parsed by the schema `sync` reads it back with when it is emitted, so a
 * value out of bounds fails the request that brought it, not everyone's sync.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../../shared/errors.js';
import { describeIssues } from '../../shared/conform.js';
import { HubEventBody, type HubEvent } from '../../shared/protocol.js';
import { wellFormedDeep } from '../../shared/text.js';
import { isTransactionConflict, type Store } from '../store/store.js';
import type { EventEntry, EventVisibility } from '../store/ports/events.js';
import type { HubSignal, SignalBus } from './signals.js';

export interface WriteScope {
  emit(body: HubEventBody, visibility: EventVisibility): void;
  /**
   * A signal to publish after commit: before this change's events (default,
   * e.g. joining a channel's room before its events), or after them
   * (`afterEvents`, e.g. leaving a removed channel's room once told).
   */
  signal(signal: HubSignal, options?: { afterEvents: boolean }): void;
}

interface Pending {
  readonly events: EventEntry[];
  readonly signals: HubSignal[];
  readonly lateSignals: HubSignal[];
  /** The write finished: work it started and that runs on (a send it queued) writes on its own. */
  done: boolean;
}

interface Job {
  readonly fn: (scope: WriteScope) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** A fresh one for each run: work a lost run started never joins the next. */
  pending: Pending;
  /** How many times fn ran: a conflict's victim runs again until MAX_RUNS. */
  runs: number;
  outcome?: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
  appended?: HubEvent[];
}

/**
 * A hub on several nodes (Postgres, src/hub/cluster/): each write's signals, the seq of its last event and
 * its late signals are announced inside the transaction (NOTIFY, sent at commit, in this order), and every
 * node, this one included, publishes them from the log and the notifications instead of the writer.
 */
export interface WriteRelay {
  announce(signals: readonly HubSignal[], lastSeq: number | null, lateSignals: readonly HubSignal[]): Promise<void>;
}

export interface WriterOptions {
  /** Publishes through the cluster instead of the local bus (docs/scaling.md, "Live events across nodes"). */
  readonly relay?: WriteRelay;
  /** The most writes one transaction carries. */
  readonly maxBatch?: number;
  /** Transactions in flight at once: 1 for SQLite (one connection), more for Postgres (a pool). */
  readonly concurrency?: number;
}

const DEFAULT_MAX_BATCH = 200;
/** Runs of one write that loses lock conflicts before its caller is told (DATABASE_TIMEOUT, retryable). */
const MAX_RUNS = 4;

const freshPending = (): Pending => ({ events: [], signals: [], lateSignals: [], done: false });

export class Writer {
  private readonly current = new AsyncLocalStorage<Pending>();
  private readonly queue: Job[] = [];
  private running = 0;
  private scheduled = false;
  private closing = false;
  /** Waiting in close(): woken whenever a batch ends. */
  private readonly drained: (() => void)[] = [];
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly relay: WriteRelay | undefined;

  constructor(
    private readonly store: Store,
    private readonly bus: SignalBus,
    private readonly now: () => number,
    options: WriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.concurrency = options.concurrency ?? 1;
    this.relay = options.relay;
  }

  async write<T>(fn: (scope: WriteScope) => Promise<T>): Promise<T> {
    const outer = this.current.getStore();
    if (outer && !outer.done) return await fn(this.scopeFor(outer));
    if (this.closing) throw new AppError('DATABASE_UNAVAILABLE', 'the hub is stopping: nothing more is written');
    return await new Promise<T>((resolve, reject) => {
      this.queue.push({
        fn,
        resolve: (value) => resolve(value as T),
        reject,
        pending: freshPending(),
        runs: 0,
      });
      this.schedule();
    });
  }

  /** Refuses new writes and waits for those already asked for to commit (the hub stops after this). */
  async close(): Promise<void> {
    this.closing = true;
    while (this.queue.length > 0 || this.running > 0 || this.scheduled)
      await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /**
   * Runs fn inside the current write as a savepoint: when it throws, its rows and events are undone and
   * the rest of the write goes on (one bad event of a provider batch never drops the others).
   */
  async attempt(
    fn: () => Promise<void>,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }> {
    const pending = this.current.getStore();
    if (!pending || pending.done) throw new AppError('INTERNAL', 'Writer.attempt runs only inside write');
    const marks = [pending.events.length, pending.signals.length, pending.lateSignals.length] as const;
    try {
      await this.store.transaction(fn);
      return { ok: true };
    } catch (error) {
      pending.events.length = marks[0];
      pending.signals.length = marks[1];
      pending.lateSignals.length = marks[2];
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * A batch starts after the current turn of the event loop, so every request whose body arrived in it
   * joins the same transaction; under no load that is a single write, answered as soon as it commits.
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.concurrency && this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        this.running += 1;
        void this.run(batch).finally(() => {
          this.running -= 1;
          if (this.queue.length > 0) this.schedule();
          for (const wake of this.drained.splice(0)) wake();
        });
      }
      for (const wake of this.drained.splice(0)) wake();
    });
  }

  private async run(batch: Job[]): Promise<void> {
    try {
      await this.store.transaction(async () => {
        if (batch.length === 1 && batch[0]) await this.runJob(batch[0]);
        else for (const job of batch) await this.inSavepoint(job);
        const done = batch.filter((job) => job.outcome?.ok);
        const entries = done.flatMap((job) => job.pending.events);
        const appended = entries.length === 0 ? [] : await this.store.events.appendMany(entries);
        let at = 0;
        // Writes with events only are announced together, by the last seq among them: one NOTIFY where a
        // batch of webhooks would send one each. A write with signals keeps its place between the events.
        let unannounced: number | null = null;
        for (const job of done) {
          job.appended = appended.slice(at, at + job.pending.events.length);
          at += job.pending.events.length;
          const { signals, lateSignals } = job.pending;
          const lastSeq = job.appended.at(-1)?.seq ?? null;
          if (signals.length === 0 && lateSignals.length === 0) {
            unannounced = lastSeq ?? unannounced;
            continue;
          }
          if (unannounced !== null) await this.relay?.announce([], unannounced, []);
          unannounced = null;
          await this.relay?.announce(signals, lastSeq, lateSignals);
        }
        if (unannounced !== null) await this.relay?.announce([], unannounced, []);
      });
    } catch (error) {
      // The commit itself failed (or the only write threw): nothing of this batch was stored.
      for (const job of batch) if (job.outcome?.ok !== false) job.outcome = { ok: false, error };
    }
    const again = new Set(batch.filter((job) => this.runsAgain(job)));
    if (again.size > 0) {
      for (const job of again) {
        job.pending = freshPending();
        job.outcome = undefined;
        job.appended = undefined;
      }
      // Ahead of what arrived since: the conflict's other side has committed or is about to.
      this.queue.unshift(...again);
    }
    for (const job of batch) {
      if (again.has(job)) continue;
      const outcome = job.outcome;
      if (!outcome?.ok) {
        job.reject(outcome?.error ?? new AppError('INTERNAL', 'write did not run'));
        continue;
      }
      if (this.relay) {
        job.resolve(outcome.value);
        continue;
      }
      const { signals, lateSignals } = job.pending;
      for (const signal of signals) this.bus.publish(signal);
      if (job.appended && job.appended.length > 0) this.bus.publish({ type: 'events', events: job.appended });
      for (const signal of lateSignals) this.bus.publish(signal);
      job.resolve(outcome.value);
    }
  }

  /** The write lost a lock conflict (nothing of it was kept) and has runs left. */
  private runsAgain(job: Job): boolean {
    return job.outcome?.ok === false && job.runs < MAX_RUNS && isTransactionConflict(job.outcome.error);
  }

  /** One write of a batch in its own savepoint: its failure (kept in its outcome) undoes only its rows. */
  private async inSavepoint(job: Job): Promise<void> {
    try {
      await this.store.transaction(() => this.runJob(job));
    } catch {
      // job.outcome holds the error; it is answered after the batch commits.
    }
  }

  /** One write, in its own context; its failure is recorded and rethrown so its savepoint rolls back. */
  private async runJob(job: Job): Promise<void> {
    job.runs += 1;
    try {
      const value = await this.current.run(job.pending, () => job.fn(this.scopeFor(job.pending)));
      job.outcome = { ok: true, value };
    } catch (error) {
      job.outcome = { ok: false, error };
      throw error;
    } finally {
      job.pending.done = true;
    }
  }

  private scopeFor(pending: Pending): WriteScope {
    return {
      emit: (raw, visibility) => {
        pending.events.push({ body: checkedBody(raw), visibility, at: this.now() });
      },
      signal: (signal, options) => (options?.afterEvents ? pending.lateSignals : pending.signals).push(signal),
    };
  }
}

/**
 * Visibility of an event. A body field of the same name wins in the
 * HubEvent (channel.remove carries `channelId`), so such events must use a
 * matching visibility.
 */
export const EVERYONE: EventVisibility = { channelId: null, agentId: null };
export const onChannel = (channelId: string): EventVisibility => ({ channelId, agentId: null });

/** The body as the log will give it back; refuses (500, with the failing paths) what sync could not read. */
function checkedBody(raw: HubEventBody): HubEventBody {
  const parsed = HubEventBody.safeParse(wellFormedDeep(raw));
  if (parsed.success) return parsed.data;
  throw new AppError('INTERNAL', `refused to log a ${raw.type} event the log could not give back`, {
    issues: describeIssues(parsed.error),
  });
}
