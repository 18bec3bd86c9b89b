import { type Message } from '../../../shared/domain';
import type { ChannelScope } from './scope.js';

export interface MessageRecord {
  readonly message: Message;
  readonly channelId: string;
  readonly replyToMessageId: string | null;
}

export interface MessageRepository {
  /** Inserts the row only; attachments go through the attachment repository. */
  insert(record: MessageRecord): void;
  update(message: Message): void;
  findById(id: string): MessageRecord | null;
  findByClientId(clientId: string): MessageRecord | null;
  findByProviderId(channelId: string, providerMessageId: string): MessageRecord | null;
  /** Newest first, strictly older than `before` when given. */
  page(conversationId: string, before: { createdAt: number; id: string } | null, limit: number): Message[];
  listAfter(afterId: string, limit: number, scope: ChannelScope): Message[];
  /** Outbound messages still waiting to go out (oldest first), e.g. to resume after a restart. */
  listQueuedOutbound(limit: number): MessageRecord[];
  count(scope: ChannelScope): number;
}
