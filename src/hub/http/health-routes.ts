/** GET /health: liveness for load balancers and the CLI's own checks (public). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse } from '../../shared/protocol.js';
import type { Store } from '../store/store.js';

export const healthRoutes: FastifyPluginAsyncZod<{ store: Store; version: string }> = async (
  app,
  { store, version },
) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: { summary: 'Liveness and the latest event seq', response: { 200: HealthResponse } },
    },
    async () => ({ status: 'ok' as const, version, seq: await store.events.latestSeq() }),
  );
};
