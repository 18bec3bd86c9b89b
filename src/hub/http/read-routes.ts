/** Read API for integrations and tools: the same visibility as the socket. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Agent, Channel, Contact, Conversation, Message, Template } from '../../shared/domain.js';
import { ListConversationsQuery, ListMessagesQuery, Page } from '../../shared/protocol.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams, TemplateListQuery } from './params.js';
import { signedIn } from './request-auth.js';

const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const readRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { agents, channels, templates, conversations, contacts } = services;
  const byId = { params: IdParams };
  app.get(
    '/api/agents',
    { schema: { summary: 'Every agent, with live presence', response: { 200: Items(Agent) } } },
    async (request) => ({
      items: await agents.list(signedIn(request)),
    }),
  );
  app.get(
    '/api/agents/:id',
    { schema: { summary: 'One agent', ...byId, response: { 200: Agent } } },
    async (request) => await agents.get(signedIn(request), request.params.id),
  );
  app.get(
    '/api/channels',
    { schema: { summary: 'The channels the caller sees', response: { 200: Items(Channel) } } },
    async (request) => ({
      items: await channels.list(signedIn(request)),
    }),
  );
  app.get(
    '/api/channels/:id',
    { schema: { summary: 'One channel', ...byId, response: { 200: Channel } } },
    async (request) => await channels.get(signedIn(request), request.params.id),
  );
  app.get(
    '/api/templates',
    {
      schema: {
        summary: 'Templates of the visible channels',
        querystring: TemplateListQuery,
        response: { 200: Items(Template) },
      },
    },
    async (request) => ({ items: await templates.list(signedIn(request), request.query.channelId) }),
  );
  app.get(
    '/api/conversations',
    {
      schema: {
        summary: 'Conversations, newest activity first',
        querystring: ListConversationsQuery,
        response: { 200: Page(Conversation) },
      },
    },
    async (request) => await conversations.list(signedIn(request), request.query),
  );
  app.get(
    '/api/conversations/:id',
    { schema: { summary: 'One conversation', ...byId, response: { 200: Conversation } } },
    async (request) => await conversations.get(signedIn(request), request.params.id),
  );
  app.get(
    '/api/conversations/:id/messages',
    {
      schema: {
        summary: 'A conversation’s messages, newest first',
        ...byId,
        querystring: ListMessagesQuery,
        response: { 200: Page(Message) },
      },
    },
    async (request) => await conversations.messages(signedIn(request), request.params.id, request.query),
  );
  app.get(
    '/api/contacts/:id',
    { schema: { summary: 'One contact', ...byId, response: { 200: Contact } } },
    async (request) => await contacts.get(signedIn(request), request.params.id),
  );
};
