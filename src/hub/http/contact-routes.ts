/**
 * Contacts over HTTP: an agent renames a contact, keeps notes, an email and custom attributes on it, and
 * merges it with another channel's contact into one person or undoes that (docs/protocol.md, "Contacts").
 * The shared schema validates; the service needs `update` and a link to the contact's channel, and
 * logs the change so every client's cache gets the contact's new snapshot.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ContactMergeRequest, ContactMergeResult, ContactPatch } from '../../shared/contact-patch.js';
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
    async (request) => await services.contacts.edit(signedIn(request), request.params.id, request.body),
  );

  app.post(
    '/api/contacts/:id/merge',
    {
      schema: {
        summary: 'Merge a contact into the person of another contact (the same customer on another channel)',
        params: IdParams,
        body: ContactMergeRequest,
        response: { 200: ContactMergeResult },
      },
    },
    async (request) => await services.contacts.merge(signedIn(request), request.params.id, request.body.intoContactId),
  );

  app.post(
    '/api/contacts/:id/unmerge',
    {
      schema: {
        summary: 'Undo the merge that joined a contact to its person',
        params: IdParams,
        response: { 200: ContactMergeResult },
      },
    },
    async (request) => await services.contacts.unmerge(signedIn(request), request.params.id),
  );
};
