/** Reads the bearer token of a request and turns it into an Actor (401 otherwise). */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../services/actor.js';
import type { HubServices } from '../services/hub-services.js';

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function actorOf(services: HubServices, request: FastifyRequest): Actor {
  return services.auth.authenticate(bearerToken(request));
}
