/**
 * Messages on Postgres, each with its attachments: the same rows and order as the SQLite repository
 * (sqlite/messages.ts). The attachments come in the same statement (a json_agg subquery, in position order),
 * so reading messages is one round trip where SQLite asks the attachment repository a second time.
 */
import {
  MessageMeta,
  type Attachment,
  type DeliveryState,
  type Message,
  type MessageKind,
} from '../../../shared/domain.js';
import type { MessageRecord, MessageRepository } from '../ports/messages.js';
import type { ChannelScope } from '../ports/scope.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeValue } from './scope.js';

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
  /** json_agg of the attachment rows (node-postgres parses json); null when the message has none. */
  attachments: AttachmentJson[] | null;
}

interface AttachmentJson {
  id: string;
  mime_type: string;
  file_name: string | null;
  size: number | null;
  sha256: string | null;
  status: Attachment['status'];
  error: string | null;
}

const SELECT = `SELECT m.*, (SELECT json_agg(json_build_object('id', a.id, 'mime_type', a.mime_type,
      'file_name', a.file_name, 'size', a.size, 'sha256', a.sha256, 'status', a.status, 'error', a.error)
      ORDER BY a.position) FROM attachments a WHERE a.message_id = m.id) AS attachments
  FROM messages m`;

const INSERT = `INSERT INTO messages (id, conversation_id, channel_id, direction, kind, text, meta, provider_message_id,
    client_id, sender_agent_id, state, failure_code, failure_reason, reply_to_message_id, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`;

const UPDATE = `UPDATE messages SET text = $1, meta = $2, provider_message_id = $3, state = $4, failure_code = $5,
    failure_reason = $6, updated_at = $7
  WHERE id = $8`;

function toAttachment(a: AttachmentJson): Attachment {
  return {
    id: a.id,
    mimeType: a.mime_type,
    fileName: a.file_name,
    size: a.size,
    sha256: a.sha256,
    status: a.status,
    error: a.error,
  };
}

function toRecord(row: MessageRow): MessageRecord {
  return {
    message: {
      id: row.id,
      conversationId: row.conversation_id,
      direction: row.direction,
      kind: row.kind,
      text: row.text,
      attachments: (row.attachments ?? []).map(toAttachment),
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
  };
}

export class PostgresMessageRepository implements MessageRepository {
  constructor(private readonly db: PgDb) {}

  private async first(where: string, params: readonly unknown[]): Promise<MessageRecord | null> {
    const row = await this.db.one<MessageRow>(`${SELECT} WHERE ${where}`, params);
    return row ? toRecord(row) : null;
  }

  async insert({ message: m, channelId, replyToMessageId }: MessageRecord): Promise<void> {
    await this.db.run(INSERT, [
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
    ]);
  }

  async update(m: Message): Promise<void> {
    await this.db.run(UPDATE, [
      m.text,
      JSON.stringify(m.meta),
      m.providerMessageId,
      m.state,
      m.failureCode,
      m.failureReason,
      m.updatedAt,
      m.id,
    ]);
  }

  findById(id: string): Promise<MessageRecord | null> {
    return this.first('m.id = $1', [id]);
  }

  findByClientId(clientId: string): Promise<MessageRecord | null> {
    return this.first('m.client_id = $1', [clientId]);
  }

  findByProviderId(channelId: string, providerMessageId: string): Promise<MessageRecord | null> {
    return this.first('m.channel_id = $1 AND m.provider_message_id = $2', [channelId, providerMessageId]);
  }

  async page(
    conversationId: string,
    before: { createdAt: number; id: string } | null,
    limit: number,
  ): Promise<Message[]> {
    const rows = before
      ? await this.db.query<MessageRow>(
          `${SELECT} WHERE m.conversation_id = $1 AND (m.created_at < $2 OR (m.created_at = $2 AND m.id < $3))
             ORDER BY m.created_at DESC, m.id DESC LIMIT $4`,
          [conversationId, before.createdAt, before.id, limit],
        )
      : await this.db.query<MessageRow>(
          `${SELECT} WHERE m.conversation_id = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2`,
          [conversationId, limit],
        );
    return rows.map((row) => toRecord(row).message);
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Message[]> {
    const rows = await this.db.query<MessageRow>(
      `${SELECT} WHERE m.id > $1 AND ${pgScope('m.channel_id', 2)} ORDER BY m.id LIMIT $3`,
      [afterId, pgScopeValue(scope), limit],
    );
    return rows.map((row) => toRecord(row).message);
  }

  async listQueuedOutbound(limit: number): Promise<MessageRecord[]> {
    const rows = await this.db.query<MessageRow>(
      `${SELECT} WHERE m.state = 'queued' AND m.direction = 'out' ORDER BY m.created_at, m.id LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  async count(scope: ChannelScope): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM messages WHERE ${pgScope('channel_id', 1)}`,
      [pgScopeValue(scope)],
    );
    return row?.n ?? 0;
  }
}
