/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. */
import type { FastifyInstance } from 'fastify';
import type { HubServices } from '../services/hub-services.js';
import { actorOf } from './request-auth.js';

export function registerAuthRoutes(app: FastifyInstance, services: HubServices): void {
  app.post('/api/auth/login', async (request) => services.auth.login(request.body, request.ip));

  app.post('/api/auth/logout', async (request, reply) => {
    services.auth.logout(actorOf(services, request));
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    const actor = actorOf(services, request);
    return { agent: services.agents.toAgent(actor.agent) };
  });
}
