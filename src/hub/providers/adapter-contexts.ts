/**
 * The AdapterContext each channel's adapter gets: HTTP, the clock and a small
 * per-channel cache (WeChat access tokens and the like). The cache lives in
 * memory: a restarted hub simply asks the provider for a fresh token.
 */
import type { AdapterContext } from '../channels/types.js';

/** Gives a channel's context its shared tokens (several nodes; providers/shared-tokens.ts). */
export type SharedTokenSource = (channelId: string) => NonNullable<AdapterContext['sharedToken']>;

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

export class AdapterContexts {
  private readonly caches = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
    private readonly sharedTokens: SharedTokenSource | null = null,
  ) {}

  contextFor(channelId: string): AdapterContext {
    const cache = this.cacheOf(channelId);
    const now = this.now;
    return {
      fetch: this.fetchImpl,
      now,
      ...(this.sharedTokens ? { sharedToken: this.sharedTokens(channelId) } : {}),
      cache: {
        get(key: string): string | null {
          const entry = cache.get(key);
          if (!entry) return null;
          if (entry.expiresAt <= now()) {
            cache.delete(key);
            return null;
          }
          return entry.value;
        },
        set(key: string, value: string, ttlMs: number): void {
          cache.set(key, { value, expiresAt: now() + Math.max(0, ttlMs) });
        },
      },
    };
  }

  /** Forgets a channel's cached tokens (channel removed or credentials changed). */
  forget(channelId: string): void {
    this.caches.delete(channelId);
  }

  private cacheOf(channelId: string): Map<string, Entry> {
    let cache = this.caches.get(channelId);
    if (!cache) {
      cache = new Map();
      this.caches.set(channelId, cache);
    }
    return cache;
  }
}
