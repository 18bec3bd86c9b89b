/**
 * Admin API: agents, channels (+ links, credentials, credits), templates and
 * the contact trash. Handlers only validate ids and call a service; the
 * services check the role and permissions.
 */
import type { FastifyInstance } from 'fastify';
import { parseOrThrow } from '../../shared/errors.js';
import type { HubServices } from '../services/hub-services.js';
import { ChannelAgentParams, IdParams } from './params.js';
import { actorOf } from './request-auth.js';

export function registerAgentRoutes(app: FastifyInstance, services: HubServices): void {
  app.post('/api/agents', async (request, reply) => {
    const agent = await services.agents.create(actorOf(services, request), request.body);
    return reply.status(201).send(agent);
  });
  app.patch('/api/agents/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.agents.update(actorOf(services, request), id, request.body);
  });
  app.post('/api/agents/:id/deactivate', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.agents.deactivate(actorOf(services, request), id);
  });
}

export function registerChannelRoutes(app: FastifyInstance, services: HubServices): void {
  app.post('/api/channels', async (request, reply) => {
    const channel = services.channels.create(actorOf(services, request), request.body);
    return reply.status(201).send(channel);
  });
  app.patch('/api/channels/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.channels.update(actorOf(services, request), id, request.body);
  });
  app.put('/api/channels/:id/credentials', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.channels.replaceCredentials(actorOf(services, request), id, request.body);
  });
  app.delete('/api/channels/:id', async (request, reply) => {
    const { id } = parseOrThrow(IdParams, request.params);
    services.channels.remove(actorOf(services, request), id);
    return reply.status(204).send();
  });
  app.post('/api/channels/:id/agents', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.channels.link(actorOf(services, request), id, request.body);
  });
  app.delete('/api/channels/:id/agents/:agentId', async (request) => {
    const { id, agentId } = parseOrThrow(ChannelAgentParams, request.params);
    return services.channels.unlink(actorOf(services, request), id, agentId);
  });
  app.post('/api/channels/:id/credits/top-up', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.credits.topUp(actorOf(services, request), id, request.body);
  });
  app.put('/api/channels/:id/credits/cancellation', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.credits.setCancellation(actorOf(services, request), id, request.body);
  });
  app.get('/api/channels/:id/credits/ledger', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return { items: services.credits.ledger(actorOf(services, request), id) };
  });
}

export function registerTemplateRoutes(app: FastifyInstance, services: HubServices): void {
  app.post('/api/templates', async (request, reply) => {
    const template = services.templates.create(actorOf(services, request), request.body);
    return reply.status(201).send(template);
  });
  app.patch('/api/templates/:id', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.templates.update(actorOf(services, request), id, request.body);
  });
}

export function registerContactTrashRoutes(app: FastifyInstance, services: HubServices): void {
  app.post('/api/contacts/:id/trash', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.contacts.trash(actorOf(services, request), id);
  });
  app.post('/api/contacts/:id/restore', async (request) => {
    const { id } = parseOrThrow(IdParams, request.params);
    return services.contacts.restore(actorOf(services, request), id);
  });
}
