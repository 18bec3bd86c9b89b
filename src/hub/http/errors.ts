/**
 * One error shape for every HTTP answer: `{ error: { code, message } }` with
 * the status of the code in ERROR_CATALOG, whoever refused — a service (an
 * AppError), a route schema, Fastify's router and body parsers, or Node's
 * HTTP parser (oversized headers, garbage, timeouts: `clientErrorHandler`).
 * An answer sent before the request's body was read (401, 413, 429 …) closes
 * the connection, so the hub never reads the rest of a body it refused.
 */
import { STATUS_CODES, maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../../shared/errors.js';

/** Fastify's own 4xx codes that have a better name than VALIDATION_FAILED. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ATTACHMENT_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
};
const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'ATTACHMENT_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

function messageOf(error: FastifyError, request: FastifyRequest): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is larger than ${request.routeOptions.bodyLimit ?? 0} bytes.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return (
        `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here: the API takes ` +
        'application/json, uploads the file’s type/subtype.'
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'The body is not valid JSON (or it has a __proto__ key or a constructor.prototype).';
    case 'FST_ERR_BAD_URL':
      return 'The URL is not valid (malformed percent-encoding).';
    default:
      return error.message;
  }
}

/** Fastify's own errors (router, body parsers, plugins) as our codes; null for what is not a client's mistake. */
function fromFastify(error: FastifyError, request: FastifyRequest): AppError | null {
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return null;
  const code = FASTIFY_CODES[error.code] ?? BY_STATUS[status] ?? 'VALIDATION_FAILED';
  return new AppError(code, messageOf(error, request));
}

function retryAfterOf(error: AppError): number | null {
  const details: unknown = error.details;
  if (typeof details !== 'object' || details === null) return null;
  const value: unknown = Reflect.get(details, 'retryAfterMs');
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  // The body is still arriving (refused from its headers or cut off mid-stream): don't read the rest.
  if (!reply.request.raw.complete) reply.header('connection', 'close');
  // Any refusal that says how long to wait (sign-in throttle, rate limits) says it in the header too (RFC 9110 §10.2.3).
  const retryAfterMs = retryAfterOf(error);
  if (retryAfterMs !== null && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  }
  return reply.status(error.status).send({ error: error.toBody() });
}

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = error instanceof AppError ? error : fromFastify(error, request);
  if (known) {
    if (known.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, known);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, new AppError('INTERNAL'));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}

/** Fastify's `frameworkErrors` option: the router's refusals (bad URL encoding, over-long parameter). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void handleError(error, request, reply);
}

interface ClientError extends Error {
  readonly code?: string;
}

const CLIENT_ERRORS: Readonly<Record<string, AppError>> = {
  HPE_HEADER_OVERFLOW: new AppError('HEADERS_TOO_LARGE', `The request headers are larger than ${maxHeaderSize} bytes.`),
  ERR_HTTP_REQUEST_TIMEOUT: new AppError('REQUEST_TIMEOUT'),
};

/**
 * Fastify's `clientErrorHandler` (Node's `clientError`): the request never
 * reached Fastify — headers over Node's limit (16 KiB, `--max-http-header-size`),
 * not HTTP at all, too slow — so the answer is written on the socket here.
 */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    CLIENT_ERRORS[error.code ?? ''] ?? new AppError('VALIDATION_FAILED', 'The request is not valid HTTP/1.1.');
  this.log.debug({ err: error }, 'client error');
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ error: refusal.toBody() });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
