/**
 * The contacts trash for admins (SPEC §2, FAQ 55): the trashed contacts,
 * searched and paged, and the permanent purge of one of them. Trashing and
 * restoring stay with ContactService (agents with `delete` may do those);
 * listing and purging are for admins only.
 *
 * A purge removes the contact, its conversations, messages and attachment
 * rows, and the logged events that carried them, in one transaction with a
 * `contact.remove` event (ids only) that tells every client to drop its copy
 * (files included); stored files nothing else refers to are deleted after
 * the commit. SQLite overwrites the deleted rows and the WAL is emptied, so
 * the hub's database file does not keep them either. Backups made before
 * the purge still hold the contact: that is what they are for.
 */
import { PurgeContactRequest, TrashQuery, type PurgeResult, type TrashPage } from '../../shared/admin/credits-trash.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { PURGED_CONVERSATIONS_MAX } from '../../shared/protocol.js';
import { z } from 'zod';
import type { BlobStore } from '../store/ports/blobs.js';
import { requireAdmin, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { onChannel } from './writer.js';

const TrashCursor = z.object({ at: z.number().int(), id: z.string() });

export class ContactTrashService {
  constructor(
    private readonly ctx: HubContext,
    private readonly blobs: BlobStore,
  ) {}

  async list(actor: Actor, raw: unknown): Promise<TrashPage> {
    requireAdmin(actor);
    const query = parseOrThrow(TrashQuery, raw);
    const after = query.cursor === undefined ? null : decodeCursor(TrashCursor, query.cursor);
    const rows = await this.ctx.store.contactTrash.listTrashed({
      search: query.query ?? null,
      after: after === null ? null : { deletedAt: after.at, id: after.id },
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last !== undefined
        ? encodeCursor({ at: last.contact.deletedAt ?? 0, id: last.contact.id })
        : null;
    return { items, nextCursor };
  }

  async purge(actor: Actor, contactId: string, raw: unknown): Promise<PurgeResult> {
    requireAdmin(actor);
    const { confirm } = parseOrThrow(PurgeContactRequest, raw);
    if (confirm !== contactId) throw new AppError('VALIDATION_FAILED', 'confirm: must repeat the id of the contact');
    const { store, writer } = this.ctx;
    const purged = await store.contactTrash.scrubbing(
      async () =>
        await writer.write(async (scope) => {
          const contact = (await store.contacts.findById(contactId))?.contact;
          if (!contact) throw new AppError('NOT_FOUND', 'No such contact.');
          if (contact.deletedAt === null) throw new AppError('CONTACT_NOT_IN_TRASH');
          const result = await store.contactTrash.purge(contact);
          scope.emit(
            {
              type: 'contact.remove',
              contactId,
              conversationIds: result.conversationIds.slice(0, PURGED_CONVERSATIONS_MAX),
            },
            onChannel(contact.channelId),
          );
          return { ...result, channelId: contact.channelId };
        }),
    );
    let filesRemoved = 0;
    for (const sha256 of purged.unreferencedBlobs) if (await this.blobs.remove(sha256)) filesRemoved += 1;
    this.ctx.log.info(
      {
        contactId,
        channelId: purged.channelId,
        by: actor.agent.id,
        conversations: purged.conversationIds.length,
        messages: purged.messages,
        filesRemoved,
      },
      'contact purged',
    );
    return {
      contactId,
      conversations: purged.conversationIds.length,
      messages: purged.messages,
      attachments: purged.attachments,
      filesRemoved,
    };
  }
}
