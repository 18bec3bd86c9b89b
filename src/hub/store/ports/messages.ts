import { type Message } from '../../../shared/domain.js';
import type { ChannelScope } from './scope.js';

export interface MessageRecord {
  readonly message: Message;
  readonly channelId: string;
  readonly replyToMessageId: string | null;
}

export interface MessageRepository {
  /** Inserts the row only; attachments go through the attachment repository. */
  insert(record: MessageRecord): Promise<void>;
  update(message: Message): Promise<void>;
  findById(id: string): Promise<MessageRecord | null>;
  findByClientId(clientId: string): Promise<MessageRecord | null>;
  findByProviderId(channelId: string, providerMessageId: string): Promise<MessageRecord | null>;
  /** Newest first, strictly older than `before` when given. */
  page(conversationId: string, before: { createdAt: number; id: string } | null, limit: number): Promise<Message[]>;
  listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Message[]>;
  /** Outbound messages still waiting to go out (oldest first), e.g. to resume after a restart. */
  listQueuedOutbound(limit: number): Promise<MessageRecord[]>;
  count(scope: ChannelScope): Promise<number>;
}
