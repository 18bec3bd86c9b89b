/**
 * Conversations end when resolved (issue 14 §1, docs/lifecycle.md "Conversations and tickets"): the
 * customer's next message after a resolved conversation opens a new one, unless it comes within the
 * channel's reopen window (settings.reopenWindowMinutes, counted from `resolvedAt`, 0 = always new), in
 * which case the resolved one reopens. Pending (snoozed) and open conversations never end this way.
 */
import type { Activity } from '../../shared/activity.js';
import type { ChannelSettings, Conversation, Ticket } from '../../shared/domain.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { BY_ROUTING } from './activity.js';
import type { HubContext } from './context.js';
import { onChannel, type WriteScope } from './writer.js';
import type { ConversationRecord } from '../store/ports/conversations.js';

const MINUTE = 60_000;

export interface NewConversation {
  readonly channelId: string;
  readonly contactId: string;
  readonly assigneeId: string | null;
  readonly ticket: Ticket | null;
  /** Carried over from the contact's earlier conversations when an agent writes first (outreach.ts). */
  readonly lastInboundAt: number | null;
  readonly lastMessageAt: number;
  readonly now: number;
}

/** A conversation's first row, whoever opened it: the customer writing (inbound.ts) or an agent (outreach.ts). */
export function newConversationRecord(fields: NewConversation): ConversationRecord {
  const { now, ...given } = fields;
  return {
    conversation: {
      id: uuidv7(),
      ...given,
      status: 'open',
      lastMessagePreview: '',
      snoozedUntil: null,
      labels: [],
      createdAt: now,
      updatedAt: now,
    },
    replyToken: null,
  };
}

/** Whether the customer's message at `now` starts a new conversation instead of continuing `conversation`. */
export function hasEnded(conversation: Conversation, settings: ChannelSettings, now: number): boolean {
  if (conversation.status !== 'resolved') return false;
  const window = settings.reopenWindowMinutes;
  if (window === 0) return true;
  const resolvedAt = conversation.resolvedAt ?? conversation.updatedAt;
  return now - resolvedAt > window * MINUTE;
}

/** The new conversation's activity line: "New conversation after #12 was resolved". */
export async function recordFollowUp(
  ctx: HubContext,
  scope: WriteScope,
  created: Conversation,
  previous: Conversation,
): Promise<void> {
  const activity: Activity = {
    id: uuidv7(),
    conversationId: created.id,
    channelId: created.channelId,
    actor: BY_ROUTING,
    change: {
      kind: 'followUp',
      previousConversationId: previous.id,
      previousTicketNumber: previous.ticket?.number ?? null,
    },
    at: ctx.now(),
  };
  await ctx.store.activity.insert(activity);
  scope.emit({ type: 'activity.upsert', activity }, onChannel(created.channelId));
}
