/**
 * The hub's HTTP side, put together: zod route schemas, the JSON body
 * parser, our error shape, authentication before the body, rate limits and
 * the OpenAPI document, then one encapsulated plugin per area. The provider
 * side adds its webhook and click-to-chat routes later (channel-runtime.ts);
 * the hooks and handlers registered here apply to them too.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { HubServices } from '../services/hub-services.js';
import type { BlobStore } from '../store/ports/blobs.js';
import type { Store } from '../store/store.js';
import { agentRoutes, channelRoutes, contactTrashRoutes, templateRoutes } from './admin-routes.js';
import { agentAdminRoutes } from './agent-admin-routes.js';
import { authRoutes } from './auth-routes.js';
import { channelAdminRoutes } from './channel-admin-routes.js';
import { cannedReplyRoutes } from './canned-reply-routes.js';
import { contactAvatarRoutes } from './contact-avatar-routes.js';
import { contactRoutes } from './contact-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { ticketRoutes } from './ticket-routes.js';
import { creditsTrashRoutes } from './credits-trash-routes.js';
import { teamSettingsRoutes } from './team-settings-routes.js';
import { queueRoutes } from './queue-routes.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './errors.js';
import { healthAdminRoutes } from './health-admin-routes.js';
import { healthRoutes } from './health-routes.js';
import { invitationRoutes } from './invitation-routes.js';
import { JSON_BODY_LIMIT, registerJsonBody } from './json-body.js';
import { mediaRoutes } from './media-routes.js';
import { openApiRoutes, registerOpenApi } from './openapi.js';
import { outreachRoutes } from './outreach-routes.js';
import { registerRateLimits } from './rate-limits.js';
import { readRoutes } from './read-routes.js';
import { templateAdminRoutes } from './template-admin-routes.js';
import { authenticateRequests } from './request-auth.js';
import { useZodSchemas } from './route-schemas.js';

/**
 * Fastify's router refuses a path parameter over `maxParamLength` (default
 * 100) before any schema sees it, which cut ids below the schemas' 128. The
 * whole request line must fit in Node's 16 KiB header limit anyway, so the
 * route schema is what refuses long ids, with our VALIDATION_FAILED.
 */
const MAX_PARAM_LENGTH = 16 * 1024;

export const HTTP_SERVER_OPTIONS = {
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  bodyLimit: JSON_BODY_LIMIT,
  clientErrorHandler,
  frameworkErrors,
} satisfies FastifyServerOptions;

export interface HttpDeps {
  readonly services: HubServices;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly version: string;
  readonly maxUploadBytes: number;
}

export function registerHttp(app: FastifyInstance, deps: HttpDeps): void {
  const { services, store, blobs, version, maxUploadBytes } = deps;
  useZodSchemas(app);
  registerJsonBody(app);
  registerErrorHandling(app);
  authenticateRequests(app, services);
  registerRateLimits(app);
  registerOpenApi(app, version);
  app.register(healthRoutes, { store, version });
  app.register(authRoutes, { services });
  app.register(agentRoutes, { services });
  app.register(agentAdminRoutes, { services });
  app.register(invitationRoutes, { services });
  app.register(channelRoutes, { services });
  app.register(channelAdminRoutes, { services });
  app.register(templateRoutes, { services });
  app.register(templateAdminRoutes, { services });
  app.register(cannedReplyRoutes, { services });
  app.register(contactRoutes, { services });
  app.register(outreachRoutes, { services });
  app.register(contactAvatarRoutes, { services, blobs });
  app.register(contactTrashRoutes, { services });
  app.register(creditsTrashRoutes, { services });
  app.register(teamSettingsRoutes, { services });
  app.register(queueRoutes, { services, store });
  app.register(healthAdminRoutes, { services });
  app.register(readRoutes, { services });
  app.register(conversationRoutes, { services });
  app.register(ticketRoutes, { services });
  app.register(mediaRoutes, { services, blobs, maxUploadBytes });
  app.register(openApiRoutes);
}
