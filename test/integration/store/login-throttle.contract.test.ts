/**
 * The sign-in throttle on both stores (services/login-throttle.ts over store/ports/login-throttle.ts): a few
 * free attempts per email + address, then waits that double, a success starting over — and on Postgres, two
 * hub nodes on one database counting the same attempts.
 */
import { describe, expect, it, test } from 'vitest';
import { LoginThrottler, THROTTLE_MEMORY_MS } from '../../../src/hub/services/login-throttle.js';
import { describeStores, twoPostgresNodes } from './stores.js';

const RULES = { freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 3000 };

/** The attempt's outcome as a caller sees it: allowed, or the wait TOO_MANY_ATTEMPTS names. */
async function outcome(attempt: Promise<void>): Promise<'allowed' | number> {
  try {
    await attempt;
    return 'allowed';
  } catch (error) {
    const e = error as { code?: string; details?: { retryAfterMs?: number } };
    if (e.code !== 'TOO_MANY_ATTEMPTS' || e.details?.retryAfterMs === undefined) throw error;
    return e.details.retryAfterMs;
  }
}

describeStores('login throttle', ({ open }) => {
  test('allows a few attempts, then makes the caller wait longer after each further attempt', async () => {
    const store = await open();
    let now = 0;
    const throttle = new LoginThrottler(store, RULES, () => now);
    const attempt = () => outcome(throttle.begin('a@example.com', '10.0.0.1'));
    expect(await attempt()).toBe('allowed');
    // The email in another case is the same account.
    expect(await outcome(throttle.begin('A@example.com', '10.0.0.1'))).toBe('allowed');
    expect(await attempt()).toBe(1000);
    // Another address has its own allowance.
    expect(await outcome(throttle.begin('a@example.com', '10.0.0.2'))).toBe('allowed');
    now = 1000;
    expect(await attempt()).toBe('allowed');
    now = 2500;
    expect(await attempt()).toBe(500);
    now = 3000;
    expect(await attempt()).toBe('allowed');
    now = 5999;
    // Capped at maxDelayMs.
    expect(await attempt()).toBe(1);
    now = 6000;
    expect(await attempt()).toBe('allowed');
    await throttle.recordSuccess('a@example.com', '10.0.0.1');
    expect(await attempt()).toBe('allowed');
    expect(await attempt()).toBe('allowed');
    expect(await attempt()).toBe(1000);
  });

  test('counts attempts when they start, so attempts still running use up the allowance', async () => {
    const store = await open();
    const throttle = new LoginThrottler(store, { ...RULES, freeAttempts: 3 }, () => 0);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => outcome(throttle.begin('a@example.com', '10.0.0.1'))),
    );
    expect(results.filter((r) => r === 'allowed')).toHaveLength(3);
  });

  test('housekeeping forgets keys nobody tried for a day, never one still blocked', async () => {
    const store = await open();
    let now = 0;
    const long = { freeAttempts: 1, baseDelayMs: 2 * THROTTLE_MEMORY_MS, maxDelayMs: 2 * THROTTLE_MEMORY_MS };
    const throttle = new LoginThrottler(store, RULES, () => now);
    const blocking = new LoginThrottler(store, long, () => now);
    await throttle.begin('old@example.com', '10.0.0.1');
    await throttle.begin('old@example.com', '10.0.0.1');
    await blocking.begin('blocked@example.com', '10.0.0.1');
    now = THROTTLE_MEMORY_MS - 1;
    await throttle.begin('recent@example.com', '10.0.0.1');
    await throttle.begin('recent@example.com', '10.0.0.1');
    now = THROTTLE_MEMORY_MS + 1;
    expect(await throttle.purge()).toBe(1);
    // Forgotten: a fresh allowance. Kept: the recent key's next attempt waits; the blocked key stays blocked.
    expect(await outcome(throttle.begin('old@example.com', '10.0.0.1'))).toBe('allowed');
    expect(await outcome(throttle.begin('recent@example.com', '10.0.0.1'))).toBe(998);
    expect(await outcome(throttle.begin('blocked@example.com', '10.0.0.1'))).toBe(
      2 * THROTTLE_MEMORY_MS - THROTTLE_MEMORY_MS - 1,
    );
  });
});

describe('login throttle on Postgres with several nodes', () => {
  const twoNodes = twoPostgresNodes('throttle', 8);

  it('counts the failures made on both nodes against one allowance', async () => {
    const [a, b] = await twoNodes();
    const rules = { freeAttempts: 5, baseDelayMs: 2000, maxDelayMs: 15 * 60_000 };
    const onA = new LoginThrottler(a, rules, () => 0);
    const onB = new LoginThrottler(b, rules, () => 0);
    // 40 guesses at once, half through each node: five get to try a password, whichever node they reached.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => outcome((i % 2 === 0 ? onA : onB).begin('a@example.com', '10.0.0.1'))),
    );
    expect(results.filter((r) => r === 'allowed')).toHaveLength(5);
    expect(new Set(results.filter((r) => r !== 'allowed'))).toEqual(new Set([2000]));
    // A success on one node starts the count over for the other.
    await onB.recordSuccess('a@example.com', '10.0.0.1');
    expect(await outcome(onA.begin('a@example.com', '10.0.0.1'))).toBe('allowed');
  });
});
