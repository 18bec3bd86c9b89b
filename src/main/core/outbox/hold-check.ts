/**
 * Decides whether a reply written while offline should wait for the agent:
 * another agent answered the customer after the reply was written (by what
 * synced since), or the conversation went to someone else meanwhile.
 */
import { AppError } from '../../../shared/errors.js';
import type { ClientCache } from '../cache/client-cache.js';
import type { OutboxEntry } from './outbox-store.js';

export interface HoldReason {
  readonly code: 'REPLY_HELD';
  readonly reason: string;
}

export class HoldCheck {
  private readonly answeredBy;

  constructor(private readonly cache: ClientCache) {
    // synced_seq: learned after the reply was written; created_at: newer than what the agent had seen.
    this.answeredBy = cache.db.prepare<
      { conversationId: string; me: string; baseSeq: number; baseMessageAt: number },
      { sender_agent_id: string }
    >(`SELECT sender_agent_id FROM messages
      WHERE conversation_id = @conversationId AND direction = 'out' AND kind <> 'note'
        AND sender_agent_id IS NOT NULL AND sender_agent_id <> @me
        AND synced_seq > @baseSeq AND created_at > @baseMessageAt
      ORDER BY created_at DESC LIMIT 1`);
  }

  check(entry: OutboxEntry): HoldReason | null {
    if (entry.holdOverridden || entry.kind === 'note') return null;
    const me = this.cache.me;
    const other = this.answeredBy.get({
      conversationId: entry.conversationId,
      me,
      baseSeq: entry.baseSeq,
      baseMessageAt: entry.baseMessageAt,
    });
    if (other) return this.reason(`${this.nameOf(other.sender_agent_id)} answered this customer meanwhile.`);
    const conversation = this.cache.read.conversation(entry.conversationId);
    const assignee = conversation?.assigneeId ?? null;
    if (assignee !== null && assignee !== me && assignee !== entry.baseAssigneeId) {
      return this.reason(`The conversation was reassigned to ${this.nameOf(assignee)} meanwhile.`);
    }
    return null;
  }

  private reason(detail: string): HoldReason {
    return { code: 'REPLY_HELD', reason: `${new AppError('REPLY_HELD').message} ${detail}` };
  }

  private nameOf(agentId: string): string {
    return this.cache.read.agent(agentId)?.name ?? 'Another agent';
  }
}
