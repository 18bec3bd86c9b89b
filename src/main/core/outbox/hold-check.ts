/**
 * Decides whether a reply written while offline should wait for the agent:
 * another agent answered the customer after the reply was written (by what
 * synced since), the conversation went to someone else meanwhile, or the
 * customer's session window closed before it could go (the hub would refuse
 * it: the agent chooses a template, sending once the customer wrote again,
 * or dropping it).
 */
import { sessionWindow } from '../../../shared/channel-rules.js';
import { AppError } from '../../../shared/errors.js';
import type { ClientCache } from '../cache/client-cache.js';
import type { OutboxEntry } from './outbox-store.js';

export interface HoldReason {
  readonly code: 'REPLY_HELD' | 'SESSION_WINDOW_CLOSED' | 'SESSION_WINDOW_CLOSED_NO_SEND';
  readonly reason: string;
}

export class HoldCheck {
  constructor(
    private readonly cache: ClientCache,
    private readonly now: () => number = Date.now,
  ) {}

  check(entry: OutboxEntry): HoldReason | null {
    if (entry.holdOverridden || entry.kind === 'note') return null;
    const closed = this.windowClosed(entry);
    if (closed) return closed;
    const me = this.cache.me;
    const other = this.cache.read.replyByOtherAgent({
      conversationId: entry.conversationId,
      me,
      baseSeq: entry.baseSeq,
      baseMessageAt: entry.baseMessageAt,
    });
    if (other) return this.reason(`${this.nameOf(other)} answered this customer meanwhile.`);
    const conversation = this.cache.read.conversation(entry.conversationId);
    const assignee = conversation?.assigneeId ?? null;
    if (assignee !== null && assignee !== me && assignee !== entry.baseAssigneeId) {
      return this.reason(`The conversation was reassigned to ${this.nameOf(assignee)} meanwhile.`);
    }
    return null;
  }

  /** A free-form reply (text or files) the customer's session window no longer allows. */
  private windowClosed(entry: OutboxEntry): HoldReason | null {
    if (entry.kind !== 'text' && entry.kind !== 'attachment') return null;
    const conversation = this.cache.read.conversation(entry.conversationId);
    const channel = conversation ? this.cache.read.channel(conversation.channelId) : null;
    if (!conversation || !channel) return null;
    const window = sessionWindow(channel.kind, conversation, this.now());
    if (window.isOpen) return null;
    const code = window.outsideWindow === 'nothing' ? 'SESSION_WINDOW_CLOSED_NO_SEND' : 'SESSION_WINDOW_CLOSED';
    return { code, reason: new AppError(code).message };
  }

  private reason(detail: string): HoldReason {
    return { code: 'REPLY_HELD', reason: `${new AppError('REPLY_HELD').message} ${detail}` };
  }

  private nameOf(agentId: string): string {
    return this.cache.read.agent(agentId)?.name ?? 'Another agent';
  }
}
