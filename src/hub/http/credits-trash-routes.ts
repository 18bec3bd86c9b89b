/**
 * Admin API of credits and the contacts trash: the low-balance warning of a
 * WhatsApp channel, the trashed contacts (searched, paged) and the permanent
 * purge of one. Top-up, cancellation and the ledger are in admin-routes.ts;
 * the services check the role.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  PurgeContactRequest,
  PurgeResult,
  ThresholdRequest,
  TrashPage,
  TrashQuery,
} from '../../shared/admin/credits-trash.js';
import { Credits } from '../../shared/domain.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const creditsTrashRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { credits, contactTrash } = services;
  app.put(
    '/api/channels/:id/credits/threshold',
    {
      schema: {
        summary: 'Set or clear the low-balance warning of a WhatsApp channel',
        params: IdParams,
        body: ThresholdRequest,
        response: { 200: Credits },
      },
    },
    async (request) => await credits.setThreshold(signedIn(request), request.params.id, request.body),
  );
  app.get(
    '/api/contacts/trash',
    {
      schema: {
        summary: 'Trashed contacts, most recently trashed first, searched',
        querystring: TrashQuery,
        response: { 200: TrashPage },
      },
    },
    async (request) => await contactTrash.list(signedIn(request), request.query),
  );
  app.delete(
    '/api/contacts/:id',
    {
      schema: {
        summary: 'Delete a trashed contact permanently, with its conversations and messages',
        params: IdParams,
        body: PurgeContactRequest,
        response: { 200: PurgeResult },
      },
    },
    async (request) => contactTrash.purge(signedIn(request), request.params.id, request.body),
  );
};
