export interface AutoMessageRepository {
  /** Records the message; false (nothing written) when the conversation already had one of this kind. */
  claim(conversationId: string, kind: AutoMessageKind, messageId: string, at: number): Promise<boolean>;
  /** The message sent as this conversation's automatic message of that kind, or null. */
  messageIdOf(conversationId: string, kind: AutoMessageKind): Promise<string | null>;
  /**
   * Whether `messageId` is the conversation's first message — none before or beside it, not counting the
   * customer's reactions and provider events (a LINE follow): the conversation is new, not reopened.
   */
  opensConversation(conversationId: string, messageId: string): Promise<boolean>;
}

export type AutoMessageKind = 'autoReply' | 'greeting';
