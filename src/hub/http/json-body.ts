/**
 * The API's one body type: JSON, parsed by Fastify's own parser
 * (secure-json-parse, which refuses `__proto__` keys and
 * `constructor.prototype`, the shapes that poison prototypes). Any other
 * content type is refused with 415 UNSUPPORTED_MEDIA_TYPE before the body is
 * read. Routes that take other bodies bring their own parser in their
 * scope: uploads stream (media-routes.ts), webhooks keep the raw bytes their
 * provider signed (webhooks.ts).
 */
import { cleanTextDeep } from '../../shared/text.js';
import type { FastifyInstance } from 'fastify';

/** Fastify's default, named: JSON bodies of the API are small. */
export const JSON_BODY_LIMIT = 1024 * 1024;

export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT },
    (request, body, done) => {
      // POSTs without a body (logout, deactivate) may still say application/json; a route that needs one says so.
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.length === 0) return done(null, undefined);
      // Agents' strings are stored in the same normal form as providers' (src/shared/text.ts).
      return parseJson(request, text, (error, value) =>
        error ? done(error, undefined) : done(null, cleanTextDeep(value)),
      );
    },
  );
}
