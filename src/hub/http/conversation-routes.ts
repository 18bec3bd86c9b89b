/** Agent actions on a conversation over HTTP, for integrations: the same checks as the socket commands. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '../../shared/errors.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { actorOf } from './request-auth.js';

const LabelsBody = z.object({ labels: z.unknown() });

export function registerConversationRoutes(app: FastifyInstance, services: HubServices): void {
  app.put('/api/conversations/:id/labels', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    const { labels } = parseOrThrow(LabelsBody, request.body);
    return services.conversations.setLabels(actorOf(services, request), { conversationId: id, labels });
  });
}
