/**
 * Channel administration beyond create/change (admin-routes.ts): the channel
 * trash and its restore, and the setup instructions of a saved channel. The
 * services refuse anyone but an admin.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ChannelSetup } from '../../shared/channel-setup.js';
import { Channel } from '../../shared/domain.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const channelAdminRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { channelTrash, channelSetup } = services;
  app.get(
    '/api/channels/trash',
    {
      schema: {
        summary: 'Channels in the trash, most recently trashed first',
        response: { 200: z.object({ items: z.array(Channel) }) },
      },
    },
    async (request) => ({ items: await channelTrash.list(signedIn(request)) }),
  );
  app.post(
    '/api/channels/:id/restore',
    {
      schema: {
        summary: 'Restore a channel from the trash, with its conversations',
        params: IdParams,
        response: { 200: Channel },
      },
    },
    async (request) => await channelTrash.restore(signedIn(request), request.params.id),
  );
  app.get(
    '/api/channels/:id/setup',
    {
      schema: {
        summary: 'What to set in the provider’s console for this channel',
        params: IdParams,
        response: { 200: ChannelSetup },
      },
    },
    async (request) => await channelSetup.setup(signedIn(request), request.params.id),
  );
};
