/**
 * Provider tokens every hub node shares (docs/scaling.md, "Work done by one node"). WeChat invalidates an
 * access token (after a short grace) when a new one is fetched, so nodes must not fetch their own: the token
 * is kept, sealed with the credential vault, as the value of the lease `<name>:<channelId>`. A node reads the
 * stored token; when it is missing, expiring (the adapter's TTL ends before WeChat's expiry) or refused as
 * stale, the one node that takes the lease fetches a new one, stores it and releases the lease; the others
 * wait for the stored one. A holder that dies mid-fetch is replaced after the lease's TTL.
 */
import type { SharedTokenAnswer, SharedTokenFetch } from '../channels/types.js';
import type { LeaseKeeper } from '../services/lease-keeper.js';
import type { SharedTokenSource } from './adapter-contexts.js';

export interface SharedTokensDeps {
  readonly leases: LeaseKeeper;
  readonly seal: (value: string) => string;
  readonly open: (sealed: string) => string | null;
  readonly now: () => number;
  /** How often a node waiting for another's fetch looks again, and how long it waits at most. */
  readonly pollMs?: number;
  readonly waitMs?: number;
}

interface Stored {
  readonly value: string;
  readonly expiresAt: number;
}

const POLL_MS = 100;
const WAIT_MS = 10_000;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class SharedTokens {
  /** This node's fetch in progress per lease: concurrent calls on one node share it (the lease is per node). */
  private readonly fetching = new Map<string, Promise<SharedTokenAnswer | null>>();

  constructor(private readonly deps: SharedTokensDeps) {}

  /** What AdapterContexts hands each channel's context. */
  source(): SharedTokenSource {
    return (channelId) => async (name, fetchFresh, stale) =>
      await this.token(`${name}:${channelId}`, fetchFresh, stale);
  }

  async token(
    lease: string,
    fetchFresh: () => Promise<SharedTokenFetch>,
    stale: string | null,
  ): Promise<SharedTokenAnswer> {
    const deadline = Date.now() + (this.deps.waitMs ?? WAIT_MS);
    for (;;) {
      const stored = await this.read(lease);
      if (stored !== null && this.usable(stored, stale)) return { ok: true, value: stored.value };
      let work = this.fetching.get(lease);
      if (!work) {
        work = this.refresh(lease, fetchFresh, stale).finally(() => this.fetching.delete(lease));
        this.fetching.set(lease, work);
      }
      const refreshed = await work;
      if (refreshed !== null) return refreshed;
      if (Date.now() > deadline) {
        // The refreshing node is slow or dead: the old token (still in WeChat's grace) is better than none.
        if (stored !== null && stored.value !== stale) return { ok: true, value: stored.value };
        return {
          ok: false,
          failure: {
            code: 'PROVIDER_UNAVAILABLE',
            providerError: 'another hub node is fetching the access token',
            retryable: true,
            retryAfterMs: null,
          },
        };
      }
      await pause(this.deps.pollMs ?? POLL_MS);
    }
  }

  /** Fetches and stores a new token if this node takes the lease; null when another node holds it. */
  private async refresh(
    lease: string,
    fetchFresh: () => Promise<SharedTokenFetch>,
    stale: string | null,
  ): Promise<SharedTokenAnswer | null> {
    if (!(await this.deps.leases.holdNow(lease))) return null;
    try {
      // Another node may have stored a fresh one between the read and the take.
      const again = await this.read(lease);
      if (again !== null && this.usable(again, stale)) return { ok: true, value: again.value };
      const fresh = await fetchFresh();
      if (!fresh.ok) return fresh;
      const kept: Stored = { value: fresh.value, expiresAt: this.deps.now() + fresh.ttlMs };
      await this.deps.leases.setValue(lease, this.deps.seal(JSON.stringify(kept)));
      return { ok: true, value: fresh.value };
    } finally {
      await this.deps.leases.drop(lease);
    }
  }

  private usable(stored: Stored, stale: string | null): boolean {
    return stored.expiresAt > this.deps.now() && stored.value !== stale;
  }

  private async read(lease: string): Promise<Stored | null> {
    const sealed = await this.deps.leases.valueOf(lease);
    if (sealed === null) return null;
    const opened = this.deps.open(sealed);
    if (opened === null) return null;
    try {
      const parsed = JSON.parse(opened) as Partial<Stored>;
      return typeof parsed.value === 'string' && typeof parsed.expiresAt === 'number'
        ? { value: parsed.value, expiresAt: parsed.expiresAt }
        : null;
    } catch {
      return null;
    }
  }
}
