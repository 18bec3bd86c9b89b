/** Agent actions on a conversation over HTTP, for integrations: the same schema and checks as the socket commands. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Conversation } from '../../shared/domain.js';
import { SetLabelsRequest } from '../../shared/protocol.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

/** `conversation.setLabels` without the id, which the path carries. */
const LabelsBody = SetLabelsRequest.omit({ conversationId: true });

export const conversationRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.put(
    '/api/conversations/:id/labels',
    { schema: { summary: 'Replace the labels', params: IdParams, body: LabelsBody, response: { 200: Conversation } } },
    async (request) =>
      await services.conversations.setLabels(signedIn(request), { conversationId: request.params.id, ...request.body }),
  );
};
