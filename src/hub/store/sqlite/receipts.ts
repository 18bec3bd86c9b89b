/**
 * Delivery receipts by provider id: the parts of an outbound message (one
 * provider id each) and receipts kept until their message is known.
 */
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { MessagePart, EarlyReceipt, ReceiptRepository, ReceiptState } from '../ports/receipts.js';

interface PartRow {
  channel_id: string;
  provider_message_id: string;
  message_id: string;
  state: ReceiptState;
  failure_code: string | null;
  failure_reason: string | null;
}

interface EarlyRow {
  channel_id: string;
  provider_message_id: string;
  state: ReceiptState;
  failure_code: string | null;
  failure_reason: string | null;
  received_at: number;
}

const toPart = (r: PartRow): MessagePart => ({
  channelId: r.channel_id,
  providerMessageId: r.provider_message_id,
  messageId: r.message_id,
  state: r.state,
  failureCode: r.failure_code,
  failureReason: r.failure_reason,
});

export class SqliteReceiptRepository implements ReceiptRepository {
  private readonly addPartStatement = once(() =>
    this.db.prepare(`INSERT INTO message_provider_ids (channel_id, provider_message_id, message_id, state, failure_code,
           failure_reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`),
  );
  private readonly updatePartStatement = once(() =>
    this.db.prepare(`UPDATE message_provider_ids SET state = ?, failure_code = ?, failure_reason = ?
         WHERE channel_id = ? AND provider_message_id = ?`),
  );
  private readonly findPartStatement = once(() =>
    this.db.prepare<[string, string], PartRow>(
      `SELECT * FROM message_provider_ids WHERE channel_id = ? AND provider_message_id = ?`,
    ),
  );
  private readonly partsOfStatement = once(() =>
    this.db.prepare<[string], PartRow>(`SELECT * FROM message_provider_ids WHERE message_id = ? ORDER BY rowid`),
  );
  private readonly keepEarlyStatement = once(() =>
    this.db
      .prepare(`INSERT INTO early_receipts (channel_id, provider_message_id, state, failure_code, failure_reason, received_at)
         VALUES (?, ?, ?, ?, ?, ?)`),
  );
  private readonly takeEarlyStatement = once(() =>
    this.db.prepare<[string, string], EarlyRow>(
      `SELECT * FROM early_receipts WHERE channel_id = ? AND provider_message_id = ? ORDER BY id`,
    ),
  );
  private readonly deleteEarlyStatement = once(() =>
    this.db.prepare(`DELETE FROM early_receipts WHERE channel_id = ? AND provider_message_id = ?`),
  );
  private readonly purgeEarlyStatement = once(() =>
    this.db.prepare(`DELETE FROM early_receipts WHERE received_at < ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async addPart(p: MessagePart): Promise<void> {
    this.addPartStatement().run(p.channelId, p.providerMessageId, p.messageId, p.state, p.failureCode, p.failureReason);
  }

  async updatePart(p: MessagePart): Promise<void> {
    this.updatePartStatement().run(p.state, p.failureCode, p.failureReason, p.channelId, p.providerMessageId);
  }

  async findPart(channelId: string, providerMessageId: string): Promise<MessagePart | null> {
    const row = this.findPartStatement().get(channelId, providerMessageId);
    return row ? toPart(row) : null;
  }

  async partsOf(messageId: string): Promise<MessagePart[]> {
    return this.partsOfStatement().all(messageId).map(toPart);
  }

  async keepEarly(r: EarlyReceipt): Promise<void> {
    this.keepEarlyStatement().run(
      r.channelId,
      r.providerMessageId,
      r.state,
      r.failureCode,
      r.failureReason,
      r.receivedAt,
    );
  }

  async takeEarly(channelId: string, providerMessageId: string): Promise<EarlyReceipt[]> {
    const rows = this.takeEarlyStatement().all(channelId, providerMessageId);
    this.deleteEarlyStatement().run(channelId, providerMessageId);
    return rows.map((r) => ({
      channelId: r.channel_id,
      providerMessageId: r.provider_message_id,
      state: r.state,
      failureCode: r.failure_code,
      failureReason: r.failure_reason,
      receivedAt: r.received_at,
    }));
  }

  async purgeEarly(before: number): Promise<number> {
    return this.purgeEarlyStatement().run(before).changes;
  }
}
