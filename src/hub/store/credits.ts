/** The credit ledger: every top-up and spend, next to the balance kept on the channel. */
import type { SqliteDb } from './db.js';
import { once } from './prepared.js';

export interface CreditEntry {
  readonly id: string;
  readonly channelId: string;
  /** Positive for a top-up, negative for a spend. */
  readonly delta: number;
  readonly reason: string;
  readonly conversationId: string | null;
  /** The template message a spend or refund was for. */
  readonly messageId: string | null;
  readonly createdAt: number;
}

export interface CreditLedgerRepository {
  append(entry: CreditEntry): void;
  list(channelId: string, limit: number): CreditEntry[];
  /** Spends for this conversation since `since` that were not refunded, newest first. */
  chargesSince(conversationId: string, since: number): CreditEntry[];
  /** The spend for this message, if it was charged and not refunded yet. */
  unrefundedChargeOf(messageId: string): CreditEntry | null;
}

interface CreditRow {
  id: string;
  channel_id: string;
  delta: number;
  reason: string;
  conversation_id: string | null;
  message_id: string | null;
  created_at: number;
}

const SPEND = `delta < 0 AND reason LIKE 'conversation:%'`;
const NOT_REFUNDED = `NOT EXISTS (SELECT 1 FROM credit_ledger r WHERE r.message_id = l.message_id AND r.reason = 'refund')`;

const toEntry = (r: CreditRow): CreditEntry => ({
  id: r.id,
  channelId: r.channel_id,
  delta: r.delta,
  reason: r.reason,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  createdAt: r.created_at,
});

export class SqliteCreditLedgerRepository implements CreditLedgerRepository {
  private readonly appendStatement = once(() =>
    this.db.prepare(`INSERT INTO credit_ledger (id, channel_id, delta, reason, conversation_id, message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly listStatement = once(() =>
    this.db.prepare<[string, number], CreditRow>(
      `SELECT * FROM credit_ledger WHERE channel_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
  );
  private readonly chargesSinceStatement = once(() =>
    this.db.prepare<
      [string, number],
      CreditRow
    >(`SELECT * FROM credit_ledger l WHERE conversation_id = ? AND created_at > ? AND ${SPEND}
           AND (message_id IS NULL OR ${NOT_REFUNDED})
         ORDER BY created_at DESC, id DESC`),
  );
  private readonly unrefundedChargeOfStatement = once(() =>
    this.db.prepare<[string], CreditRow>(
      `SELECT * FROM credit_ledger l WHERE message_id = ? AND ${SPEND} AND ${NOT_REFUNDED}`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  append(e: CreditEntry): void {
    this.appendStatement().run(e.id, e.channelId, e.delta, e.reason, e.conversationId, e.messageId, e.createdAt);
  }

  list(channelId: string, limit: number): CreditEntry[] {
    return this.listStatement().all(channelId, limit).map(toEntry);
  }

  chargesSince(conversationId: string, since: number): CreditEntry[] {
    return this.chargesSinceStatement().all(conversationId, since).map(toEntry);
  }

  unrefundedChargeOf(messageId: string): CreditEntry | null {
    const row = this.unrefundedChargeOfStatement().get(messageId);
    return row ? toEntry(row) : null;
  }
}
