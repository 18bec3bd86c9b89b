/**
 * Admin routes of WhatsApp templates synced with Meta: the sync state and
 * "sync now" per channel, deleting a template (at Meta too) and uploading a
 * media header's sample for Meta's review. Creating and changing templates
 * stay `POST /api/templates` and `PATCH /api/templates/:id` (admin-routes.ts).
 * The services check the role: an agent is refused whatever the UI shows.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Template } from '../../shared/domain.js';
import {
  HeaderSampleRequest,
  HeaderSampleResponse,
  TemplateSyncQuery,
  TemplateSyncResult,
  TemplateSyncState,
} from '../../shared/templates.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

interface Deps {
  readonly services: HubServices;
}

export const templateAdminRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services }) => {
  const { templates, templateSync } = services;
  app.get(
    '/api/templates/sync',
    {
      schema: {
        summary: 'How a channel’s templates are kept and how their last sync with Meta went',
        querystring: TemplateSyncQuery,
        response: { 200: TemplateSyncState },
      },
    },
    async (request) => await templateSync.state(signedIn(request), request.query.channelId),
  );
  app.post(
    '/api/templates/sync',
    {
      schema: {
        summary: 'Read the WhatsApp Business Account’s templates now',
        querystring: TemplateSyncQuery,
        response: { 200: TemplateSyncResult },
      },
    },
    async (request) => templateSync.sync(signedIn(request), request.query.channelId),
  );
  app.post(
    '/api/templates/header-sample',
    {
      schema: {
        summary: 'Upload a media header’s sample for Meta’s review',
        body: HeaderSampleRequest,
        response: { 200: HeaderSampleResponse },
      },
    },
    async (request) => templates.uploadHeaderSample(signedIn(request), request.body),
  );
  app.delete(
    '/api/templates/:id',
    {
      schema: {
        summary: 'Delete a template (WhatsApp: at Meta too, this language only)',
        params: IdParams,
        response: { 200: Template },
      },
    },
    async (request) => templates.remove(signedIn(request), request.params.id),
  );
};
