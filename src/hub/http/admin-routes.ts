/**
 * Admin API: agents, channels (+ links, credentials, credits), templates and
 * the contact trash, one plugin per area. The route schemas validate the ids
 * and bodies; the services check the role and permissions.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Agent, Channel, Contact, Credits, Template } from '../../shared/domain.js';
import {
  CreateAgentRequest,
  CreateChannelRequest,
  CreateTemplateRequest,
  LinkAgentRequest,
  ReplaceCredentialsRequest,
  TopUpRequest,
  UpdateAgentRequest,
  UpdateChannelRequest,
  UpdateTemplateRequest,
  VerifyChannelRequest,
  VerifyChannelResponse,
} from '../../shared/protocol.js';
import { LedgerPage, LedgerQuery } from '../../shared/admin/credits-trash.js';
import { CancellationRequest } from '../services/credits.js';
import type { HubServices } from '../services/hub-services.js';
import { refuseLongBody } from '../services/templates.js';
import { ChannelAgentParams, IdParams } from './params.js';
import { signedIn } from './request-auth.js';

interface Deps {
  readonly services: HubServices;
}

const NoContent = { 204: z.undefined() };

export const agentRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services }) => {
  const { agents } = services;
  app.post(
    '/api/agents',
    { schema: { summary: 'Create an agent', body: CreateAgentRequest, response: { 201: Agent } } },
    async (request, reply) => reply.status(201).send(await agents.create(signedIn(request), request.body)),
  );
  app.patch(
    '/api/agents/:id',
    { schema: { summary: 'Change an agent', params: IdParams, body: UpdateAgentRequest, response: { 200: Agent } } },
    async (request) => agents.update(signedIn(request), request.params.id, request.body),
  );
  app.post(
    '/api/agents/:id/deactivate',
    { schema: { summary: 'Deactivate an agent', params: IdParams, response: { 200: Agent } } },
    async (request) => agents.deactivate(signedIn(request), request.params.id),
  );
};

export const channelRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services }) => {
  const { channels, credits } = services;
  const withId = { params: IdParams };
  app.post(
    '/api/channels',
    {
      schema: {
        summary: 'Create a channel (verified with the provider)',
        body: CreateChannelRequest,
        response: { 201: Channel },
      },
    },
    async (request, reply) => reply.status(201).send(await channels.create(signedIn(request), request.body)),
  );
  app.post(
    '/api/channels/verify',
    {
      schema: {
        summary: 'Try credentials against the provider before saving',
        body: VerifyChannelRequest,
        response: { 200: VerifyChannelResponse },
      },
    },
    async (request) => channels.verifyCredentials(signedIn(request), request.body),
  );
  app.patch(
    '/api/channels/:id',
    {
      schema: {
        summary: 'Rename or configure a channel',
        ...withId,
        body: UpdateChannelRequest,
        response: { 200: Channel },
      },
    },
    async (request) => await channels.update(signedIn(request), request.params.id, request.body),
  );
  app.put(
    '/api/channels/:id/credentials',
    {
      schema: {
        summary: 'Replace the provider credentials (verified, same identity)',
        ...withId,
        body: ReplaceCredentialsRequest,
        response: { 200: Channel },
      },
    },
    async (request) => channels.replaceCredentials(signedIn(request), request.params.id, request.body),
  );
  app.delete(
    '/api/channels/:id',
    { schema: { summary: 'Move a channel to the trash', ...withId, response: NoContent } },
    async (request, reply) => {
      await services.channelTrash.trash(signedIn(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/channels/:id/agents',
    { schema: { summary: 'Link an agent', ...withId, body: LinkAgentRequest, response: { 200: Channel } } },
    async (request) => await channels.link(signedIn(request), request.params.id, request.body),
  );
  app.delete(
    '/api/channels/:id/agents/:agentId',
    { schema: { summary: 'Unlink an agent', params: ChannelAgentParams, response: { 200: Channel } } },
    async (request) => await channels.unlink(signedIn(request), request.params.id, request.params.agentId),
  );
  app.post(
    '/api/channels/:id/credits/top-up',
    { schema: { summary: 'Buy WhatsApp credits', ...withId, body: TopUpRequest, response: { 200: Credits } } },
    async (request) => await credits.topUp(signedIn(request), request.params.id, request.body),
  );
  app.put(
    '/api/channels/:id/credits/cancellation',
    {
      schema: {
        summary: 'Schedule or clear a cancellation',
        ...withId,
        body: CancellationRequest,
        response: { 200: Credits },
      },
    },
    async (request) => await credits.setCancellation(signedIn(request), request.params.id, request.body),
  );
  app.get(
    '/api/channels/:id/credits/ledger',
    {
      schema: {
        summary: 'A page of the credit ledger, newest first, filtered',
        ...withId,
        querystring: LedgerQuery,
        response: { 200: LedgerPage },
      },
    },
    async (request) => await credits.ledger(signedIn(request), request.params.id, request.query),
  );
};

export const templateRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services }) => {
  const { templates } = services;
  // A body over 1,024 characters is TEMPLATE_TOO_LONG (the rule, in words), not the schema's VALIDATION_FAILED.
  const tooLongFirst = async (request: FastifyRequest) => refuseLongBody(request.body);
  app.post(
    '/api/templates',
    {
      preValidation: tooLongFirst,
      schema: { summary: 'Create a template', body: CreateTemplateRequest, response: { 201: Template } },
    },
    async (request, reply) => reply.status(201).send(await templates.create(signedIn(request), request.body)),
  );
  app.patch(
    '/api/templates/:id',
    {
      preValidation: tooLongFirst,
      schema: {
        summary: 'Change a template (WhatsApp: submits it to Meta again); approve a Twilio template',
        params: IdParams,
        body: UpdateTemplateRequest,
        response: { 200: Template },
      },
    },
    async (request) => templates.update(signedIn(request), request.params.id, request.body),
  );
};

export const contactTrashRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services }) => {
  const { contacts } = services;
  app.post(
    '/api/contacts/:id/trash',
    { schema: { summary: 'Move a contact to the trash', params: IdParams, response: { 200: Contact } } },
    async (request) => await contacts.trash(signedIn(request), request.params.id),
  );
  app.post(
    '/api/contacts/:id/restore',
    { schema: { summary: 'Restore a contact from the trash', params: IdParams, response: { 200: Contact } } },
    async (request) => await contacts.restore(signedIn(request), request.params.id),
  );
};
