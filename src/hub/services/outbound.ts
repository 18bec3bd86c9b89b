/**
 * The core's side of outbound delivery: what the dispatcher loads for a
 * queued message, how it reports delivery, and signed media URLs that
 * providers fetching media by URL (LINE, Twilio) can use without a session.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { Message } from '../../shared/domain.js';
import type { BlobStore } from '../store/ports/blobs.js';
import type { ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import type { DeliveryUpdate } from './delivery.js';
import type { DispatchJob, DispatchMedia } from './outbound-port.js';
import type { ReceiptService } from './receipts.js';

/** Providers fetch media soon after the send; a day covers their retries. */
const MEDIA_URL_TTL_MS = 24 * 60 * 60 * 1000;
const QUEUED_BATCH = 500;

export class OutboundService {
  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
    private readonly blobs: BlobStore,
    private readonly mediaUrlKey: Buffer,
    private readonly receipts: ReceiptService,
  ) {}

  /**
   * Moves a message's delivery state (never down) and emits it; a send result's provider ids are
   * recorded so receipts find the message (and receipts that came first are applied). Returns it.
   */
  async updateDelivery(messageId: string, update: DeliveryUpdate): Promise<Message> {
    return await this.ctx.writer.write(async (scope) => {
      const record = await this.ctx.store.messages.findById(messageId);
      if (!record) throw new AppError('NOT_FOUND', 'No such message.');
      const next = (await this.receipts.applyToMessage(scope, record, update)) ?? record.message;
      const ids = [update.providerMessageId ?? null, ...(update.extraProviderMessageIds ?? [])].filter(
        (id): id is string => id !== null,
      );
      if (ids.length === 0 || next.state === 'failed') return next;
      return await this.receipts.recordProviderIds(scope, { ...record, message: next }, ids);
    });
  }

  /** A LINE reply token works once: after a send used it, later replies push. */
  async consumeReplyToken(conversationId: string, token: string): Promise<void> {
    const record = await this.ctx.store.conversations.findById(conversationId);
    if (record?.replyToken?.token === token) await this.ctx.store.conversations.update({ ...record, replyToken: null });
  }

  /** Outbound messages still queued, oldest first (resume after a restart). */
  async listQueuedMessageIds(limit = QUEUED_BATCH): Promise<string[]> {
    return (await this.ctx.store.messages.listQueuedOutbound(limit)).map((r) => r.message.id);
  }

  async loadForDispatch(messageId: string): Promise<DispatchJob | null> {
    const { store } = this.ctx;
    const record = await store.messages.findById(messageId);
    if (!record || record.message.direction !== 'out') return null;
    const conversation = await store.conversations.findById(record.message.conversationId);
    const contact = conversation && (await store.contacts.findById(conversation.conversation.contactId));
    const channel = await store.channels.findById(record.channelId, true);
    if (!conversation || !contact || !channel) return null;
    const now = this.ctx.now();
    const token = conversation.replyToken;
    const templateMeta = record.message.meta.template;
    const template = templateMeta ? await store.templates.findById(templateMeta.templateId) : null;
    return {
      message: record.message,
      conversation: conversation.conversation,
      contact: contact.contact,
      threadKey: contact.threadKey === '' ? null : contact.threadKey,
      channel,
      credentials: await this.channels.credentialsOf(channel.id),
      media: await this.loadMedia(record.message),
      template:
        template && templateMeta
          ? { template, params: templateMeta.params, renderedBody: record.message.text ?? template.body }
          : null,
      replyToProviderMessageId: record.message.meta.replyToProviderMessageId ?? null,
      replyToken: token && token.expiresAt > now ? token.token : null,
      statusCallbackUrl: this.ctx.config.publicUrl ? `${this.ctx.config.publicUrl}/webhooks/${channel.id}` : null,
    };
  }

  private async loadMedia(message: Message): Promise<DispatchMedia[]> {
    const media: DispatchMedia[] = [];
    for (const attachment of message.attachments) {
      if (attachment.sha256 === null) continue;
      media.push({
        attachment,
        bytes: await this.blobs.read(attachment.sha256),
        fileName: attachment.fileName ?? `${attachment.id}`,
        publicUrl: this.publicMediaUrl(attachment.id),
        posterUrl: attachment.mimeType.startsWith('video/') ? this.publicPosterUrl(attachment.id) : null,
      });
    }
    return media;
  }

  /** The file's link signs `id.exp`, its poster's `id.poster.exp`: one never opens the other. */
  private signature(attachmentId: string, expiresAt: number, variant: '' | 'poster' = ''): string {
    const signed = variant === '' ? `${attachmentId}.${expiresAt}` : `${attachmentId}.${variant}.${expiresAt}`;
    return createHmac('sha256', this.mediaUrlKey).update(signed).digest('base64url');
  }

  /** `${publicUrl}/media/:attachmentId/poster?exp=…&sig=…`: a video's preview image (docs/protocol.md §2.6). */
  publicPosterUrl(attachmentId: string): string | null {
    if (!this.ctx.config.publicUrl) return null;
    const expiresAt = this.ctx.now() + MEDIA_URL_TTL_MS;
    const sig = this.signature(attachmentId, expiresAt, 'poster');
    return `${this.ctx.config.publicUrl}/media/${encodeURIComponent(attachmentId)}/poster?exp=${expiresAt}&sig=${sig}`;
  }

  /** `${publicUrl}/media/:attachmentId?exp=…&sig=…`, or null when the hub has no public URL. */
  publicMediaUrl(attachmentId: string): string | null {
    if (!this.ctx.config.publicUrl) return null;
    const expiresAt = this.ctx.now() + MEDIA_URL_TTL_MS;
    const sig = this.signature(attachmentId, expiresAt);
    return `${this.ctx.config.publicUrl}/media/${encodeURIComponent(attachmentId)}?exp=${expiresAt}&sig=${sig}`;
  }

  /** Checks a signed media URL; the blob it names may then be served without a session. */
  verifyMediaSignature(attachmentId: string, expiresAt: number, sig: string, variant: '' | 'poster' = ''): boolean {
    if (!Number.isFinite(expiresAt) || expiresAt < this.ctx.now()) return false;
    const expected = Buffer.from(this.signature(attachmentId, expiresAt, variant));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
