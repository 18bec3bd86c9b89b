import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../../src/main/core/connection/backoff.js';

describe('reconnect backoff', () => {
  it('waits longer after each failed attempt, doubling from half a second', () => {
    const fixed = [0, 1, 2, 3, 4].map((attempt) => reconnectDelay(attempt, 0));
    expect(fixed).toEqual([250, 500, 1000, 2000, 4000]);
  });

  it('never waits more than thirty seconds, however long the hub stays down', () => {
    for (const attempt of [10, 16, 17, 100, 10_000]) {
      expect(reconnectDelay(attempt, 0.999_999)).toBeLessThanOrEqual(30_000);
      expect(reconnectDelay(attempt, 0)).toBe(15_000);
    }
  });

  it('spreads clients over the second half of each delay so a hub restart is not met by everyone at once', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((random) => reconnectDelay(3, random));
    expect(delays).toEqual([2000, 2500, 3000, 3500, 3998]);
    expect(new Set(delays).size).toBe(delays.length);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThan(4000);
    }
  });
});
