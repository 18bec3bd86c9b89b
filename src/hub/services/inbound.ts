/**
 * Inbound traffic from adapters: one transaction per webhook. New senders
 * become contacts, messages join the contact's conversation (re-opening a
 * resolved one), redeliveries are dropped by (channel, provider message id),
 * receipts move outbound delivery states, media becomes pending attachments
 * for the download worker. Never called with unverified payloads.
 */
import type { Contact, Message } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { InboundEvent } from '../channels/types.js';
import { BY_ROUTING } from './activity.js';
import type { AssignmentService } from './assignment.js';
import type { AutoMessageService } from './auto-messages.js';
import type { ContactService } from './contacts.js';
import type { HubContext } from './context.js';
import { hasEnded, newConversationRecord, recordFollowUp } from './lifecycle.js';
import type { ConversationService } from './conversations.js';
import { previewOf } from './preview.js';
import type { ReceiptService } from './receipts.js';
import type { TicketService } from './tickets.js';
import { boundInboundEvent } from './inbound-bounds.js';
import { onChannel, type WriteScope } from './writer.js';
import type { ConversationRecord } from "../store/ports/conversations.js";

export interface RefusedEvent {
  readonly providerMessageId: string;
  readonly reason: string;
}

export interface IngestResult {
  /** Messages stored by this call (redeliveries excluded). */
  readonly messageIds: string[];
  /** Attachments waiting for the download worker. */
  readonly pendingAttachmentIds: string[];
  /** Existing messages changed by receipts, edits or unsends. */
  readonly updatedMessageIds: string[];
  /** Events already stored before (provider redelivery). */
  duplicates: number;
  /** Events that could not be stored (logged); the others of the batch were stored. */
  readonly refused: RefusedEvent[];
  /** Greetings and auto-replies queued by this call (auto-messages.ts), dispatched after commit. */
  readonly automaticMessageIds: string[];
}

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

export class InboundService {
  constructor(
    private readonly ctx: HubContext,
    private readonly contacts: ContactService,
    private readonly conversations: ConversationService,
    private readonly tickets: TicketService,
    private readonly assignment: AssignmentService,
    private readonly receipts: ReceiptService,
    private readonly autoMessages?: AutoMessageService,
  ) {}

  /**
   * Stores a batch in one transaction. Each event is bounded first (inbound-bounds.ts) and stored in its
   * own savepoint: one that cannot be stored is logged and refused, never taking the rest of the batch
   * with it.
   */
  ingestInbound(channelId: string, events: readonly InboundEvent[]): IngestResult {
    const result: IngestResult = {
      messageIds: [],
      pendingAttachmentIds: [],
      updatedMessageIds: [],
      duplicates: 0,
      refused: [],
      automaticMessageIds: [],
    };
    const now = this.ctx.now();
    const refuse = (providerMessageId: string, reason: string): void => {
      this.ctx.log.warn({ channelId, providerMessageId, reason }, 'inbound event refused');
      result.refused.push({ providerMessageId, reason });
    };
    this.ctx.writer.write((scope) => {
      if (this.ctx.store.channels.kindOf(channelId) === null) throw new AppError('NOT_FOUND', 'No such channel.');
      for (const raw of events) {
        const bounded = boundInboundEvent(raw, now);
        if (!bounded.ok) {
          refuse(bounded.providerMessageId, bounded.reason);
          continue;
        }
        const stored = this.ctx.writer.attempt(() => this.ingestOne(scope, channelId, bounded.event, result));
        if (!stored.ok) refuse(bounded.event.providerMessageId, stored.reason);
      }
    });
    this.autoMessages?.dispatch(result.automaticMessageIds);
    return result;
  }

  private ingestOne(scope: WriteScope, channelId: string, event: InboundEvent, result: IngestResult): void {
    if (event.type === 'message') return this.ingestMessage(scope, channelId, event, result);
    if (event.type === 'status') {
      const changed = this.receipts.applyStatus(scope, channelId, event);
      if (changed) result.updatedMessageIds.push(changed.id);
      return;
    }
    const existing = this.ctx.store.messages.findByProviderId(channelId, event.providerMessageId);
    if (!existing) {
      this.ctx.log.info(
        { channelId, providerMessageId: event.providerMessageId, type: event.type },
        'event for unknown message',
      );
      return;
    }
    const now = this.ctx.now();
    const { message } = existing;
    let next: Message | null;
    if (event.type === 'edit') {
      next = {
        ...message,
        text: event.text,
        meta: { ...message.meta, editedAt: event.at },
        updatedAt: now,
      };
    } else {
      // LINE unsend: the customer withdrew the message, so its content is no longer shown.
      next = message.meta.unsentAt
        ? null
        : { ...message, text: null, meta: { ...message.meta, unsentAt: event.at }, updatedAt: now };
    }
    if (!next) return;
    this.ctx.store.messages.update(next);
    scope.emit({ type: 'message.upsert', message: next }, onChannel(channelId));
    result.updatedMessageIds.push(next.id);
  }

  private ingestMessage(scope: WriteScope, channelId: string, event: MessageEvent, result: IngestResult): void {
    if (this.ctx.store.messages.findByProviderId(channelId, event.providerMessageId)) {
      result.duplicates += 1;
      return;
    }
    const contact = this.contactFor(scope, channelId, event);
    const record = this.conversationFor(scope, contact, event);
    const now = this.ctx.now();
    const message: Message = {
      id: uuidv7(),
      conversationId: record.conversation.id,
      direction: 'in',
      kind: event.kind,
      text: event.text,
      attachments: event.media.map((m) => ({
        id: uuidv7(),
        mimeType: m.mimeType ?? 'application/octet-stream',
        fileName: m.fileName,
        size: m.size,
        sha256: null,
        status: 'pending',
        error: null,
      })),
      meta: event.meta,
      providerMessageId: event.providerMessageId,
      clientId: null,
      senderAgentId: null,
      state: 'received',
      failureCode: null,
      failureReason: null,
      createdAt: event.at,
      updatedAt: now,
    };
    this.ctx.store.messages.insert({ message, channelId, replyToMessageId: null });
    message.attachments.forEach((attachment, position) => {
      const ref = event.media[position];
      this.ctx.store.attachments.insert(
        { attachment, messageId: message.id, position, providerRef: ref ? JSON.stringify(ref) : null, attempts: 0 },
        now,
      );
      result.pendingAttachmentIds.push(attachment.id);
    });
    this.afterInbound(scope, record, event);
    scope.emit({ type: 'message.upsert', message }, onChannel(channelId));
    result.messageIds.push(message.id);
    // Greeting and auto-reply, queued in this write and sent after it commits (auto-messages.ts).
    if (this.autoMessages) result.automaticMessageIds.push(...this.autoMessages.afterInbound(message));
  }

  private contactFor(scope: WriteScope, channelId: string, event: MessageEvent): Contact {
    const { sender } = event;
    const threadKey = event.threadKey ?? '';
    const found = this.ctx.store.contacts.findBySender(channelId, sender.externalId, threadKey);
    const name = sender.name ?? sender.username ?? sender.phone ?? sender.externalId;
    if (!found) {
      const contact: Contact = {
        id: uuidv7(),
        channelId,
        name,
        identity: { externalId: sender.externalId, phone: sender.phone, username: sender.username },
        deletedAt: null,
        createdAt: this.ctx.now(),
        ...(sender.language ? { language: sender.language } : {}),
      };
      this.ctx.store.contacts.insert({ contact, threadKey });
      if (sender.language) this.ctx.store.contacts.setLanguage(contact.id, sender.language);
      scope.emit({ type: 'contact.upsert', contact }, onChannel(channelId));
      return contact;
    }
    const current = found.contact;
    const next: Contact = {
      ...current,
      // A name an agent set by hand stays (issue 13 §3); otherwise the provider's latest (Telegram) wins.
      name: current.nameSetByAgent ? current.name : (sender.name ?? current.name),
      identity: {
        externalId: current.identity.externalId,
        phone: sender.phone ?? current.identity.phone,
        username: sender.username ?? current.identity.username,
      },
      // A customer writing again brings a trashed contact back: no message may go unseen.
      deletedAt: null,
      // The auto-reply's language (services/auto-messages.ts): the provider's latest, kept when it says none.
      ...(sender.language ? { language: sender.language } : {}),
    };
    if (JSON.stringify(next) === JSON.stringify(current)) return current;
    if (sender.language && sender.language !== current.language) {
      this.ctx.store.contacts.setLanguage(current.id, sender.language);
    }
    return this.contacts.save(scope, next);
  }

  private conversationFor(scope: WriteScope, contact: Contact, event: MessageEvent): ConversationRecord {
    const existing = this.ctx.store.conversations.latestOfContact(contact.id);
    const channel = this.ctx.store.channels.findById(contact.channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    const now = this.ctx.now();
    // A resolved conversation ended unless the customer writes within the channel's reopen window (lifecycle.ts).
    if (existing && !hasEnded(existing.conversation, channel.settings, now)) return existing;
    const record = newConversationRecord({
      channelId: channel.id,
      contactId: contact.id,
      assigneeId: this.assignment.pickAssignee(channel.id),
      ticket: this.tickets.openFor(channel, contact.name, event.text),
      lastInboundAt: null,
      lastMessageAt: event.at,
      now,
    });
    this.ctx.store.conversations.insert(record);
    this.conversations.recordCreated(scope, record.conversation);
    if (existing) recordFollowUp(this.ctx, scope, record.conversation, existing.conversation);
    return record;
  }

  /** Re-opens, moves the session window and keeps the LINE reply token; emits the conversation. */
  private afterInbound(scope: WriteScope, record: ConversationRecord, event: MessageEvent): void {
    const c = record.conversation;
    const reopened = c.status !== 'open';
    let assigneeId = c.assigneeId;
    if (reopened && assigneeId === null) assigneeId = this.assignment.pickAssignee(c.channelId);
    const isLatest = event.at >= c.lastMessageAt || c.lastMessagePreview === '';
    this.conversations.save(
      scope,
      {
        conversation: {
          ...c,
          status: 'open',
          snoozedUntil: null,
          assigneeId,
          lastInboundAt: Math.max(c.lastInboundAt ?? 0, event.at),
          lastMessageAt: Math.max(c.lastMessageAt, event.at),
          ...(isLatest ? previewOf(event.kind, event.text, event.meta) : {}),
        },
        replyToken: event.replyToken ?? record.replyToken,
      },
      // The hub's own doing: a customer reopening it, and automatic assignment (activity.ts).
      BY_ROUTING,
    );
    // The customer now waits for an answer; unassigned, it goes to an available agent or the queue.
    this.assignment.afterInbound(scope, c.id);
  }
}
