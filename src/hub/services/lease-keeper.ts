/**
 * Work done by one node (docs/scaling.md, "Work done by one node"): a LeaseKeeper keeps trying to hold the
 * leases this node wants (store/ports/leases.ts), renewing every `renewMs`, well inside `ttlMs`. A lease it
 * fails to renew (another node has it, or the database cannot be reached) counts as lost at once, and its
 * listener is told, so the work stops. When a holder dies its renewals stop; another node's keeper takes the
 * lease once the TTL has run out. Stopping a keeper releases its leases, so a planned stop hands over at once.
 *
 * On SQLite there is one node: every lease is always ours and the database is never asked (`shared` false).
 */
import type { LeaseRepository } from '../store/ports/leases.js';

export interface LeasePolicy {
  /** How long a taken or renewed lease lasts without renewal: how long a dead holder's work waits. */
  readonly ttlMs: number;
  /** How often held and wanted leases are renewed or tried. */
  readonly renewMs: number;
}

export const DEFAULT_LEASE_POLICY: LeasePolicy = { ttlMs: 15_000, renewMs: 5_000 };

export interface LeaseKeeperOptions {
  readonly repository: LeaseRepository;
  readonly nodeId: string;
  /** The hub's clock: lease expiries are compared in it. */
  readonly now: () => number;
  /** False on SQLite (one node): every lease is held, nothing is stored. */
  readonly shared: boolean;
  readonly policy?: LeasePolicy;
  readonly onError?: (name: string, error: unknown) => void;
}

/**
 * Told when this node holds a lease (on taking it and at every renewal: the work may run; idempotent) and when
 * it stops holding it (false: stop the work now).
 */
export type LeaseListener = (held: boolean) => void | Promise<void>;

interface Wanted {
  readonly listener: LeaseListener | null;
  /** When the lease runs out as far as this node knows (its last successful take or renewal + TTL); 0 when not held. */
  heldUntil: number;
}

export class LeaseKeeper {
  private readonly wanted = new Map<string, Wanted>();
  private readonly policy: LeasePolicy;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.policy = options.policy ?? DEFAULT_LEASE_POLICY;
  }

  get nodeId(): string {
    return this.options.nodeId;
  }

  get shared(): boolean {
    return this.options.shared;
  }

  /** Starts renewing; later `want` calls try at once. */
  start(): void {
    if (this.timer || this.stopped || !this.options.shared) return;
    this.timer = setInterval(() => void this.renewAll(), this.policy.renewMs);
    this.timer.unref();
  }

  /**
   * This node wants the lease: tried now and at every renewal. Resolves once the first try is done, with
   * whether it is held. The listener hears every change (on SQLite: `true`, once).
   */
  async want(name: string, listener: LeaseListener | null = null): Promise<boolean> {
    if (this.stopped) return false;
    if (this.wanted.has(name)) return this.holds(name);
    this.wanted.set(name, { listener, heldUntil: 0 });
    if (!this.options.shared) {
      await listener?.(true);
      return true;
    }
    await this.renew(name);
    return this.holds(name);
  }

  /** Whether this node holds the lease now (its last renewal has not run out). */
  holds(name: string): boolean {
    if (this.stopped) return false;
    const entry = this.wanted.get(name);
    if (!entry) return false;
    if (!this.options.shared) return true;
    return entry.heldUntil > this.options.now();
  }

  /** Stops wanting the lease and gives it up (the work was removed). */
  async drop(name: string): Promise<void> {
    const entry = this.wanted.get(name);
    if (!entry) return;
    this.wanted.delete(name);
    if (entry.heldUntil > 0) await entry.listener?.(false);
    if (this.options.shared) await this.release(name);
  }

  /** The value kept with a lease (survives hand-overs); null when none was stored. */
  async valueOf(name: string): Promise<string | null> {
    return await this.options.repository.valueOf(name);
  }

  /** Stores the lease's value; false when this node no longer holds it (the caller stops its work). */
  async setValue(name: string, value: string): Promise<boolean> {
    return await this.options.repository.setValue(name, this.options.nodeId, value, this.options.now());
  }

  /**
   * Stops renewing and tells every listener its lease is gone. `release: false` leaves the leases in the
   * database as a dying node would (tests of the take-over); otherwise they are released at once.
   */
  async stop(options: { readonly release?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.round;
    const entries = [...this.wanted];
    this.wanted.clear();
    for (const [, entry] of entries) await entry.listener?.(false);
    if (!this.options.shared || options.release === false) return;
    await Promise.allSettled(entries.map(async ([name]) => await this.release(name)));
  }

  private renewAll(): Promise<void> {
    this.round = this.round.then(async () => {
      for (const name of [...this.wanted.keys()]) await this.renew(name);
    });
    return this.round;
  }

  /**
   * Renews (or takes) the lease now and says whether this node holds it: what a periodic job asks right
   * before it runs (its clock may have been moved since the last renewal). Wanted first if it was not.
   */
  async holdNow(name: string): Promise<boolean> {
    if (!this.wanted.has(name)) return await this.want(name);
    if (!this.options.shared) return !this.stopped;
    return await this.renew(name);
  }

  private async renew(name: string): Promise<boolean> {
    if (this.stopped) return false;
    const at = this.options.now();
    let held: boolean;
    try {
      held = await this.options.repository.acquire(name, this.options.nodeId, this.policy.ttlMs, at);
    } catch (error) {
      // The database cannot say: another node may take the lease meanwhile, so this one stops its work.
      this.options.onError?.(name, error);
      held = false;
    }
    const entry = this.wanted.get(name);
    if (!entry || this.stopped) return false;
    const had = entry.heldUntil > 0;
    entry.heldUntil = held ? at + this.policy.ttlMs : 0;
    // Told at every successful renewal too (listeners are idempotent): work that stopped by itself restarts.
    if (held || had) await entry.listener?.(held);
    return held;
  }

  private async release(name: string): Promise<void> {
    try {
      await this.options.repository.release(name, this.options.nodeId);
    } catch (error) {
      this.options.onError?.(name, error);
    }
  }
}
