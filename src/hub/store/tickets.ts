/** Tickets: numbered from 1 in creation order across the hub. */
import type { Ticket } from '../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { once } from '../../node-shared/prepared.js';

export interface TicketRepository {
  /** Inserts a ticket with the next free number. */
  create(id: string, subject: string, at: number): Ticket;
}

export class SqliteTicketRepository implements TicketRepository {
  private readonly nextNumberStatement = once(() =>
    this.db.prepare<[], { n: number | null }>(`SELECT max(number) AS n FROM tickets`),
  );
  private readonly insertStatement = once(() =>
    this.db.prepare(`INSERT INTO tickets (id, number, subject, created_at) VALUES (?, ?, ?, ?)`),
  );

  constructor(private readonly db: SqliteDb) {}

  create(id: string, subject: string, at: number): Ticket {
    const next = (this.nextNumberStatement().get()?.n ?? 0) + 1;
    this.insertStatement().run(id, next, subject, at);
    return { id, number: next, subject, createdAt: at };
  }
}
