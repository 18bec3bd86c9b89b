/**
 * Media: agents upload raw bytes before sending (POST /api/media); stored
 * attachments are served to whoever may read their message
 * (GET /api/attachments/:id) and to providers through signed URLs
 * (GET /media/:id?exp&sig). Served with nosniff so a file can never run as a page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import type { ReadyBlob } from '../services/attachments.js';
import type { HubServices } from '../services/hub-services.js';
import type { BlobStore } from '../store/blobs.js';
import { IdParams } from './params.js';
import { actorOf } from './request-auth.js';

const UploadHeaders = z.object({
  'content-type': z.string().min(1).max(200),
  /** URI-encoded so any file name fits in a header. */
  'x-file-name': z.string().min(1).max(1024),
});
const SignedQuery = z.object({ exp: z.coerce.number().int(), sig: z.string().min(1).max(200) });
const INLINE_TYPES = /^(image|video|audio)\/|^application\/pdf$/;

function decodeFileName(raw: string): string {
  try {
    return decodeURIComponent(raw)
      .replace(/[/\\\r\n"]/g, '_')
      .slice(0, 255);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'x-file-name: not URI-encoded', { cause: String(error) });
  }
}

function sendBlob(reply: FastifyReply, blobs: BlobStore, blob: ReadyBlob): FastifyReply {
  const name = blob.fileName ?? blob.sha256;
  const disposition = INLINE_TYPES.test(blob.mimeType) ? 'inline' : 'attachment';
  const asciiName = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return (
    reply
      .header('content-type', blob.mimeType)
      .header('content-length', String(blob.size))
      .header(
        'content-disposition',
        `${disposition}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header('x-content-type-options', 'nosniff')
      // A customer's file (an SVG, an HTML page named .pdf) must never run as a document on the hub's origin.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(blobs.stream(blob.sha256))
  );
}

export function registerMediaRoutes(
  app: FastifyInstance,
  services: HubServices,
  blobs: BlobStore,
  maxUploadBytes: number,
): void {
  app.post('/api/media', { bodyLimit: maxUploadBytes }, async (request, reply) => {
    const actor = actorOf(services, request);
    const headers = parseOrThrow(UploadHeaders, request.headers);
    const bytes = request.rawBody;
    if (!bytes || !Buffer.isBuffer(request.body))
      throw new AppError('VALIDATION_FAILED', 'send the file as the raw body');
    const mimeType = headers['content-type'].split(';')[0]?.trim() ?? 'application/octet-stream';
    const result = await services.attachments.upload(actor, bytes, mimeType, decodeFileName(headers['x-file-name']));
    return reply.status(201).send(result);
  });

  app.get('/api/attachments/:id', async (request, reply) => {
    const actor = actorOf(services, request);
    const { id } = parseOrThrow(IdParams, request.params);
    return sendBlob(reply, blobs, services.attachments.openForDownload(actor, id));
  });

  app.get('/media/:id', async (request, reply) => {
    const { id } = parseOrThrow(IdParams, request.params);
    const { exp, sig } = parseOrThrow(SignedQuery, request.query);
    if (!services.outbound.verifyMediaSignature(id, exp, sig))
      throw new AppError('FORBIDDEN', 'This media link is not valid.');
    return sendBlob(reply, blobs, services.attachments.readyBlobOf(id));
  });
}
