/**
 * Automatic messages (docs/lifecycle.md, "Business hours, auto-reply and greeting"; docs/hub.md): when a
 * customer's message is stored, the channel's greeting goes out if that message opened a new conversation,
 * and its auto-reply if the hub's clock is outside the channel's business hours — each at most once per
 * conversation, in the contact's language when the setting has a text for it.
 *
 * Runs inside the inbound write, each message in its own savepoint (a failure here never drops the
 * customer's message): the queued message and its `auto_messages` row commit with the inbound message, so a
 * webhook redelivered or a hub restarted (the dispatcher resumes queued messages) never sends one twice and
 * never loses one. Sending happens only after commit (InboundService hands the ids to the dispatcher).
 */
import { isOpenAt, textFor } from '../../shared/business-hours.js';
import { sessionWindow } from '../../shared/channel-rules.js';
import type { AutoReplySetting, BusinessHours, Channel, Message, MessageKind } from '../../shared/domain.js';
import type { HubContext } from './context.js';
import type { MessageService } from './messages.js';
import type { AutoMessageKind } from '../store/ports/auto-messages.js';

/** What a customer did rather than wrote: no greeting or auto-reply answers a reaction or an unfollow. */
const NOT_WRITTEN: ReadonlySet<MessageKind> = new Set<MessageKind>(['event', 'reaction']);

export class AutoMessageService {
  constructor(
    private readonly ctx: HubContext,
    private readonly messages: Pick<MessageService, 'storeAutomatic' | 'dispatchQueued'>,
  ) {}

  /**
   * Inside the inbound write, right after the customer's message was stored: queues the greeting and the
   * auto-reply it calls for (`channel` as the write read it: a channel without either costs no read).
   * Returns the queued messages' ids, for `dispatch` after commit.
   */
  async afterInbound(inbound: Message, channel: Channel): Promise<string[]> {
    if (inbound.direction !== 'in' || NOT_WRITTEN.has(inbound.kind)) return [];
    const { greeting, autoReply, hours } = channel.settings;
    if (!greeting && !autoReply) return [];
    const { store } = this.ctx;
    const record = await store.conversations.findById(inbound.conversationId);
    if (!record) return [];
    const now = this.ctx.now();
    // The customer just wrote, so WhatsApp's 24 h and WeChat's 48 h are open — unless this is a late redelivery.
    if (!sessionWindow(channel.kind, record.conversation, now).isOpen) return [];
    const conversationId = record.conversation.id;
    const due: [AutoMessageKind, AutoReplySetting][] = [];
    if (greeting && (await store.autoMessages.opensConversation(conversationId, inbound.id)))
      due.push(['greeting', greeting]);
    if (autoReply && hours && !this.isOpen(hours, now, channel.id)) due.push(['autoReply', autoReply]);
    if (due.length === 0) return [];
    const language = (await store.contacts.findById(record.conversation.contactId))?.contact.language;
    const queued: string[] = [];
    for (const [kind, setting] of due) {
      const outcome = await this.ctx.writer.attempt(async () => {
        if ((await store.autoMessages.messageIdOf(conversationId, kind)) !== null) return;
        const at = Math.max(now, inbound.createdAt);
        const message = await this.messages.storeAutomatic(conversationId, textFor(setting, language), kind, at);
        if (!(await store.autoMessages.claim(conversationId, kind, message.id, now))) throw new Error('already sent');
        queued.push(message.id);
      });
      if (!outcome.ok)
        this.ctx.log.warn({ conversationId, kind, reason: outcome.reason }, 'automatic message not sent');
    }
    return queued;
  }

  /** After the inbound write committed: the queued automatic messages go to the dispatcher. */
  dispatch(messageIds: readonly string[]): void {
    if (messageIds.length > 0) this.messages.dispatchQueued(messageIds);
  }

  private isOpen(hours: BusinessHours, at: number, channelId: string): boolean {
    try {
      return isOpenAt(hours, at);
    } catch (err) {
      // A zone this runtime's Intl no longer knows: no auto-reply rather than one at the wrong hours.
      this.ctx.log.warn({ err, channelId, timeZone: hours.timeZone }, 'business hours unreadable; treated as open');
      return true;
    }
  }
}
