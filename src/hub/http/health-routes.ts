/** GET /health: liveness for load balancers and the CLI's own checks. */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { HealthResponse } from '../../shared/protocol.js';
import type { Store } from '../store/store.js';

export function registerHealthRoutes(app: FastifyInstance, store: Store, version: string): void {
  app.get('/health', async (): Promise<z.infer<typeof HealthResponse>> => ({
    status: 'ok',
    version,
    seq: store.events.latestSeq(),
  }));
}
