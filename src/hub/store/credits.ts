/** The credit ledger: every top-up and spend, next to the balance kept on the channel. */
import type { SqliteDb } from './db.js';

export interface CreditEntry {
  readonly id: string;
  readonly channelId: string;
  /** Positive for a top-up, negative for a spend. */
  readonly delta: number;
  readonly reason: string;
  readonly conversationId: string | null;
  readonly createdAt: number;
}

export interface CreditLedgerRepository {
  append(entry: CreditEntry): void;
  list(channelId: string, limit: number): CreditEntry[];
}

interface CreditRow {
  id: string;
  channel_id: string;
  delta: number;
  reason: string;
  conversation_id: string | null;
  created_at: number;
}

export class SqliteCreditLedgerRepository implements CreditLedgerRepository {
  constructor(private readonly db: SqliteDb) {}

  append(e: CreditEntry): void {
    this.db
      .prepare(
        `INSERT INTO credit_ledger (id, channel_id, delta, reason, conversation_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(e.id, e.channelId, e.delta, e.reason, e.conversationId, e.createdAt);
  }

  list(channelId: string, limit: number): CreditEntry[] {
    return this.db
      .prepare<[string, number], CreditRow>(
        `SELECT * FROM credit_ledger WHERE channel_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(channelId, limit)
      .map((r) => ({
        id: r.id,
        channelId: r.channel_id,
        delta: r.delta,
        reason: r.reason,
        conversationId: r.conversation_id,
        createdAt: r.created_at,
      }));
  }
}
