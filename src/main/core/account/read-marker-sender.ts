/**
 * Read markers to the hub: a conversation read here (or marked read in bulk)
 * is pending in the cache until the hub confirms it; this sends the pending
 * ones, oldest conversation first, while the link is up. What fails stays
 * pending for the next connection (never an error for the agent).
 */
import type { CommandRequest } from '../../../shared/protocol.js';
import type { ClientCache } from '../cache/client-cache.js';
import { errorMessage, type Logger } from '../logger.js';

/** The part of the hub link this needs. */
export interface ReadMarkerLink {
  readonly isOnline: boolean;
  markRead(request: CommandRequest<'conversation.markRead'>): Promise<unknown>;
}

export class ReadMarkerSender {
  constructor(
    private readonly cache: ClientCache,
    private readonly link: ReadMarkerLink,
    private readonly logger: Logger,
  ) {}

  /** Sends every pending marker; stops at the first refusal or when the link goes down. */
  async sendPending(): Promise<void> {
    for (const { conversationId, readAt } of this.cache.readMarkers.pending()) {
      if (!this.link.isOnline) return;
      try {
        await this.link.markRead({ conversationId, readAt });
        this.cache.entities.setReadMarker(conversationId, readAt, false);
      } catch (error) {
        this.logger.warn({ error: errorMessage(error) }, 'read marker not sent');
        return;
      }
    }
  }
}
