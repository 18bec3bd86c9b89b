/**
 * The admin console's agent routes: the list with each agent's sign-in state,
 * creating an agent with a temporary password or an invitation link,
 * password resets, reactivation, and channel links set many at once. The
 * services check the admin role; an agent is refused whatever it sends.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AgentAccess,
  InviteAgentRequest,
  IssuedAccess,
  ResetPasswordRequest,
  SetLinksRequest,
  SetLinksResponse,
} from '../../shared/agent-access.js';
import { Agent } from '../../shared/domain.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const agentAdminRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { agents, agentAccess, channelLinks } = services;
  app.get(
    '/api/agents/access',
    {
      schema: {
        summary: 'Every agent with sign-in state, linked channels and open conversations (admin)',
        response: { 200: z.object({ items: z.array(AgentAccess) }) },
      },
    },
    async (request) => ({ items: await agentAccess.list(signedIn(request)) }),
  );
  app.post(
    '/api/agents/invite',
    {
      schema: {
        summary: 'Create an agent with a temporary password or an invitation link, shown once',
        body: InviteAgentRequest,
        response: { 201: IssuedAccess },
      },
    },
    async (request, reply) => reply.status(201).send(await agentAccess.invite(signedIn(request), request.body)),
  );
  app.post(
    '/api/agents/:id/reset-password',
    {
      schema: {
        summary: 'A new temporary password or invitation link; every session of the agent ends',
        params: IdParams,
        body: ResetPasswordRequest.optional(),
        response: { 200: IssuedAccess },
      },
    },
    async (request) => agentAccess.resetPassword(signedIn(request), request.params.id, request.body),
  );
  app.post(
    '/api/agents/:id/reactivate',
    { schema: { summary: 'Reactivate an agent', params: IdParams, response: { 200: Agent } } },
    async (request) => agents.reactivate(signedIn(request), request.params.id),
  );
  app.put(
    '/api/channels/links',
    {
      schema: {
        summary: 'Link and unlink agents and channels, all in one transaction',
        body: SetLinksRequest,
        response: { 200: SetLinksResponse },
      },
    },
    async (request) => await channelLinks.setLinks(signedIn(request), request.body),
  );
};
