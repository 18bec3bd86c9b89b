/**
 * POST /api/auth/login (public, rate-limited per address), POST /api/auth/logout, GET /api/auth/me,
 * POST /api/auth/password (the signed-in agent's own password).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Agent } from '../../shared/domain.js';
import { ChangePasswordRequest, LoginRequest, LoginResponse } from '../../shared/protocol.js';
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
      await services.auth.logout(signedIn(request));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        summary: 'Change my password; my other sessions are revoked, this token keeps working',
        body: ChangePasswordRequest,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await services.auth.changePassword(signedIn(request), request.body, request.ip);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { summary: 'The signed-in agent', response: { 200: z.object({ agent: Agent }) } } },
    async (request) => ({ agent: services.agents.toAgent(signedIn(request).agent) }),
  );
};
