import { describe, expect, it } from 'vitest';
import { backoffOf, delayFor, mayRetry, retryDelay, type BackoffPolicy } from '../../src/node-shared/backoff.js';

const steady: BackoffPolicy = { baseMs: 1000, maxMs: 30_000, jitter: 'none' };

describe('retry backoff', () => {
  it('waits the base delay after the first failure and twice as long after each further one', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => delayFor(steady, attempt))).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('grows by the policy’s own factor when it names one', () => {
    const triple: BackoffPolicy = { ...steady, factor: 3 };
    expect([1, 2, 3].map((attempt) => delayFor(triple, attempt))).toEqual([1000, 3000, 9000]);
  });

  it('never waits longer than the maximum, however long the failures go on', () => {
    for (const attempt of [6, 7, 60, 1100, 1_000_000]) expect(delayFor(steady, attempt)).toBe(30_000);
  });

  it('full jitter spreads the wait over the whole delay, from nothing to the delay itself', () => {
    const full: BackoffPolicy = { ...steady, jitter: 'full' };
    const delays = [0, 0.25, 0.5, 0.999].map((r) => delayFor(full, 3, { random: () => r }));
    expect(delays).toEqual([0, 1000, 2000, 3996]);
    for (let i = 0; i < 200; i += 1) {
      const delay = delayFor(full, 3);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });

  it('equal jitter keeps at least half the delay, so a retry is never immediate', () => {
    const equal: BackoffPolicy = { ...steady, jitter: 'equal' };
    const delays = [0, 0.5, 0.999].map((r) => delayFor(equal, 3, { random: () => r }));
    expect(delays).toEqual([2000, 3000, 3998]);
    expect(delayFor(equal, 100, { random: () => 0.999_999 })).toBeLessThanOrEqual(30_000);
  });

  it('waits out a provider’s Retry-After when it asks for longer than the backoff', () => {
    expect(delayFor(steady, 1, { retryAfterMs: 7000 })).toBe(7000);
    // A shorter advice does not make the retry come sooner than the backoff.
    expect(delayFor(steady, 3, { retryAfterMs: 500 })).toBe(4000);
    expect(delayFor(steady, 3, { retryAfterMs: null })).toBe(4000);
    // Even under full jitter the advised wait is the floor.
    expect(delayFor({ ...steady, jitter: 'full' }, 1, { retryAfterMs: 2500, random: () => 0 })).toBe(2500);
  });

  it('caps a Retry-After at the maximum, so one bad header cannot park the retries for hours', () => {
    expect(delayFor(steady, 1, { retryAfterMs: 6 * 60 * 60 * 1000 })).toBe(30_000);
  });

  it('gives up once the attempts are used up, counting the first try', () => {
    const three: BackoffPolicy = { ...steady, maxAttempts: 3 };
    expect([1, 2, 3, 4].map((made) => retryDelay(three, made))).toEqual([1000, 2000, null, null]);
    expect(mayRetry(three, 2)).toBe(true);
    expect(mayRetry(three, 3)).toBe(false);
    expect(retryDelay(steady, 1000)).toBe(30_000);
  });

  it('the hub’s retry settings become a policy that waits exactly the steps, for as many tries', () => {
    const policy = backoffOf({ baseDelayMs: 20, maxDelayMs: 50, maxAttempts: 4 });
    expect([1, 2, 3, 4].map((made) => retryDelay(policy, made, { random: () => 0 }))).toEqual([20, 40, 50, null]);
  });
});
