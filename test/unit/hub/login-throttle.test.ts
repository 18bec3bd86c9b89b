import { describe, expect, it } from 'vitest';
import { LoginThrottler } from '../../../src/hub/services/login-throttle.js';

describe('failed sign-in throttling', () => {
  it('allows a few attempts, then makes the caller wait longer after each further attempt', () => {
    let now = 0;
    const throttle = new LoginThrottler({ freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 3000 }, () => now);
    const attempt = () => throttle.begin('a@example.com', '10.0.0.1');
    expect(attempt).not.toThrow();
    expect(() => throttle.begin('A@example.com', '10.0.0.1')).not.toThrow();
    expect(attempt).toThrow(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterMs: 1000 } }));
    expect(() => throttle.begin('a@example.com', '10.0.0.2')).not.toThrow();
    now = 1000;
    expect(attempt).not.toThrow();
    now = 2500;
    expect(attempt).toThrow();
    now = 3000;
    expect(attempt).not.toThrow();
    now = 5999;
    expect(attempt).toThrow();
    now = 6000;
    expect(attempt).not.toThrow();
    throttle.recordSuccess('a@example.com', '10.0.0.1');
    expect(attempt).not.toThrow();
    expect(attempt).not.toThrow();
  });

  it('counts attempts when they start, so attempts still running use up the allowance', () => {
    const throttle = new LoginThrottler({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 3000 }, () => 0);
    const attempt = () => throttle.begin('a@example.com', '10.0.0.1');
    for (let i = 0; i < 3; i++) expect(attempt).not.toThrow();
    for (let i = 0; i < 7; i++) expect(attempt).toThrow(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS' }));
  });
});
