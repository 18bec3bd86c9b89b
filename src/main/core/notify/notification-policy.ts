/**
 * Which changes notify the agent (SPEC §6, FAQ 14): a new inbound message on
 * a conversation assigned to me, or unassigned on a channel I am linked to; a
 * conversation assigned to me by someone else. Never my own messages, never
 * what I already read elsewhere, never a trashed contact. During a catch-up
 * everything is coalesced into one summary; a first sync (empty cache) says
 * nothing at all. It decides only: showing is the shell's job.
 *
 * Grouped per conversation (docs/desktop.md "Notification grouping"): a burst from one customer is one
 * notification saying how many arrived ("3 new messages · latest"), counted until the agent reads the
 * conversation; the shell and the toasts replace the conversation's earlier notification with it.
 * Prioritised: conversations assigned to me come before unassigned ones, in a batch and in a summary.
 */
import type { Channel, Conversation, Message } from '../../../shared/domain.js';
import type { ClientCache } from '../cache/client-cache.js';
import type { NotifyCandidate } from '../sync/apply-events.js';
import { previewWords } from '../../../shared/preview-words.js';
import { contactDisplayName } from '../../../shared/contact-name.js';
import { NOTIFICATION_WORDS, type NotificationLanguage } from './notification-words.js';

export interface AgentNotification {
  readonly conversationId: string | null;
  readonly title: string;
  readonly body: string;
  readonly channelKind: Channel['kind'] | null;
}

const PREVIEW_MAX = 120;

export function previewOf(message: Pick<Message, 'text' | 'kind'>, language: NotificationLanguage = 'en'): string {
  const text = message.text?.replace(/\s+/g, ' ').trim();
  if (text) return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX - 1)}…` : text;
  const words = NOTIFICATION_WORDS[language];
  return words.kinds[message.kind] ?? words.newMessage;
}

/** What a notification says about its conversation, read from the cache. */
interface Context {
  readonly conversation: Conversation;
  readonly channel: Channel;
  readonly contactName: string;
}

/** The customer's messages notified since the agent last read the conversation. */
interface Group {
  readonly readAt: number;
  readonly count: number;
}

export class NotificationPolicy {
  private readonly groups = new Map<string, Group>();
  /** Conversations whose latest notification was for one assigned to me (ranked first). */
  private readonly mine = new Set<string>();

  constructor(
    private readonly cache: ClientCache,
    private readonly language: NotificationLanguage = 'en',
  ) {}

  /** One notification per conversation at most, newest reason wins; mine before unassigned. */
  decide(candidates: readonly NotifyCandidate[]): AgentNotification[] {
    const byConversation = new Map<string, AgentNotification>();

    // A burst brings many messages per conversation: its row is read once per batch, not once each.
    const contexts = new Map<string, Context | null>();
    const contextOf = (conversationId: string): Context | null => {
      let context = contexts.get(conversationId);
      if (context === undefined) {
        context = this.context(conversationId);
        contexts.set(conversationId, context);
      }
      return context;
    };
    for (const candidate of candidates) {
      const note =
        candidate.type === 'inbound'
          ? this.forInbound(candidate.message, contextOf(candidate.message.conversationId))
          : this.forAssigned(contextOf(candidate.conversation.id));
      if (!note || note.conversationId === null) continue;
      byConversation.delete(note.conversationId);
      byConversation.set(note.conversationId, note);
      if (contextOf(note.conversationId)?.conversation.assigneeId === this.cache.me) this.mine.add(note.conversationId);
      else this.mine.delete(note.conversationId);
    }
    return this.prioritised([...byConversation.values()]);
  }

  /** Assigned to me first; the sort is stable, so within each the order of arrival stays. */
  private prioritised(notes: AgentNotification[]): AgentNotification[] {
    const rank = (note: AgentNotification) =>
      note.conversationId !== null && this.mine.has(note.conversationId) ? 0 : 1;
    return notes.sort((a, b) => rank(a) - rank(b));
  }

  /** The catch-up summary: one notification however many things happened. */
  summarize(notes: readonly AgentNotification[]): AgentNotification | null {
    if (notes.length === 0) return null;
    const only = notes[0];
    if (notes.length === 1 && only) return only;
    return {
      conversationId: null,
      title: NOTIFICATION_WORDS[this.language].summary(notes.length),
      body: this.prioritised([...notes])
        .slice(0, 3)
        .map((n) => n.title)
        .join(', '),
      channelKind: null,
    };
  }

  private forInbound(message: Message, context: Context | null): AgentNotification | null {
    if (message.direction !== 'in' || message.kind === 'event' || message.senderAgentId === this.cache.me) return null;
    if (!context || !this.isMine(context.conversation, context.channel)) return null;
    const readAt = this.cache.readMarkers.readAt(message.conversationId) ?? 0;
    if (message.createdAt <= readAt) return null;
    const count = this.countIn(message.conversationId, readAt);
    const preview = previewOf(message, this.language);
    return {
      conversationId: message.conversationId,
      title: `${context.contactName} · ${context.channel.name}`,
      body: count > 1 ? NOTIFICATION_WORDS[this.language].grouped(count, preview) : preview,
      channelKind: context.channel.kind,
    };
  }

  private forAssigned(context: Context | null): AgentNotification | null {
    if (!context || context.conversation.assigneeId !== this.cache.me) return null;
    return {
      conversationId: context.conversation.id,
      title: `${context.contactName} · ${context.channel.name}`,
      body: NOTIFICATION_WORDS[this.language].assigned(previewWords(context.conversation, this.language)),
      channelKind: context.channel.kind,
    };
  }

  /** Counts one more notified message; reading the conversation (its read marker moved) starts again at one. */
  private countIn(conversationId: string, readAt: number): number {
    const group = this.groups.get(conversationId);
    const count = group && group.readAt === readAt ? group.count + 1 : 1;
    this.groups.set(conversationId, { readAt, count });
    return count;
  }

  private isMine(conversation: Conversation, channel: Channel): boolean {
    const me = this.cache.me;
    if (conversation.assigneeId === me) return true;
    return conversation.assigneeId === null && channel.linkedAgentIds.includes(me);
  }

  private context(conversationId: string): Context | null {
    const row = this.cache.conversations.row(conversationId, 0);
    const channel = row ? this.cache.read.channel(row.conversation.channelId) : null;
    if (!row || !channel) return null;
    return {
      conversation: row.conversation,
      channel,
      contactName: contactDisplayName(row.contact, row.channelKind, this.language),
    };
  }
}
