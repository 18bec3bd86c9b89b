/** POST /api/auth/login (public, rate-limited per address), POST /api/auth/logout, GET /api/auth/me. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Agent } from '../../shared/domain.js';
import { LoginRequest, LoginResponse } from '../../shared/protocol.js';
import type { HubServices } from '../services/hub-services.js';
import { signInRateLimit } from './rate-limits.js';
import { signedIn } from './request-auth.js';

export const authRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: signInRateLimit },
      schema: { summary: 'Sign in: a bearer token', body: LoginRequest, response: { 200: LoginResponse } },
    },
    async (request) => services.auth.login(request.body, request.ip),
  );

  app.post(
    '/api/auth/logout',
    { schema: { summary: 'Revoke this token', response: { 204: z.undefined() } } },
    async (request, reply) => {
      services.auth.logout(signedIn(request));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { summary: 'The signed-in agent', response: { 200: z.object({ agent: Agent }) } } },
    async (request) => ({ agent: services.agents.toAgent(signedIn(request).agent) }),
  );
};
