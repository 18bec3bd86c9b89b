/**
 * Tickets on Postgres (sqlite/tickets.ts): numbered from 1 in creation order across the hub. SQLite
 * serialises writers, so "the largest number + 1" is free there; here several transactions (and nodes) may
 * create tickets at once, so the next number is taken under a transaction-scoped advisory lock, held until
 * the creating transaction ends. Under READ COMMITTED the INSERT after the lock sees every number committed
 * before it: no two tickets get one number, and numbers follow creation order.
 */
import type { Ticket } from '../../../shared/domain.js';
import type { TicketRepository } from '../ports/tickets.js';
import type { PgDb } from './db.js';

/** The advisory lock key of ticket numbering (any constant no other lock of the hub uses). */
const TICKET_NUMBER_LOCK = 0x5b_71_c4_e7;

export class PostgresTicketRepository implements TicketRepository {
  constructor(private readonly db: PgDb) {}

  async create(id: string, subject: string, at: number): Promise<Ticket> {
    // Inside the caller's transaction the lock lasts until its end already; alone, it needs one of its own.
    if (this.db.inTransaction) return this.insertNext(id, subject, at);
    return this.db.transaction(() => this.insertNext(id, subject, at));
  }

  private async insertNext(id: string, subject: string, at: number): Promise<Ticket> {
    await this.db.query(`SELECT pg_advisory_xact_lock($1)`, [TICKET_NUMBER_LOCK]);
    const row = await this.db.one<{ number: number }>(
      `INSERT INTO tickets (id, number, subject, created_at)
         SELECT $1, coalesce(max(number), 0) + 1, $2, $3 FROM tickets
       RETURNING number`,
      [id, subject, at],
    );
    if (!row) throw new Error('ticket insert returned no row');
    return { id, number: row.number, subject, createdAt: at };
  }

  async setSubject(id: string, subject: string): Promise<void> {
    await this.db.run(`UPDATE tickets SET subject = $1 WHERE id = $2`, [subject, id]);
  }

  async listUnconvertedOpen(channelId: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
         WHERE c.channel_id = $1 AND c.ticket_id IS NULL AND c.status != 'resolved' AND ct.deleted_at IS NULL
         ORDER BY c.created_at, c.id LIMIT $2`,
      [channelId, limit],
    );
    return rows.map((row) => row.id);
  }
}
