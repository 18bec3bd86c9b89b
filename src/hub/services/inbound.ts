/**
 * Inbound traffic from adapters: one transaction per webhook. New senders
 * become contacts, messages join the contact's conversation (re-opening a
 * resolved one), redeliveries are dropped by (channel, provider message id),
 * receipts move outbound delivery states, media becomes pending attachments
 * for the download worker. Never called with unverified payloads.
 */
import type { Channel, ChannelKind, Contact, Message } from '../../shared/domain.js';
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
import { FOR_UPDATE, type ConversationRecord } from '../store/ports/conversations.js';
import { CONFLICT_STATES } from '../store/store.js';

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
   * with it. On Postgres an event whose sender another transaction is storing at that moment (another
   * node, given the same webhook or the same customer's next message) waits for nothing in this batch: it
   * is stored after the batch commits, in a transaction of its own that waits for the other and then reads
   * what it stored. Never waiting inside a batch is what keeps two nodes' batches from deadlocking.
   */
  async ingestInbound(channelId: string, events: readonly InboundEvent[]): Promise<IngestResult> {
    const result: IngestResult = {
      messageIds: [],
      pendingAttachmentIds: [],
      updatedMessageIds: [],
      duplicates: 0,
      refused: [],
      automaticMessageIds: [],
    };
    const busy = await this.storeBatch(channelId, events, result, false);
    // docs/scaling.md, "Duplicates across nodes".
    if (busy.length > 0) await this.storeBatch(channelId, busy, result, true);
    this.autoMessages?.dispatch(result.automaticMessageIds);
    return result;
  }

  /**
   * One transaction. Without `wait`, returns the events that met another transaction (a sender locked by it,
   * or a row it wrote first) to be stored again with `wait`; with it, such a conflict fails the whole write
   * (503, retryable: the provider redelivers and the dedup keeps what was stored).
   */
  private async storeBatch(
    channelId: string,
    events: readonly InboundEvent[],
    result: IngestResult,
    wait: boolean,
  ): Promise<InboundEvent[]> {
    const now = this.ctx.now();
    const busy: InboundEvent[] = [];
    const refuse = (providerMessageId: string, reason: string): void => {
      this.ctx.log.warn({ channelId, providerMessageId, reason }, 'inbound event refused');
      result.refused.push({ providerMessageId, reason });
    };
    await this.ctx.writer.write(async (scope) => {
      // Read once for the write: the whole channel when a message needs its settings, else whether it exists.
      const channel = events.some((e) => e.type === 'message')
        ? await this.ctx.store.channels.findById(channelId)
        : await this.ctx.store.channels.kindOf(channelId);
      if (channel === null) throw new AppError('NOT_FOUND', 'No such channel.');
      for (const raw of events) {
        const bounded = boundInboundEvent(raw, now);
        if (!bounded.ok) {
          refuse(bounded.providerMessageId, bounded.reason);
          continue;
        }
        let failure: unknown;
        const stored = await this.ctx.writer.attempt(async () => {
          try {
            await this.ingestOne(scope, channel, channelId, bounded.event, result, wait);
          } catch (error) {
            failure = error;
            throw error;
          }
        });
        if (stored.ok) continue;
        if (!metAnother(failure)) refuse(bounded.event.providerMessageId, stored.reason);
        else if (!wait) busy.push(raw);
        else throw new AppError('DATABASE_TIMEOUT', 'Another node was storing the same messages; send again.');
      }
    });
    return busy;
  }

  private async ingestOne(
    scope: WriteScope,
    channel: Channel | ChannelKind,
    channelId: string,
    event: InboundEvent,
    result: IngestResult,
    wait: boolean,
  ): Promise<void> {
    if (event.type === 'message') {
      if (typeof channel === 'string') throw new Error('a message is stored with its channel read whole');
      return await this.ingestMessage(scope, channel, event, result, wait);
    }
    if (event.type === 'status') {
      const changed = await this.receipts.applyStatus(scope, channelId, event);
      if (changed) result.updatedMessageIds.push(changed.id);
      return;
    }
    const existing = await this.ctx.store.messages.findByProviderId(channelId, event.providerMessageId);
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
    await this.ctx.store.messages.update(next);
    scope.emit({ type: 'message.upsert', message: next }, onChannel(channelId));
    result.updatedMessageIds.push(next.id);
  }

  private async ingestMessage(
    scope: WriteScope,
    channel: Channel,
    event: MessageEvent,
    result: IngestResult,
    wait: boolean,
  ): Promise<void> {
    const channelId = channel.id;
    // One sender's messages go one at a time across nodes: a node that waited here reads what the other stored
    // (the message itself when both were given the same webhook, else the contact and its conversation).
    const { externalId } = event.sender;
    if (!(await this.ctx.store.contacts.lockSender(channelId, externalId, event.threadKey ?? '', wait)))
      throw new SenderBusy();
    if (await this.ctx.store.messages.findByProviderId(channelId, event.providerMessageId)) {
      result.duplicates += 1;
      return;
    }
    const contact = await this.contactFor(scope, channelId, event);
    const { record, created } = await this.conversationFor(scope, channel, contact, event);
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
    await this.ctx.store.messages.insert({ message, channelId, replyToMessageId: null });
    for (const [position, attachment] of message.attachments.entries()) {
      const ref = event.media[position];
      await this.ctx.store.attachments.insert(
        { attachment, messageId: message.id, position, providerRef: ref ? JSON.stringify(ref) : null, attempts: 0 },
        now,
      );
      result.pendingAttachmentIds.push(attachment.id);
    }
    await this.afterInbound(scope, record, channel, event, created);
    scope.emit({ type: 'message.upsert', message }, onChannel(channelId));
    result.messageIds.push(message.id);
    // Greeting and auto-reply, queued in this write and sent after it commits (auto-messages.ts).
    if (this.autoMessages) result.automaticMessageIds.push(...(await this.autoMessages.afterInbound(message, channel)));
  }

  private async contactFor(scope: WriteScope, channelId: string, event: MessageEvent): Promise<Contact> {
    const { sender } = event;
    const threadKey = event.threadKey ?? '';
    const found = await this.ctx.store.contacts.findBySender(channelId, sender.externalId, threadKey);
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
      await this.ctx.store.contacts.insert({ contact, threadKey });
      if (sender.language) await this.ctx.store.contacts.setLanguage(contact.id, sender.language);
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
      await this.ctx.store.contacts.setLanguage(current.id, sender.language);
    }
    return await this.contacts.save(scope, next);
  }

  /**
   * The conversation the message goes into (locked for this write; `created` when it is new, and routing may
   * have queued it since it was read).
   */
  private async conversationFor(
    scope: WriteScope,
    channel: Channel,
    contact: Contact,
    event: MessageEvent,
  ): Promise<{ record: ConversationRecord; created: boolean }> {
    const existing = await this.ctx.store.conversations.latestOfContact(contact.id, FOR_UPDATE);
    const now = this.ctx.now();
    // A resolved conversation ended unless the customer writes within the channel's reopen window (lifecycle.ts).
    if (existing && !hasEnded(existing.conversation, channel.settings, now))
      return { record: existing, created: false };
    const record = newConversationRecord({
      channelId: channel.id,
      contactId: contact.id,
      assigneeId: await this.assignment.pickAssignee(channel),
      ticket: await this.tickets.openFor(channel, contact.name, event.text),
      lastInboundAt: null,
      lastMessageAt: event.at,
      now,
    });
    await this.ctx.store.conversations.insert(record);
    await this.conversations.recordCreated(scope, record.conversation);
    if (existing) await recordFollowUp(this.ctx, scope, record.conversation, existing.conversation);
    return { record, created: true };
  }

  /** Re-opens, moves the session window and keeps the LINE reply token; emits the conversation. */
  private async afterInbound(
    scope: WriteScope,
    record: ConversationRecord,
    channel: Channel,
    event: MessageEvent,
    created: boolean,
  ): Promise<void> {
    const c = record.conversation;
    const reopened = c.status !== 'open';
    let assigneeId = c.assigneeId;
    if (reopened && assigneeId === null) assigneeId = await this.assignment.pickAssignee(channel);
    const isLatest = event.at >= c.lastMessageAt || c.lastMessagePreview === '';
    const replyToken = event.replyToken ?? record.replyToken;
    const saved = await this.conversations.save(
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
        replyToken,
      },
      // The hub's own doing: a customer reopening it, and automatic assignment (activity.ts).
      BY_ROUTING,
      undefined,
      // The customer now waits for an answer (services/routing/router.ts, prepare). An existing conversation
      // is as conversationFor read and locked it; a new one is read again (routing may have queued it).
      { customerWrote: true, ...(created ? {} : { before: c }) },
    );
    // Unassigned, it goes to an available agent or the queue.
    await this.assignment.afterInbound(scope, { conversation: saved, replyToken }, channel);
  }
}

/** Another transaction holds the sender's lock (ContactRepository.lockSender without waiting). */
class SenderBusy extends Error {
  constructor() {
    super('another transaction is storing messages of this sender');
  }
}

/** SQLSTATEs of meeting another transaction: a unique violation, and the store's lost conflicts (store.ts). */
const MET_ANOTHER_STATES: ReadonlySet<string> = new Set(['23505', ...CONFLICT_STATES]);

/**
 * Whether an event failed because another transaction (another node) was writing the same rows: the sender's
 * lock was taken, a unique key was inserted first (a contact an agent's outreach started, say), or the
 * database broke a deadlock. Stored again after the other commits, it finds the other's rows.
 */
function metAnother(error: unknown): boolean {
  if (error instanceof SenderBusy) return true;
  if (error instanceof AppError) {
    const details = error.details as { sqlState?: unknown } | undefined;
    return error.code === 'DATABASE_TIMEOUT' && MET_ANOTHER_STATES.has(String(details?.sqlState));
  }
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && MET_ANOTHER_STATES.has(code);
}
