/**
 * Attachments: the download worker's queue of inbound media (pending → ready
 * or failed, each change re-emitting the message), agent uploads for
 * outbound media, and authorised access to stored blobs.
 */
import { z } from 'zod';
import type { Attachment, ChannelKind } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { MediaUploadResponse } from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { MediaRef } from '../channels/types.js';
import { blobTooLarge, type BlobStore } from '../store/ports/blobs.js';
import { readJson } from '../store/json-column.js';
import { safeFileName, safeMimeType } from '../../shared/file-names.js';
import { cleanLine, clipText } from '../../shared/text.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { onChannel } from './writer.js';

const StoredMediaRef = z.object({
  ref: z.string(),
  mimeType: z.string().nullable(),
  fileName: z.string().nullable(),
  size: z.number().nullable(),
});

export interface PendingAttachment {
  readonly attachmentId: string;
  readonly messageId: string;
  readonly channelId: string;
  readonly channelKind: ChannelKind;
  readonly media: MediaRef;
  /** Failed download attempts so far. */
  readonly attempts: number;
}

export interface ReadyBlob {
  readonly sha256: string;
  readonly size: number;
  readonly mimeType: string;
  readonly fileName: string | null;
}

export interface UploadedFile {
  readonly mimeType: string;
  readonly fileName: string;
  /** Content-Length, when the client declared one. */
  readonly declaredBytes: number | null;
  /** The largest upload the hub takes (HubConfig.maxUploadBytes). */
  readonly limitBytes: number;
}

/** The same bytes, or null when there are none (an empty file is refused before anything is written). */
async function nonEmpty(body: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array> | null> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true) return null;
  return (async function* () {
    yield first.value;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
}

const ERROR_MAX = 500;
const UNREADABLE_REF = 'the stored reference to this file cannot be read; ask the customer to send it again';
const PENDING_BATCH = 100;

export class AttachmentService {
  constructor(
    private readonly ctx: HubContext,
    private readonly blobs: BlobStore,
  ) {}

  async listPendingAttachments(limit = PENDING_BATCH): Promise<PendingAttachment[]> {
    const { store } = this.ctx;
    const pending: PendingAttachment[] = [];
    const unreadable: string[] = [];
    for (const record of await store.attachments.listPending(limit)) {
      const message = await store.messages.findById(record.messageId);
      const channel = message && (await store.channels.findById(message.channelId, true));
      if (!message || !channel || record.providerRef === null) continue;
      const where = { column: 'attachments.provider_ref', id: record.attachment.id };
      const media = readJson(StoredMediaRef, record.providerRef, where, null);
      if (media === null) {
        unreadable.push(record.attachment.id);
        continue;
      }
      pending.push({
        attachmentId: record.attachment.id,
        messageId: record.messageId,
        channelId: channel.id,
        channelKind: channel.kind,
        media,
        attempts: record.attempts,
      });
    }
    // A reference we cannot read can never be downloaded: say so on the message instead of retrying forever.
    for (const id of unreadable) await this.markAttachmentFailed(id, UNREADABLE_REF, { willRetry: false });
    return pending;
  }

  async markAttachmentReady(id: string, blob: ReadyBlob): Promise<Attachment> {
    return await this.change(id, (a) => ({
      ...a,
      status: 'ready',
      error: null,
      sha256: blob.sha256,
      size: blob.size,
      // The download's Content-Type and file name come from the provider: bounded like every webhook value.
      mimeType: safeMimeType(blob.mimeType),
      fileName: (blob.fileName === null ? null : safeFileName(blob.fileName)) ?? a.fileName,
    }));
  }

  /** willRetry keeps it pending (the error is shown meanwhile); otherwise it is failed for good. */
  async markAttachmentFailed(id: string, error: string, options: { willRetry: boolean }): Promise<Attachment> {
    return await this.change(
      id,
      (a) => ({ ...a, status: options.willRetry ? 'pending' : 'failed', error: clipText(cleanLine(error), ERROR_MAX) }),
      1,
    );
  }

  private async change(id: string, fn: (a: Attachment) => Attachment, addAttempts = 0): Promise<Attachment> {
    return await this.ctx.writer.write(async (scope) => {
      const { store } = this.ctx;
      const record = await store.attachments.findById(id);
      if (!record) throw new AppError('NOT_FOUND', 'No such attachment.');
      const next = fn(record.attachment);
      await store.attachments.update(next, record.attempts + addAttempts, this.ctx.now());
      const message = await store.messages.findById(record.messageId);
      if (message) {
        scope.emit({ type: 'message.upsert', message: message.message }, onChannel(message.channelId));
      }
      return next;
    });
  }

  /**
   * Streams an agent's file into the blob store. Permission and the declared
   * size are checked before a byte is read; the limit also holds while the
   * body streams (chunked bodies declare nothing). The upload belongs to the
   * agent: only they can attach it (MessageService) or download it unused.
   */
  async upload(actor: Actor, body: AsyncIterable<Uint8Array> | null, file: UploadedFile): Promise<MediaUploadResponse> {
    requirePermission(actor, 'create');
    const limit = file.limitBytes;
    if (file.declaredBytes !== null && file.declaredBytes > limit) throw blobTooLarge(limit, file.declaredBytes);
    const bytes = body === null ? null : await nonEmpty(body);
    if (bytes === null) throw new AppError('VALIDATION_FAILED', 'the file is empty');
    const blob = await this.blobs.putStream(bytes, limit);
    const id = uuidv7();
    const { mimeType, fileName } = file;
    await this.ctx.store.attachments.insertUpload({
      id,
      agentId: actor.agent.id,
      sha256: blob.sha256,
      mimeType,
      fileName,
      size: blob.size,
      createdAt: this.ctx.now(),
    });
    return { mediaId: id, mimeType, size: blob.size, sha256: blob.sha256 };
  }

  /**
   * The blob of an attachment the actor may read (its message's channel), or
   * of the actor's own upload not attached yet; someone else's upload is
   * NOT_FOUND, as if it did not exist.
   */
  async openForDownload(actor: Actor, id: string): Promise<ReadyBlob> {
    requirePermission(actor, 'view');
    const { store } = this.ctx;
    const record = await store.attachments.findById(id);
    if (!record) return await this.ownUpload(actor, id);
    const message = await store.messages.findById(record.messageId);
    if (!message) throw new AppError('NOT_FOUND', 'No such attachment.');
    await requireChannelAccess(store, actor, message.channelId);
    return await this.readyBlobOf(id);
  }

  private async ownUpload(actor: Actor, mediaId: string): Promise<ReadyBlob> {
    const upload = await this.ctx.store.attachments.findUpload(mediaId);
    if (!upload || upload.agentId !== actor.agent.id || !(await this.blobs.has(upload.sha256))) {
      throw new AppError('NOT_FOUND', 'No such attachment.');
    }
    return { sha256: upload.sha256, size: upload.size, mimeType: upload.mimeType, fileName: upload.fileName };
  }

  /** The stored blob of an attachment, without authorisation (signed public media URLs). */
  async readyBlobOf(attachmentId: string): Promise<ReadyBlob> {
    const attachment = (await this.ctx.store.attachments.findById(attachmentId))?.attachment;
    if (!attachment) throw new AppError('NOT_FOUND', 'No such attachment.');
    if (attachment.status !== 'ready' || attachment.sha256 === null || !(await this.blobs.has(attachment.sha256))) {
      throw new AppError('NOT_FOUND', 'The attachment is not stored on the hub (yet).');
    }
    return {
      sha256: attachment.sha256,
      size: attachment.size ?? 0,
      mimeType: attachment.mimeType,
      fileName: attachment.fileName,
    };
  }
}
