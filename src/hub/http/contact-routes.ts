/**
 * Contacts over HTTP: an agent renames a contact or keeps notes on it (docs/protocol.md, "Contacts").
 * The shared schema validates; the service needs `update` and a link to the contact's channel, and
 * logs the change so every client's cache gets the contact's new snapshot.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ContactPatch } from '../../shared/contact-patch.js';
import { Contact } from '../../shared/domain.js';
import type { HubServices } from '../services/hub-services.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

export const contactRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.patch(
    '/api/contacts/:id',
    {
      schema: {
        summary: 'Rename a contact or change its notes',
        params: IdParams,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    async (request) => services.contacts.edit(signedIn(request), request.params.id, request.body),
  );
};
