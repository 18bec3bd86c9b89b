/**
 * Writing first over HTTP (docs/protocol.md, "Writing first"): an agent starts a conversation with a
 * contact or, on WhatsApp, a phone number. The shared schema validates; the service decides what the
 * provider allows and sends the first message through the normal outbound path.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { StartConversationRequest, StartConversationResult } from '../../shared/outreach.js';
import type { HubServices } from '../services/hub-services.js';
import { signedIn } from './request-auth.js';

export const outreachRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/api/conversations',
    {
      schema: {
        summary: 'Start a conversation with a contact or a WhatsApp number (writing first)',
        body: StartConversationRequest,
        response: { 201: StartConversationResult, 200: StartConversationResult },
      },
    },
    async (request, reply) => {
      const result = await services.outreach.start(signedIn(request), request.body);
      return reply.status(result.createdConversation ? 201 : 200).send(result);
    },
  );
};
