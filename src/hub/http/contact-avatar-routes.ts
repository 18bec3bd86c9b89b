/**
 * A contact's picture (docs/protocol.md, "Contacts"): `GET /api/contacts/:id/avatar` streams the image
 * the hub downloaded from the provider's profile, to whoever may read the contact. Content-addressed, so
 * the answer never changes for one sha256 and may be cached for good; served with nosniff and a
 * sandboxing CSP like attachments.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ContactAvatar } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { HubServices } from '../services/hub-services.js';
import type { BlobStore } from '../store/ports/blobs.js';
import { IdParams } from './params.js';
import { signedIn } from './request-auth.js';

interface Deps {
  readonly services: HubServices;
  readonly blobs: BlobStore;
}

export const contactAvatarRoutes: FastifyPluginAsyncZod<Deps> = async (app, { services, blobs }) => {
  app.get(
    '/api/contacts/:id/avatar',
    {
      schema: {
        summary: "The contact's picture (PNG, JPEG, WebP or GIF)",
        params: IdParams,
        response: {
          200: {
            description: 'The image, with its Content-Type and an ETag of its sha256',
            content: { 'image/*': { schema: z.string().describe('the image’s bytes') } },
          },
        },
      },
    },
    async (request, reply) =>
      await sendAvatar(reply, blobs, await services.contacts.avatarOf(signedIn(request), request.params.id)),
  );
};

async function sendAvatar(reply: FastifyReply, blobs: BlobStore, avatar: ContactAvatar): Promise<FastifyReply> {
  // A blob purged with another contact's files (shared bytes) is as good as no picture.
  if (!(await blobs.has(avatar.sha256))) throw new AppError('NO_AVATAR', 'This contact has no picture.');
  return reply
    .header('content-type', avatar.mimeType)
    .header('content-length', String(avatar.size))
    .header('etag', `"${avatar.sha256}"`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=31536000, immutable')
    .send(await blobs.stream(avatar.sha256));
}
