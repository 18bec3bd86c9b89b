/**
 * An AdapterContext for adapter tests: the real `fetch`, a clock the test can
 * move, and an in-memory cache that honours TTLs against that clock (WeChat
 * access tokens are cached there).
 */
import type { AdapterContext } from '../../../src/hub/channels/types.js';

export interface TestAdapterContext extends AdapterContext {
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** What the cache holds now (expired entries excluded). */
  cached(key: string): string | null;
}

export function memoryAdapterContext(start = Date.UTC(2025, 0, 15, 9, 0, 0)): TestAdapterContext {
  let now = start;
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const get = (key: string): string | null => {
    const entry = entries.get(key);
    if (!entry || entry.expiresAt <= now) return null;
    return entry.value;
  };
  return {
    fetch,
    now: () => now,
    cache: {
      get,
      set: (key, value, ttlMs) => {
        entries.set(key, { value, expiresAt: now + ttlMs });
      },
    },
    advance: (ms) => {
      now += ms;
    },
    cached: get,
  };
}
