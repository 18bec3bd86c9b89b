/**
 * Delivery receipts by provider id. Every provider id an outbound message got
 * is a part of it (Twilio answers one SID per attachment, and sends a status
 * callback for each); the message follows its least advanced part — delivered
 * only when every part is, failed as soon as one part failed. A receipt may
 * also arrive before the send result named its provider id (fast providers
 * call the webhook while our send call is still returning): it is kept for
 * EARLY_RECEIPT_TTL_MS and applied when the id is recorded.
 */
import { DELIVERY_RANK, type Message } from '../../shared/domain.js';
import type { InboundEvent } from '../channels/types.js';
import type { HubContext } from './context.js';
import type { CreditService } from './credits.js';
import { applyDelivery, type DeliveryUpdate } from './delivery.js';
import { onChannel, type WriteScope } from './writer.js';
import type { MessageRecord } from '../store/ports/messages.js';
import type { Receipt } from '../store/ports/receipts.js';

type StatusEvent = Extract<InboundEvent, { type: 'status' }>;

/** Long enough for any send call to return; short enough that stray receipts do not pile up. */
const EARLY_RECEIPT_TTL_MS = 60 * 60 * 1000;

/** The receipt the whole message shows: a failed part, else the least advanced part. */
function aggregate(parts: readonly Receipt[]): Receipt | null {
  const failed = parts.find((p) => p.state === 'failed');
  if (failed) return failed;
  let least: Receipt | null = null;
  for (const part of parts) if (!least || DELIVERY_RANK[part.state] < DELIVERY_RANK[least.state]) least = part;
  return least;
}

export class ReceiptService {
  constructor(
    private readonly ctx: HubContext,
    private readonly credits: CreditService,
  ) {}

  /** Moves the message (never down), stores and emits it; refunds a charged template that failed undelivered. */
  async applyToMessage(scope: WriteScope, record: MessageRecord, update: DeliveryUpdate): Promise<Message | null> {
    const next = applyDelivery(record.message, update, this.ctx.now());
    if (!next) return null;
    await this.ctx.store.messages.update(next);
    scope.emit({ type: 'message.upsert', message: next }, onChannel(record.channelId));
    const neverDelivered = DELIVERY_RANK[record.message.state] < DELIVERY_RANK.delivered;
    if (next.state === 'failed' && neverDelivered) await this.credits.refundFailed(scope, record.channelId, next);
    return next;
  }

  /** After a send: records every provider id as a part, then applies receipts that arrived first. */
  async recordProviderIds(
    scope: WriteScope,
    record: MessageRecord,
    providerMessageIds: readonly string[],
  ): Promise<Message> {
    const { channelId } = record;
    const messageId = record.message.id;
    await this.ctx.store.receipts.purgeEarly(this.ctx.now() - EARLY_RECEIPT_TTL_MS);
    for (const providerMessageId of providerMessageIds) {
      await this.ctx.store.receipts.addPart({
        channelId,
        providerMessageId,
        messageId,
        state: 'sent',
        failureCode: null,
        failureReason: null,
      });
    }
    let current = record;
    for (const providerMessageId of providerMessageIds) {
      for (const early of await this.ctx.store.receipts.takeEarly(channelId, providerMessageId)) {
        const next = await this.applyToPart(scope, current, providerMessageId, early);
        if (next) current = { ...current, message: next };
      }
    }
    return current.message;
  }

  /** A status webhook; kept for later when no message has this provider id yet. Returns the changed message. */
  async applyStatus(scope: WriteScope, channelId: string, event: StatusEvent): Promise<Message | null> {
    const receipt: Receipt = {
      state: event.state,
      failureCode: event.errorCode,
      failureReason: event.providerError,
    };
    const part = await this.ctx.store.receipts.findPart(channelId, event.providerMessageId);
    const record = part
      ? await this.ctx.store.messages.findById(part.messageId)
      : await this.ctx.store.messages.findByProviderId(channelId, event.providerMessageId);
    if (record && part) return await this.applyToPart(scope, record, event.providerMessageId, receipt);
    // Messages sent before parts were recorded (and inbound ones, which have no delivery state to move).
    if (record) return record.message.direction === 'out' ? await this.applyToMessage(scope, record, receipt) : null;
    const now = this.ctx.now();
    await this.ctx.store.receipts.purgeEarly(now - EARLY_RECEIPT_TTL_MS);
    await this.ctx.store.receipts.keepEarly({
      ...receipt,
      channelId,
      providerMessageId: event.providerMessageId,
      receivedAt: now,
    });
    this.ctx.log.info(
      { channelId, providerMessageId: event.providerMessageId },
      'receipt kept until its message is known',
    );
    return null;
  }

  private async applyToPart(
    scope: WriteScope,
    record: MessageRecord,
    providerMessageId: string,
    receipt: Receipt,
  ): Promise<Message | null> {
    const part = await this.ctx.store.receipts.findPart(record.channelId, providerMessageId);
    if (!part || DELIVERY_RANK[receipt.state] <= DELIVERY_RANK[part.state]) return null;
    await this.ctx.store.receipts.updatePart({ ...part, ...receipt });
    const whole = aggregate(await this.ctx.store.receipts.partsOf(record.message.id));
    return whole ? await this.applyToMessage(scope, record, whole) : null;
  }
}
