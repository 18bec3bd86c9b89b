/** Admin API of the team settings (services/team-settings.ts); the service checks the role. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { TeamSettings, UpdateTeamSettingsRequest } from '../../shared/admin/team-settings.js';
import type { HubServices } from '../services/hub-services.js';
import { signedIn } from './request-auth.js';

export const teamSettingsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { teamSettings } = services;
  app.get(
    '/api/team-settings',
    { schema: { summary: 'The team settings (admins)', response: { 200: TeamSettings } } },
    async (request) => await teamSettings.get(signedIn(request)),
  );
  app.patch(
    '/api/team-settings',
    {
      schema: {
        summary: 'Change team settings, e.g. whether a reply assigns the replier (admins)',
        body: UpdateTeamSettingsRequest,
        response: { 200: TeamSettings },
      },
    },
    async (request) => await teamSettings.update(signedIn(request), request.body),
  );
};
