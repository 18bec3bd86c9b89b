/**
 * One error shape for every HTTP answer: `{ error: { code, message } }` with
 * the status of the code in ERROR_CATALOG. Fastify's own errors (bad JSON,
 * body too large, unsupported media type) are mapped onto our codes.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, type ErrorCode } from '../../shared/errors.js';

function fromFastify(error: FastifyError): AppError | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new AppError('ATTACHMENT_TOO_LARGE', 'The request body is too large.');
  if (error.statusCode === 404) return new AppError('NOT_FOUND');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', error.message);
  }
  return null;
}

function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return reply.status(error.status).send({ error: error.toBody() });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastify(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendError(reply, known);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendError(reply, new AppError('INTERNAL'));
  });
  app.setNotFoundHandler((request, reply) => {
    const code: ErrorCode = 'NOT_FOUND';
    return sendError(reply, new AppError(code, `No route ${request.method} ${request.url.split('?')[0] ?? ''}`));
  });
}
