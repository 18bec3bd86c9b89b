/**
 * Canned replies over HTTP: list, create, change, delete. The schemas
 * validate; the service decides who may (team replies: admins; personal ones:
 * their owner) and logs each change for the clients' caches.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateCannedReplyRequest,
  ListCannedRepliesQuery,
  UpdateCannedReplyRequest,
} from '../../shared/canned-replies.js';
import { CannedReply } from '../../shared/domain.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const cannedReplyRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { cannedReplies } = services;
  app.get(
    '/api/canned-replies',
    {
      schema: {
        summary: 'The team’s canned replies on the visible channels and the caller’s own',
        querystring: ListCannedRepliesQuery,
        response: { 200: z.object({ items: z.array(CannedReply) }) },
      },
    },
    async (request) => ({ items: await cannedReplies.list(signedIn(request), request.query) }),
  );
  app.post(
    '/api/canned-replies',
    {
      schema: {
        summary: 'Create a team (admins) or personal canned reply',
        body: CreateCannedReplyRequest,
        response: { 201: CannedReply },
      },
    },
    async (request, reply) => reply.status(201).send(await cannedReplies.create(signedIn(request), request.body)),
  );
  app.patch(
    '/api/canned-replies/:id',
    {
      schema: {
        summary: 'Change a canned reply',
        params: IdParams,
        body: UpdateCannedReplyRequest,
        response: { 200: CannedReply },
      },
    },
    async (request) => await cannedReplies.update(signedIn(request), request.params.id, request.body),
  );
  app.delete(
    '/api/canned-replies/:id',
    { schema: { summary: 'Delete a canned reply', params: IdParams, response: { 204: z.undefined() } } },
    async (request, reply) => {
      await cannedReplies.remove(signedIn(request), request.params.id);
      return reply.status(204).send();
    },
  );
};
