/** Tickets: numbered from 1 in creation order across the hub. */
import type { Ticket } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { TicketRepository } from '../ports/tickets.js';

export class SqliteTicketRepository implements TicketRepository {
  private readonly nextNumberStatement = once(() =>
    this.db.prepare<[], { n: number | null }>(`SELECT max(number) AS n FROM tickets`),
  );
  private readonly insertStatement = once(() =>
    this.db.prepare(`INSERT INTO tickets (id, number, subject, created_at) VALUES (?, ?, ?, ?)`),
  );
  private readonly setSubjectStatement = once(() => this.db.prepare(`UPDATE tickets SET subject = ? WHERE id = ?`));
  private readonly unconvertedStatement = once(() =>
    this.db.prepare<[string, number], { id: string }>(
      `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
         WHERE c.channel_id = ? AND c.ticket_id IS NULL AND c.status != 'resolved' AND ct.deleted_at IS NULL
         ORDER BY c.created_at, c.id LIMIT ?`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async create(id: string, subject: string, at: number): Promise<Ticket> {
    const next = (this.nextNumberStatement().get()?.n ?? 0) + 1;
    this.insertStatement().run(id, next, subject, at);
    return { id, number: next, subject, createdAt: at };
  }

  async setSubject(id: string, subject: string): Promise<void> {
    this.setSubjectStatement().run(subject, id);
  }

  async listUnconvertedOpen(channelId: string, limit: number): Promise<string[]> {
    return this.unconvertedStatement()
      .all(channelId, limit)
      .map((row) => row.id);
  }
}
