import { Conversation, type ConversationStatus } from '../../../shared/domain.js';
import type { ChannelScope } from './scope.js';

export interface ReplyToken {
  readonly token: string;
  readonly expiresAt: number;
}

export interface ConversationRecord {
  readonly conversation: Conversation;
  readonly replyToken: ReplyToken | null;
}

export interface ConversationFilter {
  readonly scope: ChannelScope;
  readonly channelId?: string | undefined;
  readonly status?: ConversationStatus | undefined;
  /** An agent id, or 'none' for unassigned. */
  readonly assigneeId?: string | undefined;
}

/** Position in the list ordered by last activity, newest first. */
export interface ConversationCursor {
  readonly lastMessageAt: number;
  readonly id: string;
}

export interface ReadOptions {
  /**
   * Read by a write that changes the conversation: locked until that write commits, so another transaction
   * changing it meanwhile (another node, or another of the writer's transactions) waits and then reads this
   * one's result instead of overwriting it (Postgres `FOR UPDATE`; SQLite's one writer already runs writes
   * one at a time).
   */
  readonly forUpdate?: boolean;
}

export const FOR_UPDATE: ReadOptions = { forUpdate: true };

export interface ConversationRepository {
  insert(record: ConversationRecord): Promise<void>;
  update(record: ConversationRecord): Promise<void>;
  findById(id: string, options?: ReadOptions): Promise<ConversationRecord | null>;
  latestOfContact(contactId: string, options?: ReadOptions): Promise<ConversationRecord | null>;
  listOfContact(contactId: string): Promise<Conversation[]>;
  /** Conversations of trashed contacts are left out. */
  list(filter: ConversationFilter, after: ConversationCursor | null, limit: number): Promise<Conversation[]>;
  listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Conversation[]>;
  count(scope: ChannelScope): Promise<number>;
  listAssignedTo(channelId: string, agentId: string): Promise<ConversationRecord[]>;
  /** Snoozed conversations whose snooze ended at or before `now`, oldest first. */
  listSnoozeEnded(now: number, limit: number): Promise<ConversationRecord[]>;
}
