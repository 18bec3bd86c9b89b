/**
 * Body parsing that keeps the raw bytes: providers sign the exact body
 * (LINE, WhatsApp, Twilio, WeChat), so webhook verification needs
 * `request.rawBody` before anything is parsed. JSON is parsed for every
 * route; form, XML and other bodies stay Buffers for their route to read.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The exact bytes received, for signature checks. */
    rawBody?: Buffer;
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch (error) {
      done(new AppError('VALIDATION_FAILED', `The body is not valid JSON (${String(error)}).`), undefined);
    }
  });
  // Form posts (Twilio), XML (WeChat) and uploads (POST /api/media): kept as bytes.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    done(null, body);
  });
}
