import type { Ticket } from '../../../shared/domain.js';

export interface TicketRepository {
  /** Inserts a ticket with the next free number. */
  create(id: string, subject: string, at: number): Promise<Ticket>;
  setSubject(id: string, subject: string): Promise<void>;
  /** Ids of the channel's conversations not resolved and without a ticket (live contacts), oldest first. */
  listUnconvertedOpen(channelId: string, limit: number): Promise<string[]>;
}
