/** The channels' queues (services/routing/): length and oldest wait of each channel the agent may read. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { QueuesResponse } from '../../shared/protocol.js';
import { readableChannelIds } from '../services/actor.js';
import type { HubServices } from '../services/hub-services.js';
import type { Store } from '../store/store.js';
import { signedIn } from './request-auth.js';

export const queueRoutes: FastifyPluginAsyncZod<{ services: HubServices; store: Store }> = async (
  app,
  { services, store },
) => {
  app.get(
    '/api/queues',
    {
      schema: {
        summary: 'Each readable channel’s queue: conversations waiting for an agent, and since when',
        response: { 200: QueuesResponse },
      },
    },
    async (request) => ({ queues: await services.routing.queues(await readableChannelIds(store, signedIn(request))) }),
  );
};
