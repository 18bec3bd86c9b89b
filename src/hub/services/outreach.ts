/**
 * Writing first (docs/lifecycle.md, "Writing first"; POST /api/conversations): an agent starts a
 * conversation with a contact of the channel or, on WhatsApp, with a phone number, within what the
 * provider allows:
 *  - WhatsApp (Cloud and Twilio): a customer outside the 24 h window (a new number always is) gets only
 *    an approved template, which costs the business-initiated price of its category (credits.ts);
 *  - Telegram, LINE, WeChat: only a contact who wrote to the channel before; WeChat within 48 h of their
 *    last message (customer-service messages); LINE only while they follow the account (their latest
 *    follow/unfollow event).
 * The contact's open conversation is used, else a new one is opened, assigned to the agent who writes.
 * Everything — contact, conversation, the first message — is one transaction with the normal send
 * (messages.ts: stored, queued, dispatched, retried): a refusal leaves nothing behind. Never creates a
 * second contact for a number the channel knows.
 */
import { CHANNEL_RULES, sessionWindow } from '../../shared/channel-rules.js';
import type { Channel, Contact, Message } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { outreachRules, StartConversationRequest, type StartConversationResult } from '../../shared/outreach.js';
import { displayPhoneNumber, normalizePhoneNumber, twilioWhatsappAddress } from '../../shared/phone-number.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { ActivityRecorder, byAgent } from './activity.js';
import { requireChannelAccess, requirePermission, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { newConversationRecord } from './lifecycle.js';
import type { ContactService } from './contacts.js';
import type { ConversationService } from './conversations.js';
import type { MessageService } from './messages.js';
import type { TicketService } from './tickets.js';
import { onChannel, type WriteScope } from './writer.js';
import type { ConversationRecord } from '../store/ports/conversations.js';

type Request = ReturnType<typeof StartConversationRequest.parse>;

/** The contact the first message goes to: one the channel knows, or a number it has never seen. */
type Recipient =
  | { readonly known: true; readonly contact: Contact; readonly threadKey: string }
  | { readonly known: false; readonly externalId: string; readonly digits: string };

/** What the customer's earlier conversations on the channel say (the window is the customer's, not a thread's). */
interface History {
  readonly latest: ConversationRecord | null;
  readonly lastInboundAt: number | null;
}

export class OutreachService {
  private readonly activity: ActivityRecorder;

  constructor(
    private readonly ctx: HubContext,
    private readonly contacts: ContactService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly tickets: TicketService,
  ) {
    this.activity = new ActivityRecorder(ctx);
  }

  async start(actor: Actor, raw: unknown): Promise<StartConversationResult> {
    const req = parseOrThrow(StartConversationRequest, raw);
    requirePermission(actor, 'create');
    await requireChannelAccess(this.ctx.store, actor, req.channelId);
    const channel = await this.ctx.store.channels.findById(req.channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    const retried = await this.ctx.store.messages.findByClientId(req.clientId);
    if (retried) return await this.answer(retried.message, false, false);

    const recipient = await this.recipient(channel, req);
    const history = await this.history(recipient);
    await this.checkProvider(channel, recipient, history, req);
    try {
      return await this.ctx.writer.write(async (scope) => {
        const contact = await this.contactFor(scope, channel, recipient);
        const open = history.latest !== null && history.latest.conversation.status !== 'resolved';
        const record = open && history.latest ? await this.claim(scope, actor, history.latest) : null;
        const conversation = record ?? (await this.open(scope, actor, channel, contact, history));
        const message = await this.messages.send(actor, {
          clientId: req.clientId,
          conversationId: conversation.conversation.id,
          kind: req.kind,
          text: req.kind === 'text' ? req.text : null,
          template: req.kind === 'template' ? req.template : null,
        });
        return await this.answer(message, record === null, !recipient.known);
      });
    } catch (error) {
      // The send refused inside the transaction: its failed copy was undone with everything else.
      if (error instanceof AppError) throw new AppError(error.code, error.message);
      throw error;
    }
  }

  private async answer(
    message: Message,
    createdConversation: boolean,
    createdContact: boolean,
  ): Promise<StartConversationResult> {
    const record = await this.ctx.store.conversations.findById(message.conversationId);
    const contact = record && (await this.ctx.store.contacts.findById(record.conversation.contactId));
    if (!record || !contact) throw new AppError('NOT_FOUND', 'No such conversation.');
    return {
      conversation: record.conversation,
      contact: contact.contact,
      message: (await this.ctx.store.messages.findById(message.id))?.message ?? message,
      createdConversation,
      createdContact,
    };
  }

  private async recipient(channel: Channel, req: Request): Promise<Recipient> {
    if ('contactId' in req.to) {
      const found = await this.ctx.store.contacts.findById(req.to.contactId);
      if (!found || found.contact.channelId !== channel.id) {
        throw new AppError('NOT_FOUND', 'No such contact on this channel.');
      }
      return { known: true, contact: found.contact, threadKey: found.threadKey };
    }
    if (!outreachRules(channel.kind).byPhone) {
      throw new AppError(
        'VALIDATION_FAILED',
        `to.phone: ${channel.kind} customers are reached by contact, not by number`,
      );
    }
    const normalised = normalizePhoneNumber(req.to.phone, channel.settings.country ?? undefined);
    if (!normalised.ok) {
      throw new AppError(
        normalised.problem === 'country-needed' ? 'PHONE_NUMBER_NEEDS_COUNTRY' : 'PHONE_NUMBER_INVALID',
      );
    }
    // The wa_id (Cloud) or Twilio's address of the same number: the key inbound messages use too.
    const externalId = channel.kind === 'twilio' ? twilioWhatsappAddress(normalised.digits) : normalised.digits;
    const found = await this.ctx.store.contacts.findBySender(channel.id, externalId, '');
    if (found) return { known: true, contact: found.contact, threadKey: found.threadKey };
    return { known: false, externalId, digits: normalised.digits };
  }

  private async history(recipient: Recipient): Promise<History> {
    if (!recipient.known) return { latest: null, lastInboundAt: null };
    const lastInboundAt = (await this.ctx.store.conversations.listOfContact(recipient.contact.id)).reduce<
      number | null
    >((max, c) => (c.lastInboundAt !== null && (max === null || c.lastInboundAt > max) ? c.lastInboundAt : max), null);
    return { latest: await this.ctx.store.conversations.latestOfContact(recipient.contact.id), lastInboundAt };
  }

  /** The provider's rule for a business writing first; the window and template rules are the send's. */
  private async checkProvider(channel: Channel, recipient: Recipient, history: History, req: Request): Promise<void> {
    const rules = CHANNEL_RULES[channel.kind];
    if (outreachRules(channel.kind).onlyEarlierContacts) {
      if (!recipient.known || history.lastInboundAt === null) throw new AppError('CONTACT_NEVER_WROTE');
      if (!sessionWindow(channel.kind, history, this.ctx.now()).isOpen) {
        throw new AppError('SESSION_WINDOW_CLOSED_NO_SEND');
      }
      if (
        channel.kind === 'line' &&
        (await this.ctx.store.reachability.lastFollowEvent(recipient.contact.id)) === 'unfollow'
      ) {
        throw new AppError('LINE_NOT_FOLLOWING');
      }
      return;
    }
    if (rules.outsideWindow === 'templates-only' && req.kind !== 'template') {
      if (!sessionWindow(channel.kind, history, this.ctx.now()).isOpen)
        throw new AppError('FIRST_MESSAGE_NEEDS_TEMPLATE');
    }
  }

  private async contactFor(scope: WriteScope, channel: Channel, recipient: Recipient): Promise<Contact> {
    if (recipient.known) {
      // Writing to a trashed contact brings it back, as the customer's own message would.
      if (recipient.contact.deletedAt === null) return recipient.contact;
      return await this.contacts.save(scope, { ...recipient.contact, deletedAt: null });
    }
    const contact: Contact = {
      id: uuidv7(),
      channelId: channel.id,
      name: displayPhoneNumber(recipient.digits),
      identity: { externalId: recipient.externalId, phone: displayPhoneNumber(recipient.digits), username: null },
      deletedAt: null,
      createdAt: this.ctx.now(),
    };
    await this.ctx.store.contacts.insert({ contact, threadKey: '' });
    scope.emit({ type: 'contact.upsert', contact }, onChannel(channel.id));
    return contact;
  }

  /** The contact's open conversation: an unassigned one becomes the writing agent's. */
  private async claim(scope: WriteScope, actor: Actor, record: ConversationRecord): Promise<ConversationRecord> {
    const c = record.conversation;
    if (c.assigneeId !== null || !(await this.conversations.mayBeAssigned(actor.agent.id, c.channelId))) return record;
    const conversation = await this.conversations.save(
      scope,
      { ...record, conversation: { ...c, assigneeId: actor.agent.id } },
      byAgent(actor.agent.id),
    );
    return { ...record, conversation };
  }

  /**
   * A new conversation, the writing agent's. The customer's session window carries over from their
   * earlier conversations (the provider counts it per customer); a paid conversation does not (the
   * ledger keeps charges per conversation), so a template outside the window is charged again.
   */
  private async open(
    scope: WriteScope,
    actor: Actor,
    channel: Channel,
    contact: Contact,
    history: History,
  ): Promise<ConversationRecord> {
    const now = this.ctx.now();
    const record = newConversationRecord({
      channelId: channel.id,
      contactId: contact.id,
      assigneeId: (await this.conversations.mayBeAssigned(actor.agent.id, channel.id)) ? actor.agent.id : null,
      ticket: await this.tickets.openFor(channel, contact.name, null),
      lastInboundAt: history.lastInboundAt,
      lastMessageAt: now,
      now,
    });
    await this.ctx.store.conversations.insert(record);
    scope.emit({ type: 'conversation.upsert', conversation: record.conversation }, onChannel(channel.id));
    await this.activity.record(scope, null, record.conversation, byAgent(actor.agent.id));
    return record;
  }
}
