/** Messages; attachments are loaded alongside so callers always get a whole Message. */
import { MessageMeta, type DeliveryState, type Message, type MessageKind } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { scopeClause, scopeParams } from './scope.js';
import { once } from '../../../node-shared/prepared.js';
import type { MessageRecord, MessageRepository } from '../ports/messages.js';
import type { AttachmentRepository } from '../ports/attachments.js';
import type { ChannelScope } from '../ports/scope.js';

interface MessageRow {
  id: string;
  conversation_id: string;
  channel_id: string;
  direction: 'in' | 'out';
  kind: MessageKind;
  text: string | null;
  meta: string;
  provider_message_id: string | null;
  client_id: string | null;
  sender_agent_id: string | null;
  state: DeliveryState;
  failure_code: string | null;
  failure_reason: string | null;
  reply_to_message_id: string | null;
  created_at: number;
  updated_at: number;
}

export class SqliteMessageRepository implements MessageRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO messages (id, conversation_id, channel_id, direction, kind, text, meta, provider_message_id, client_id,
           sender_agent_id, state, failure_code, failure_reason, reply_to_message_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db
      .prepare(`UPDATE messages SET text = ?, meta = ?, provider_message_id = ?, state = ?, failure_code = ?, failure_reason = ?,
           updated_at = ? WHERE id = ?`),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], MessageRow>(`SELECT * FROM messages WHERE id = ?`),
  );
  private readonly findByClientIdStatement = once(() =>
    this.db.prepare<[string], MessageRow>(`SELECT * FROM messages WHERE client_id = ?`),
  );
  private readonly findByProviderIdStatement = once(() =>
    this.db.prepare<[string, string], MessageRow>(
      `SELECT * FROM messages WHERE channel_id = ? AND provider_message_id = ?`,
    ),
  );
  private readonly pageBeforeStatement = once(() =>
    this.db.prepare<
      [string, number, number, string, number],
      MessageRow
    >(`SELECT * FROM messages WHERE conversation_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
             ORDER BY created_at DESC, id DESC LIMIT ?`),
  );
  private readonly firstPageStatement = once(() =>
    this.db.prepare<[string, number], MessageRow>(
      `SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
  );
  private readonly listAfterStatement = once(() =>
    this.db.prepare<[string, string | null, string | null, number], MessageRow>(
      `SELECT * FROM messages WHERE id > ? AND ${scopeClause('channel_id')} ORDER BY id LIMIT ?`,
    ),
  );
  private readonly listQueuedOutboundStatement = once(() =>
    this.db.prepare<[number], MessageRow>(
      `SELECT * FROM messages WHERE state = 'queued' AND direction = 'out' ORDER BY created_at, id LIMIT ?`,
    ),
  );
  private readonly countStatement = once(() =>
    this.db.prepare<[string | null, string | null], { n: number }>(
      `SELECT count(*) AS n FROM messages WHERE ${scopeClause('channel_id')}`,
    ),
  );

  constructor(
    private readonly db: SqliteDb,
    private readonly attachments: AttachmentRepository,
  ) {}

  private async toRecords(rows: MessageRow[]): Promise<MessageRecord[]> {
    const attachments = await this.attachments.listOfMessages(rows.map((r) => r.id));
    return rows.map((row) => ({
      message: {
        id: row.id,
        conversationId: row.conversation_id,
        direction: row.direction,
        kind: row.kind,
        text: row.text,
        attachments: attachments.get(row.id) ?? [],
        meta: readJson(MessageMeta, row.meta, { column: 'messages.meta', id: row.id }, {}),
        providerMessageId: row.provider_message_id,
        clientId: row.client_id,
        senderAgentId: row.sender_agent_id,
        state: row.state,
        failureCode: row.failure_code,
        failureReason: row.failure_reason,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      },
      channelId: row.channel_id,
      replyToMessageId: row.reply_to_message_id,
    }));
  }

  private async one(row: MessageRow | undefined): Promise<MessageRecord | null> {
    return row ? ((await this.toRecords([row]))[0] ?? null) : null;
  }

  async insert({ message: m, channelId, replyToMessageId }: MessageRecord): Promise<void> {
    this.insertStatement().run(
      m.id,
      m.conversationId,
      channelId,
      m.direction,
      m.kind,
      m.text,
      JSON.stringify(m.meta),
      m.providerMessageId,
      m.clientId,
      m.senderAgentId,
      m.state,
      m.failureCode,
      m.failureReason,
      replyToMessageId,
      m.createdAt,
      m.updatedAt,
    );
  }

  async update(m: Message): Promise<void> {
    this.updateStatement().run(
      m.text,
      JSON.stringify(m.meta),
      m.providerMessageId,
      m.state,
      m.failureCode,
      m.failureReason,
      m.updatedAt,
      m.id,
    );
  }

  async findById(id: string): Promise<MessageRecord | null> {
    return await this.one(this.findByIdStatement().get(id));
  }

  async findByClientId(clientId: string): Promise<MessageRecord | null> {
    return await this.one(this.findByClientIdStatement().get(clientId));
  }

  async findByProviderId(channelId: string, providerMessageId: string): Promise<MessageRecord | null> {
    return await this.one(this.findByProviderIdStatement().get(channelId, providerMessageId));
  }

  async page(
    conversationId: string,
    before: { createdAt: number; id: string } | null,
    limit: number,
  ): Promise<Message[]> {
    const rows = before
      ? this.pageBeforeStatement().all(conversationId, before.createdAt, before.createdAt, before.id, limit)
      : this.firstPageStatement().all(conversationId, limit);
    return (await this.toRecords(rows)).map((r) => r.message);
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Message[]> {
    const rows = this.listAfterStatement().all(afterId, ...scopeParams(scope), limit);
    return (await this.toRecords(rows)).map((r) => r.message);
  }

  async listQueuedOutbound(limit: number): Promise<MessageRecord[]> {
    return await this.toRecords(this.listQueuedOutboundStatement().all(limit));
  }

  async count(scope: ChannelScope): Promise<number> {
    return this.countStatement().get(...scopeParams(scope))?.n ?? 0;
  }
}
