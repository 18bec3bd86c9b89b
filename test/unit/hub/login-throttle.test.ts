import { describe, expect, it } from 'vitest';
import { LoginThrottler } from '../../../src/hub/services/login-throttle.js';

describe('failed sign-in throttling', () => {
  it('allows a few attempts, then makes the caller wait longer after each further failure', () => {
    let now = 0;
    const throttle = new LoginThrottler({ freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 3000 }, () => now);
    const attempt = () => throttle.check('a@example.com', '10.0.0.1');
    throttle.recordFailure('a@example.com', '10.0.0.1');
    expect(attempt).not.toThrow();
    throttle.recordFailure('A@example.com', '10.0.0.1');
    expect(attempt).toThrow(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS' }));
    expect(() => throttle.check('a@example.com', '10.0.0.2')).not.toThrow();
    now = 1000;
    expect(attempt).not.toThrow();
    throttle.recordFailure('a@example.com', '10.0.0.1');
    now = 2500;
    expect(attempt).toThrow();
    now = 3000;
    throttle.recordFailure('a@example.com', '10.0.0.1');
    now = 5999;
    expect(attempt).toThrow();
    now = 6000;
    expect(attempt).not.toThrow();
    throttle.recordSuccess('a@example.com', '10.0.0.1');
    throttle.recordFailure('a@example.com', '10.0.0.1');
    expect(attempt).not.toThrow();
  });
});
