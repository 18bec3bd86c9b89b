/**
 * Conversations on Postgres: the same rows, filters and order as the SQLite repository (sqlite/conversations.ts).
 * A read is one statement: the ticket, the last charge not refunded and the routing figures come in its joins.
 */
import { z } from 'zod';
import { Conversation, type ConversationStatus } from '../../../shared/domain.js';
import type {
  ConversationCursor,
  ConversationFilter,
  ConversationRecord,
  ConversationRepository,
  ReadOptions,
} from '../ports/conversations.js';
import type { ChannelScope } from '../ports/scope.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeValue } from './scope.js';

interface ConversationRow {
  id: string;
  channel_id: string;
  contact_id: string;
  status: ConversationStatus;
  assignee_id: string | null;
  ticket_id: string | null;
  ticket_number: number | null;
  ticket_subject: string | null;
  ticket_created_at: number | null;
  last_inbound_at: number | null;
  last_message_at: number;
  last_message_preview: string;
  last_message_label: string | null;
  last_charged_at: number | null;
  snoozed_until: number | null;
  labels: string;
  reply_token: string | null;
  reply_token_expires_at: number | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  routing_queued_at: number | null;
  routing_pass_count: number | null;
}

const Labels = z.array(z.string());
const PreviewLabel = Conversation.shape.lastMessageLabel.unwrap().unwrap();

/**
 * The time of conversation `c`'s last charge not refunded (credits' LAST_CHARGE_OF_CONVERSATION); ILIKE is
 * SQLite's LIKE (ASCII letters in either case).
 */
const LAST_CHARGE = `SELECT max(l.created_at) FROM credit_ledger l
  WHERE l.conversation_id = c.id AND l.delta < 0 AND l.reason ILIKE 'conversation:%'
    AND (l.message_id IS NULL
      OR NOT EXISTS (SELECT 1 FROM credit_ledger r WHERE r.message_id = l.message_id AND r.reason = 'refund'))`;

const SELECT = `SELECT c.*, t.number AS ticket_number, t.subject AS ticket_subject, t.created_at AS ticket_created_at,
    (${LAST_CHARGE}) AS last_charged_at, r.queued_at AS routing_queued_at, r.pass_count AS routing_pass_count
  FROM conversations c LEFT JOIN tickets t ON t.id = c.ticket_id
    LEFT JOIN conversation_routing r ON r.conversation_id = c.id`;

/** The conversation row only: the joined ticket and routing rows may be missing (outer joins). */
const lockOf = (options: ReadOptions | undefined): string => (options?.forUpdate ? ' FOR UPDATE OF c' : '');

function toRecord(row: ConversationRow): ConversationRecord {
  const ticket =
    row.ticket_id !== null && row.ticket_number !== null
      ? {
          id: row.ticket_id,
          number: row.ticket_number,
          subject: row.ticket_subject ?? '',
          createdAt: row.ticket_created_at ?? row.created_at,
        }
      : null;
  return {
    conversation: {
      id: row.id,
      channelId: row.channel_id,
      contactId: row.contact_id,
      status: row.status,
      assigneeId: row.assignee_id,
      ticket,
      lastInboundAt: row.last_inbound_at,
      lastMessageAt: row.last_message_at,
      lastMessagePreview: row.last_message_preview,
      lastMessageLabel:
        row.last_message_label === null
          ? null
          : readJson(
              PreviewLabel,
              row.last_message_label,
              { column: 'conversations.last_message_label', id: row.id },
              null,
            ),
      lastChargedAt: row.last_charged_at,
      snoozedUntil: row.snoozed_until,
      labels: readJson(Labels, row.labels, { column: 'conversations.labels', id: row.id }, []),
      ...(row.routing_pass_count === null
        ? {}
        : { queuedAt: row.routing_queued_at, passCount: row.routing_pass_count }),
      resolvedAt: row.resolved_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    replyToken:
      row.reply_token !== null && row.reply_token_expires_at !== null
        ? { token: row.reply_token, expiresAt: row.reply_token_expires_at }
        : null,
  };
}

const INSERT = `INSERT INTO conversations (id, channel_id, contact_id, status, assignee_id, ticket_id, last_inbound_at,
    last_message_at, last_message_preview, last_message_label, snoozed_until, labels, reply_token,
    reply_token_expires_at, created_at, updated_at, resolved_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`;

const UPDATE = `UPDATE conversations SET status = $1, assignee_id = $2, ticket_id = $3, last_inbound_at = $4,
    last_message_at = $5, last_message_preview = $6, last_message_label = $7, snoozed_until = $8, labels = $9,
    reply_token = $10, reply_token_expires_at = $11, updated_at = $12, resolved_at = $13
  WHERE id = $14`;

export class PostgresConversationRepository implements ConversationRepository {
  constructor(private readonly db: PgDb) {}

  async insert({ conversation: c, replyToken }: ConversationRecord): Promise<void> {
    await this.db.run(INSERT, [
      c.id,
      c.channelId,
      c.contactId,
      c.status,
      c.assigneeId,
      c.ticket?.id ?? null,
      c.lastInboundAt,
      c.lastMessageAt,
      c.lastMessagePreview,
      c.lastMessageLabel ? JSON.stringify(c.lastMessageLabel) : null,
      c.snoozedUntil,
      JSON.stringify(c.labels),
      replyToken?.token ?? null,
      replyToken?.expiresAt ?? null,
      c.createdAt,
      c.updatedAt,
      c.resolvedAt ?? null,
    ]);
  }

  async update({ conversation: c, replyToken }: ConversationRecord): Promise<void> {
    await this.db.run(UPDATE, [
      c.status,
      c.assigneeId,
      c.ticket?.id ?? null,
      c.lastInboundAt,
      c.lastMessageAt,
      c.lastMessagePreview,
      c.lastMessageLabel ? JSON.stringify(c.lastMessageLabel) : null,
      c.snoozedUntil,
      JSON.stringify(c.labels),
      replyToken?.token ?? null,
      replyToken?.expiresAt ?? null,
      c.updatedAt,
      c.resolvedAt ?? null,
      c.id,
    ]);
  }

  async findById(id: string, options?: ReadOptions): Promise<ConversationRecord | null> {
    const row = await this.db.one<ConversationRow>(`${SELECT} WHERE c.id = $1${lockOf(options)}`, [id]);
    return row ? toRecord(row) : null;
  }

  async latestOfContact(contactId: string, options?: ReadOptions): Promise<ConversationRecord | null> {
    const row = await this.db.one<ConversationRow>(
      `${SELECT} WHERE c.contact_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 1${lockOf(options)}`,
      [contactId],
    );
    return row ? toRecord(row) : null;
  }

  async listOfContact(contactId: string): Promise<Conversation[]> {
    const rows = await this.db.query<ConversationRow>(`${SELECT} WHERE c.contact_id = $1 ORDER BY c.created_at, c.id`, [
      contactId,
    ]);
    return rows.map((row) => toRecord(row).conversation);
  }

  async list(filter: ConversationFilter, after: ConversationCursor | null, limit: number): Promise<Conversation[]> {
    const params: unknown[] = [pgScopeValue(filter.scope)];
    const where = [pgScope('c.channel_id', 1), 'ct.deleted_at IS NULL'];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.channelId !== undefined) where.push(`c.channel_id = ${param(filter.channelId)}`);
    if (filter.status !== undefined) where.push(`c.status = ${param(filter.status)}`);
    if (filter.assigneeId === 'none') where.push('c.assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) where.push(`c.assignee_id = ${param(filter.assigneeId)}`);
    if (after) {
      const at = param(after.lastMessageAt);
      where.push(`(c.last_message_at < ${at} OR (c.last_message_at = ${at} AND c.id < ${param(after.id)}))`);
    }
    const rows = await this.db.query<ConversationRow>(
      `${SELECT} JOIN contacts ct ON ct.id = c.contact_id WHERE ${where.join(' AND ')}
         ORDER BY c.last_message_at DESC, c.id DESC LIMIT ${param(limit)}`,
      params,
    );
    return rows.map((row) => toRecord(row).conversation);
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Conversation[]> {
    const rows = await this.db.query<ConversationRow>(
      `${SELECT} WHERE c.id > $1 AND ${pgScope('c.channel_id', 2)} ORDER BY c.id LIMIT $3`,
      [afterId, pgScopeValue(scope), limit],
    );
    return rows.map((row) => toRecord(row).conversation);
  }

  async count(scope: ChannelScope): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM conversations WHERE ${pgScope('channel_id', 1)}`,
      [pgScopeValue(scope)],
    );
    return row?.n ?? 0;
  }

  async listAssignedTo(channelId: string, agentId: string): Promise<ConversationRecord[]> {
    const rows = await this.db.query<ConversationRow>(
      `${SELECT} WHERE c.channel_id = $1 AND c.assignee_id = $2 ORDER BY c.id`,
      [channelId, agentId],
    );
    return rows.map(toRecord);
  }

  async listSnoozeEnded(now: number, limit: number): Promise<ConversationRecord[]> {
    const rows = await this.db.query<ConversationRow>(
      `${SELECT} WHERE c.snoozed_until IS NOT NULL AND c.snoozed_until <= $1 ORDER BY c.snoozed_until, c.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toRecord);
  }
}
