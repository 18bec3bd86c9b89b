/**
 * "I am typing" for the other agents: sent when the agent starts, repeated at
 * most every TYPING_REPEAT_MS while the keys keep coming (so a late joiner
 * sees it), and "stopped" once. Best effort: offline or refused notices are
 * dropped, since a typing indicator is worthless by the time it could be sent.
 */
import type { HubConnection } from '../connection/hub-connection.js';
import { errorMessage, type Logger } from '../logger.js';

/** How often a continuing "typing" is repeated; the renderer calls on every keystroke. */
export const TYPING_REPEAT_MS = 3000;

export class TypingSender {
  /** conversationId → when "typing" was last sent. */
  private readonly typingSince = new Map<string, number>();

  constructor(
    private readonly connection: Pick<HubConnection, 'isOnline' | 'typing'>,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  set(conversationId: string, isTyping: boolean): void {
    const lastSent = this.typingSince.get(conversationId);
    const now = this.clock();
    if (isTyping && lastSent !== undefined && now - lastSent < TYPING_REPEAT_MS) return;
    // "Stopped" only follows a "typing" that went out.
    if (!isTyping && lastSent === undefined) return;
    if (isTyping && this.connection.isOnline) this.typingSince.set(conversationId, now);
    else this.typingSince.delete(conversationId);
    if (!this.connection.isOnline) return;
    this.connection.typing({ conversationId, isTyping }).catch((error: unknown) => {
      this.logger.info({ error: errorMessage(error) }, 'typing notice not sent');
    });
  }

  stop(): void {
    this.typingSince.clear();
  }
}
