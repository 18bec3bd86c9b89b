/** Delivery receipts by provider id on Postgres (as store/sqlite/receipts.ts). */
import type { EarlyReceipt, MessagePart, ReceiptRepository, ReceiptState } from '../ports/receipts.js';
import type { PgDb } from './db.js';

interface PartRow {
  channel_id: string;
  provider_message_id: string;
  message_id: string;
  state: ReceiptState;
  failure_code: string | null;
  failure_reason: string | null;
}

interface EarlyRow {
  id: number;
  channel_id: string;
  provider_message_id: string;
  state: ReceiptState;
  failure_code: string | null;
  failure_reason: string | null;
  received_at: number;
}

const PART_COLUMNS = `channel_id, provider_message_id, message_id, state, failure_code, failure_reason`;

const toPart = (r: PartRow): MessagePart => ({
  channelId: r.channel_id,
  providerMessageId: r.provider_message_id,
  messageId: r.message_id,
  state: r.state,
  failureCode: r.failure_code,
  failureReason: r.failure_reason,
});

export class PostgresReceiptRepository implements ReceiptRepository {
  constructor(private readonly db: PgDb) {}

  async addPart(p: MessagePart): Promise<void> {
    await this.db.run(
      `INSERT INTO message_provider_ids (${PART_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [p.channelId, p.providerMessageId, p.messageId, p.state, p.failureCode, p.failureReason],
    );
  }

  async updatePart(p: MessagePart): Promise<void> {
    await this.db.run(
      `UPDATE message_provider_ids SET state = $1, failure_code = $2, failure_reason = $3
         WHERE channel_id = $4 AND provider_message_id = $5`,
      [p.state, p.failureCode, p.failureReason, p.channelId, p.providerMessageId],
    );
  }

  async findPart(channelId: string, providerMessageId: string): Promise<MessagePart | null> {
    const row = await this.db.one<PartRow>(
      `SELECT ${PART_COLUMNS} FROM message_provider_ids WHERE channel_id = $1 AND provider_message_id = $2`,
      [channelId, providerMessageId],
    );
    return row ? toPart(row) : null;
  }

  async partsOf(messageId: string): Promise<MessagePart[]> {
    // In the order the parts were sent: SQLite's rowid, an identity column here (migrations/0001).
    const rows = await this.db.query<PartRow>(
      `SELECT ${PART_COLUMNS} FROM message_provider_ids WHERE message_id = $1 ORDER BY rowid`,
      [messageId],
    );
    return rows.map(toPart);
  }

  async keepEarly(r: EarlyReceipt): Promise<void> {
    await this.db.run(
      `INSERT INTO early_receipts (channel_id, provider_message_id, state, failure_code, failure_reason, received_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.channelId, r.providerMessageId, r.state, r.failureCode, r.failureReason, r.receivedAt],
    );
  }

  async takeEarly(channelId: string, providerMessageId: string): Promise<EarlyReceipt[]> {
    // Read and removed in one statement: two nodes taking the same id get each receipt once.
    const rows = await this.db.query<EarlyRow>(
      `DELETE FROM early_receipts WHERE channel_id = $1 AND provider_message_id = $2
         RETURNING id, channel_id, provider_message_id, state, failure_code, failure_reason, received_at`,
      [channelId, providerMessageId],
    );
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        channelId: r.channel_id,
        providerMessageId: r.provider_message_id,
        state: r.state,
        failureCode: r.failure_code,
        failureReason: r.failure_reason,
        receivedAt: r.received_at,
      }));
  }

  async purgeEarly(before: number): Promise<number> {
    return this.db.run(`DELETE FROM early_receipts WHERE received_at < $1`, [before]);
  }
}
