/**
 * Who is asking, decided from the headers before any body is read: one
 * `onRequest` hook for every route turns the bearer token into
 * `request.actor` or answers 401. Fastify reads the body only after the
 * onRequest hooks, so an unauthenticated upload is refused while it is still
 * being sent (and its connection closed, see errors.ts).
 *
 * Routes are authenticated unless they opt out with `config: { public: true }`
 * (health, sign-in, the signed /media links, the OpenAPI document). Provider
 * webhooks are registered by the provider side and prove themselves by their
 * signature (webhooks.ts): every route under /webhooks/ is public.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../services/actor.js';
import type { HubServices } from '../services/hub-services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by the onRequest hook; null on public routes. */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** No bearer token needed: the route authenticates otherwise (signature, signed link) or not at all. */
    public?: boolean;
  }
}

/** Routes the provider side registers; they verify the provider's signature instead of a token. */
const PROVIDER_SIGNED_PREFIX = '/webhooks/';

/**
 * What a session opened with a temporary password may do: replace it (or change it the usual way), see
 * who it is, sign out. Everything else is 403 PASSWORD_CHANGE_REQUIRED, whatever the agent's role.
 */
const OPEN_BEFORE_PASSWORD_CHANGE: ReadonlySet<string> = new Set([
  'POST /api/auth/password/replace-temporary',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'GET /api/auth/me',
]);

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** Adds the authentication hook to `app` and everything registered in it, before any route. */
export function authenticateRequests(app: FastifyInstance, services: HubServices): void {
  app.decorateRequest('actor', null);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(PROVIDER_SIGNED_PREFIX)) route.config = { ...route.config, public: true };
  });
  app.addHook('onRequest', async (request) => {
    // An unknown route answers 404 whoever asks; a public one needs no token.
    if (request.is404 || request.routeOptions.config.public === true) return;
    request.actor = await services.auth.authenticate(bearerToken(request));
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    if (request.actor.passwordChangeRequired === true && !OPEN_BEFORE_PASSWORD_CHANGE.has(route)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });
}

/** The signed-in agent of an authenticated route. */
export function signedIn(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

/** The request's agent: the hook's when it ran, else from the token (for routes registered outside the core). */
export async function actorOf(services: HubServices, request: FastifyRequest): Promise<Actor> {
  return request.actor ?? (await services.auth.authenticate(bearerToken(request)));
}
