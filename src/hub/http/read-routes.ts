/** Read API for integrations and tools: the same visibility as the socket. */
import type { FastifyInstance } from 'fastify';
import { parseOrThrow } from '../../shared/errors.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams, TemplateListQuery } from './params.js';
import { actorOf } from './request-auth.js';

export function registerReadRoutes(app: FastifyInstance, services: HubServices): void {
  app.get('/api/agents', async (request) => ({ items: services.agents.list(actorOf(services, request)) }));
  app.get('/api/agents/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.agents.get(actorOf(services, request), id);
  });
  app.get('/api/channels', async (request) => ({ items: services.channels.list(actorOf(services, request)) }));
  app.get('/api/channels/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.channels.get(actorOf(services, request), id);
  });
  app.get('/api/templates', async (request) => {
    const { channelId } = parseOrThrow(TemplateListQuery, request.query);
    return { items: services.templates.list(actorOf(services, request), channelId) };
  });
  app.get('/api/conversations', async (request) =>
    services.conversations.list(actorOf(services, request), request.query),
  );
  app.get('/api/conversations/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.conversations.get(actorOf(services, request), id);
  });
  app.get('/api/conversations/:id/messages', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.conversations.messages(actorOf(services, request), id, request.query);
  });
  app.get('/api/contacts/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.contacts.get(actorOf(services, request), id);
  });
}
