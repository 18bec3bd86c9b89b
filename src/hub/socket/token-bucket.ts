/**
 * A token bucket: `burst` commands at once, then `perSecond` on average.
 * Socket commands are not HTTP requests, so @fastify/rate-limit (which hooks
 * Fastify's request lifecycle) cannot see them; this is the whole mechanism
 * they need, a few numbers per socket. Real time (performance.now): tests may
 * move the hub's clock by days, which must not refill anyone's bucket.
 */
import { performance } from 'node:perf_hooks';

export interface BucketRule {
  readonly burst: number;
  readonly perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly rule: BucketRule,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = rule.burst;
    this.refilledAt = this.now();
  }

  /** Takes one token: false when the bucket is empty (the command is to be dropped). */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.rule.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rule.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
