/**
 * Tickets by hand (docs/lifecycle.md, "Conversations and tickets"): an agent with "update" converts a
 * conversation to a ticket or edits its subject; an admin converts a channel's open conversations when
 * turning auto-convert on. Each answer's change also reaches every client through the event log.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Conversation } from '../../shared/domain.js';
import { ConvertOpenResult, SetTicketSubjectRequest } from '../../shared/tickets.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const ticketRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/api/conversations/:id/ticket',
    {
      schema: {
        summary: 'Convert the conversation to a ticket (answered as is when it has one)',
        params: IdParams,
        response: { 200: Conversation },
      },
    },
    async (request) => await services.tickets.convert(signedIn(request), request.params.id),
  );
  app.put(
    '/api/conversations/:id/ticket/subject',
    {
      schema: {
        summary: 'Change the subject of the conversation’s ticket',
        params: IdParams,
        body: SetTicketSubjectRequest,
        response: { 200: Conversation },
      },
    },
    async (request) => await services.tickets.setSubject(signedIn(request), request.params.id, request.body),
  );
  app.post(
    '/api/channels/:id/convert-open',
    {
      schema: {
        summary: 'Give each open conversation of the channel without a ticket one; answers how many (admins)',
        params: IdParams,
        response: { 200: ConvertOpenResult },
      },
    },
    async (request) => ({ converted: await services.tickets.convertOpen(signedIn(request), request.params.id) }),
  );
};
