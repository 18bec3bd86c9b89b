/**
 * Media: agents upload raw bytes before sending (POST /api/media); stored
 * attachments are served to whoever may read their message, an unused upload
 * only to its uploader (GET /api/attachments/:id), and to providers through
 * signed URLs (GET /media/:id?exp&sig). Files are served with nosniff and a
 * sandboxing CSP, so a customer's file can never run as a page of the hub.
 *
 * Uploads stream: this scope's body parser hands the request stream to the
 * route untouched, the blob store hashes it while it arrives (a temp file or
 * an upload's chunks, ports/blobs.ts) and stops past the size limit.
 * Everything that can refuse an upload without its body (token, rate limit,
 * headers, permission, declared size) runs first.
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { safeFileName, safeMimeType } from '../../shared/file-names.js';
import { MediaUploadResponse } from '../../shared/protocol.js';
import type { ReadyBlob } from '../services/attachments.js';
import type { HubServices } from '../services/hub-services.js';
import type { BlobStore } from '../store/ports/blobs.js';
import { contentDisposition, servedFileName } from './content-disposition.js';
import { IdParams } from './params.js';
import { POSTER_MIME_TYPE, posterPng } from '../channels/poster-image.js';
import { uploadRateLimit } from './rate-limits.js';
import { signedIn } from './request-auth.js';

const essenceOf = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();

const UploadHeaders = z.looseObject({
  'content-type': z
    .string()
    .max(200)
    .refine((value) => safeMimeType(value) === essenceOf(value), 'not a media type (type/subtype)'),
  /** URI-encoded, so any file name fits in a header. */
  'x-file-name': z.string().min(1).max(1024),
});
const SignedQuery = z.object({ exp: z.coerce.number().int(), sig: z.string().min(1).max(200) });
const FileResponse = {
  200: {
    description: 'The file, with its Content-Type and an RFC 6266 Content-Disposition',
    content: { 'application/octet-stream': { schema: z.string().describe('the file’s bytes') } },
  },
};
const INLINE_TYPES = /^(image|video|audio)\/|^application\/pdf$/;

function uploadedName(header: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'headers.x-file-name: not URI-encoded', { cause: String(error) });
  }
  const name = safeFileName(decoded);
  if (name === null) throw new AppError('VALIDATION_FAILED', 'headers.x-file-name: not a file name');
  return name;
}

/** The size the client announced (absent for a chunked body). */
function declaredBytes(request: FastifyRequest): number | null {
  const declared = Number(request.headers['content-length']);
  return Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
}

/** The body as this scope's parser left it: the request stream, read on demand. */
function bodyOf(request: FastifyRequest): AsyncIterable<Uint8Array> | null {
  if (!(request.body instanceof Readable)) return null;
  // Ending early (over the limit) must not destroy the request: the hub still answers 413 on it.
  return request.body.iterator({ destroyOnReturn: false });
}

async function sendBlob(reply: FastifyReply, blobs: BlobStore, blob: ReadyBlob): Promise<FastifyReply> {
  const mimeType = safeMimeType(blob.mimeType);
  const disposition = INLINE_TYPES.test(mimeType) ? 'inline' : 'attachment';
  // Removed since it was looked up (a purge): as good as never stored.
  const stored = await blobs.stat(blob.sha256);
  if (!stored) throw new AppError('NOT_FOUND', 'The attachment is not stored on the hub (yet).');
  const body = await blobs.stream(blob.sha256);
  return (
    reply
      .header('content-type', mimeType)
      .header('content-length', String(stored.size))
      .header('content-disposition', contentDisposition(disposition, servedFileName(blob.fileName, blob.sha256)))
      .header('x-content-type-options', 'nosniff')
      // A customer's file (an SVG, an HTML page named .pdf) must never run as a document on the hub's origin.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(body)
  );
}

/** The poster PNG every video's preview link serves (poster-image.ts). */
function sendPoster(reply: FastifyReply): FastifyReply {
  const png = posterPng();
  return reply
    .header('content-type', POSTER_MIME_TYPE)
    .header('content-length', String(png.length))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, max-age=31536000, immutable')
    .send(png);
}

interface Deps {
  readonly services: HubServices;
  readonly blobs: BlobStore;
  readonly maxUploadBytes: number;
}

export const mediaRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services, blobs, maxUploadBytes }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/api/media',
    {
      config: { rateLimit: uploadRateLimit },
      schema: {
        summary: 'Upload a file (raw body) to attach to a message',
        headers: UploadHeaders,
        response: { 201: MediaUploadResponse },
      },
    },
    async (request, reply) => {
      const headers = request.headers;
      const body = bodyOf(request);
      const uploaded = await services.attachments.upload(signedIn(request), body, {
        mimeType: safeMimeType(headers['content-type']),
        fileName: uploadedName(headers['x-file-name']),
        declaredBytes: declaredBytes(request),
        limitBytes: maxUploadBytes,
      });
      return reply.status(201).send(uploaded);
    },
  );

  app.get(
    '/api/attachments/:id',
    {
      schema: {
        summary: 'Download an attachment (or your own unused upload)',
        params: IdParams,
        response: FileResponse,
      },
    },
    async (request, reply) =>
      sendBlob(reply, blobs, await services.attachments.openForDownload(signedIn(request), request.params.id)),
  );

  app.get(
    '/media/:id',
    {
      config: { public: true },
      schema: {
        summary: 'Download through a signed link (providers)',
        params: IdParams,
        querystring: SignedQuery,
        response: FileResponse,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!services.outbound.verifyMediaSignature(id, request.query.exp, request.query.sig))
        throw new AppError('FORBIDDEN', 'This media link is not valid.');
      return sendBlob(reply, blobs, await services.attachments.readyBlobOf(id));
    },
  );

  // A video's preview image for providers that show one before playing (LINE previewImageUrl).
  app.get(
    '/media/:id/poster',
    {
      config: { public: true },
      schema: {
        summary: 'A video’s preview image through a signed link (providers)',
        params: IdParams,
        querystring: SignedQuery,
        response: {
          200: {
            description: 'A PNG poster',
            content: { 'image/png': { schema: z.string().describe('the PNG’s bytes') } },
          },
        },
      },
    },
    async (request, reply) => {
      if (!services.outbound.verifyMediaSignature(request.params.id, request.query.exp, request.query.sig, 'poster'))
        throw new AppError('FORBIDDEN', 'This media link is not valid.');
      return sendPoster(reply);
    },
  );
};
