/**
 * Tickets (SPEC §3, FAQ 8, 28; docs/lifecycle.md "Conversations and tickets"). With the channel's
 * auto-convert on, each new conversation gets a ticket whose number, subject and status template merge
 * fields can use; with it off, an agent with "update" converts one by hand. Turning auto-convert on, an
 * admin may convert the channel's open conversations (in batches, one write each). A ticket's subject is
 * editable (≤ 200 characters); its status is its conversation's status. Each change is an activity line.
 */
import type { Channel, Conversation, Ticket } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { clipText } from '../../shared/text.js';
import { SetTicketSubjectRequest, TICKET_SUBJECT_MAX } from '../../shared/tickets.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { byAgent } from './activity.js';
import { requireAdmin, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { ConversationService } from './conversations.js';
import { onChannel } from './writer.js';
import { FOR_UPDATE, type ConversationRecord } from '../store/ports/conversations.js';

/** Conversations one write of convertOpen converts: short writes, so live traffic is not held up. */
const CONVERT_BATCH = 100;

export class TicketService {
  constructor(
    private readonly ctx: HubContext,
    private readonly conversations?: ConversationService,
  ) {}

  /** A ticket for a new conversation when the channel auto-converts, else null. */
  async openFor(channel: Channel, contactName: string, firstText: string | null): Promise<Ticket | null> {
    if (!channel.settings.autoConvert) return null;
    return await this.create(channel, contactName, firstText);
  }

  /** Converts the conversation to a ticket by hand ("update"); one that has a ticket already is answered as is. */
  async convert(actor: Actor, conversationId: string): Promise<Conversation> {
    requirePermission(actor, 'update');
    const conversations = this.service();
    return await this.ctx.writer.write(async (scope) => {
      const record = await conversations.readable(actor, conversationId, FOR_UPDATE);
      if (record.conversation.ticket !== null) return record.conversation;
      return await conversations.save(scope, await this.withTicket(record), byAgent(actor.agent.id));
    });
  }

  /** Gives each open (or pending) conversation of the channel without a ticket one; answers how many. Admins. */
  async convertOpen(actor: Actor, channelId: string): Promise<number> {
    requireAdmin(actor);
    if (!(await this.ctx.store.channels.findById(channelId))) throw new AppError('NOT_FOUND', 'No such channel.');
    const conversations = this.service();
    let converted = 0;
    for (;;) {
      const batch = await this.ctx.writer.write(async (scope) => {
        const ids = await this.ctx.store.tickets.listUnconvertedOpen(channelId, CONVERT_BATCH);
        for (const id of ids) {
          const record = await this.ctx.store.conversations.findById(id, FOR_UPDATE);
          if (record) await conversations.save(scope, await this.withTicket(record), byAgent(actor.agent.id));
        }
        return ids.length;
      });
      converted += batch;
      if (batch < CONVERT_BATCH) return converted;
    }
  }

  /** A new subject for the conversation's ticket ("update"); TICKET_MISSING when it has none. */
  async setSubject(actor: Actor, conversationId: string, raw: unknown): Promise<Conversation> {
    const { subject } = parseOrThrow(SetTicketSubjectRequest, raw);
    requirePermission(actor, 'update');
    const conversations = this.service();
    return await this.ctx.writer.write(async (scope) => {
      const record = await conversations.readable(actor, conversationId, FOR_UPDATE);
      const { conversation } = record;
      const ticket = conversation.ticket;
      if (ticket === null) throw new AppError('TICKET_MISSING');
      if (ticket.subject === subject) return conversation;
      await this.ctx.store.tickets.setSubject(ticket.id, subject);
      const updated = { ...conversation, ticket: { ...ticket, subject }, updatedAt: this.ctx.now() };
      await this.ctx.store.conversations.update({ ...record, conversation: updated });
      scope.emit({ type: 'conversation.upsert', conversation: updated }, onChannel(updated.channelId));
      const activity = {
        id: uuidv7(),
        conversationId: updated.id,
        channelId: updated.channelId,
        actor: byAgent(actor.agent.id),
        change: { kind: 'subject' as const, from: ticket.subject, to: subject },
        at: this.ctx.now(),
      };
      await this.ctx.store.activity.insert(activity);
      scope.emit({ type: 'activity.upsert', activity }, onChannel(updated.channelId));
      return updated;
    });
  }

  private async withTicket(record: ConversationRecord): Promise<ConversationRecord> {
    const { conversation } = record;
    const channel = await this.ctx.store.channels.findById(conversation.channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    const contactName = (await this.ctx.store.contacts.findById(conversation.contactId))?.contact.name ?? '';
    const ticket = await this.create(channel, contactName, conversation.lastMessagePreview);
    return { ...record, conversation: { ...conversation, ticket } };
  }

  private async create(channel: Channel, contactName: string, text: string | null): Promise<Ticket> {
    const firstLine = text?.split('\n')[0]?.trim() ?? '';
    const subject = clipText(firstLine || contactName || channel.name, TICKET_SUBJECT_MAX);
    return await this.ctx.store.tickets.create(uuidv7(), subject, this.ctx.now());
  }

  private service(): ConversationService {
    if (!this.conversations) throw new Error('TicketService needs the conversation service for this');
    return this.conversations;
  }
}
