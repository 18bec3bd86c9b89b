/**
 * GET /health and GET /ready (both public, neither reads a body): liveness and readiness, for load balancers,
 * orchestrators and the CLI's own checks (docs/scaling.md, "Health and readiness").
 *
 * - /health: the process is up and answers. It never fails because the database does: a Postgres blip must
 *   not make an orchestrator restart every healthy node at once. It still tells the latest event seq when the
 *   database answers within HEALTH_DB_TIMEOUT_MS (null otherwise).
 * - /ready: 200 only when this node can serve: started (migrations ran before the hub was built), not
 *   stopping, and its database answers a one-row read within READY_DB_TIMEOUT_MS. Otherwise 503 with
 *   HUB_STARTING / HUB_STOPPING / DATABASE_UNAVAILABLE / DATABASE_TIMEOUT, so HAProxy stops sending it requests.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ErrorBody } from '../../shared/errors.js';
import { HealthResponse, ReadyResponse } from '../../shared/protocol.js';
import type { Store } from '../store/store.js';

/** Where the hub is in its life: only `serving` is ready. */
export type HubReadiness = 'starting' | 'serving' | 'stopping';

/** How long /ready waits for the database: a load balancer's check must get its answer well within its timeout. */
export const READY_DB_TIMEOUT_MS = 2000;
/** How long /health waits for the seq before answering without it. */
const HEALTH_DB_TIMEOUT_MS = 1000;

const TIMED_OUT = Symbol('timed out');

/** `read` settled, or TIMED_OUT after `ms` (the read itself goes on; the pool's statement_timeout ends it). */
async function within<T>(read: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ store: Store; version: string }> = async (
  app,
  { store, version },
) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness and, when the database answers at once, the latest event seq',
        response: { 200: HealthResponse },
      },
    },
    async () => {
      const seq = await within(store.events.latestSeq(), HEALTH_DB_TIMEOUT_MS).catch(() => null);
      return { status: 'ok' as const, version, seq: seq === TIMED_OUT ? null : seq };
    },
  );
};

/** Registered by the hub itself (server.ts), which knows whether it is started or stopping. */
export const readyRoutes: FastifyPluginAsyncZod<{
  store: Store;
  version: string;
  readiness: () => HubReadiness;
}> = async (app, { store, version, readiness }) => {
  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        summary: 'Readiness: 200 when this node serves (started, not stopping, database answering), else 503',
        response: { 200: ReadyResponse, 503: z.object({ error: ErrorBody }) },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      const state = readiness();
      if (state === 'starting') throw new AppError('HUB_STARTING', 'the hub is starting: not serving yet');
      if (state === 'stopping') throw new AppError('HUB_STOPPING', 'this hub node is shutting down: use another node');
      let seq: number | typeof TIMED_OUT;
      try {
        seq = await within(store.events.latestSeq(), READY_DB_TIMEOUT_MS);
      } catch (error) {
        if (error instanceof AppError && error.code.startsWith('DATABASE_')) throw error;
        throw Object.assign(new AppError('DATABASE_UNAVAILABLE', 'the database did not answer a read'), {
          cause: error,
        });
      }
      if (seq === TIMED_OUT)
        throw new AppError('DATABASE_TIMEOUT', `the database did not answer within ${READY_DB_TIMEOUT_MS} ms`);
      return { status: 'ready' as const, version, seq };
    },
  );
};
