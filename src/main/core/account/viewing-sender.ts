/**
 * Which conversation I have open, told to the hub (conversation.view) so the
 * other agents' rows say who is viewing: sent when it changes and again on a
 * new connection (the hub forgets what a socket showed when it goes). Best
 * effort: offline or refused, nothing surfaces.
 */
import type { CommandRequest } from '../../../shared/protocol.js';
import { errorMessage, type Logger } from '../logger.js';

/** The part of the hub link this needs. */
export interface ViewingLink {
  readonly isOnline: boolean;
  view(request: CommandRequest<'conversation.view'>): Promise<unknown>;
}

export class ViewingSender {
  /** The conversation I have open, as last told to the hub. */
  private viewingId: string | null = null;

  constructor(
    private readonly link: ViewingLink,
    private readonly logger: Logger,
  ) {}

  set(conversationId: string | null): void {
    if (conversationId === this.viewingId) return;
    this.viewingId = conversationId;
    this.send();
  }

  /** A new socket: say again what I have open. */
  onConnected(): void {
    if (this.viewingId !== null) this.send();
  }

  private send(): void {
    if (!this.link.isOnline) return;
    this.link.view({ conversationId: this.viewingId }).catch((error: unknown) => {
      this.logger.warn({ error: errorMessage(error) }, 'viewing not sent');
    });
  }
}
