/**
 * Channel health for admins (docs/protocol.md §2.8): every channel's facts
 * and status, one channel's, and a check now. The service refuses anyone but
 * an admin (403), whatever the client shows.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ChannelHealth, ChannelHealthList } from '../../shared/admin/health.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const healthAdminRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { health } = services;
  app.get(
    '/api/channels/health',
    { schema: { summary: 'Every channel’s health', response: { 200: ChannelHealthList } } },
    async (request) => ({ items: await health.list(signedIn(request)) }),
  );
  app.get(
    '/api/channels/:id/health',
    { schema: { summary: 'One channel’s health', params: IdParams, response: { 200: ChannelHealth } } },
    async (request) => await health.get(signedIn(request), request.params.id),
  );
  app.post(
    '/api/channels/:id/health/check',
    {
      schema: {
        summary: 'Ask the provider now: token, webhook, number quality',
        params: IdParams,
        response: { 200: ChannelHealth },
      },
    },
    async (request) => health.check(signedIn(request), request.params.id),
  );
};
