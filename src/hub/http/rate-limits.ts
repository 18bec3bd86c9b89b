/**
 * Rate limits of the HTTP API, through @fastify/rate-limit (route option
 * `config.rateLimit`, counted in an onRequest hook before any body is read):
 * sign-ins per client address, on top of the per-account throttle of
 * services/login-throttle.ts, so one address cannot try a list of accounts;
 * uploads per agent, so one session cannot fill the disk or the hub's
 * bandwidth. Other routes are not limited. Refusals are our error body,
 * RATE_LIMITED with `details.retryAfterMs`, and a Retry-After header.
 *
 * Counters are kept in memory by each hub process: hubs behind a load
 * balancer each count their own share.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';

export interface RateLimit {
  readonly max: number;
  readonly timeWindow: number;
}

const MINUTE_MS = 60_000;
/** An office behind one address signing in at 9:00 stays well under this; a list of accounts does not. */
export const SIGN_IN_LIMIT: RateLimit = { max: 30, timeWindow: MINUTE_MS };
/** The client uploads each file of a reply once (≤ 10 per reply); this is a dozen full replies a minute. */
export const UPLOAD_LIMIT: RateLimit = { max: 120, timeWindow: MINUTE_MS };

/** The limiter is a route-level onRequest hook, which Fastify runs after the app's authentication hook. */
const byAgent = (request: FastifyRequest): string => request.actor?.agent.id ?? request.ip;

export const signInRateLimit = { ...SIGN_IN_LIMIT, keyGenerator: (request: FastifyRequest) => request.ip };
export const uploadRateLimit = { ...UPLOAD_LIMIT, keyGenerator: byAgent };

export function registerRateLimits(app: FastifyInstance): void {
  app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests: try again in ${context.after}.`, {
        retryAfterMs: context.ttl,
      }),
  });
}
