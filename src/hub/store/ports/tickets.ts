import type { Ticket } from '../../../shared/domain';

export interface TicketRepository {
  /** Inserts a ticket with the next free number. */
  create(id: string, subject: string, at: number): Ticket;
  setSubject(id: string, subject: string): void;
  /** Ids of the channel's conversations not resolved and without a ticket (live contacts), oldest first. */
  listUnconvertedOpen(channelId: string, limit: number): string[];
}
