/** Conversations with their ticket, listing filters and the stored LINE reply token. */
import { z } from 'zod';
import { Conversation, type ConversationStatus } from '../../../shared/domain.js';
import { LAST_CHARGE_OF_CONVERSATION } from './credits.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { scopeClause, scopeParams } from './scope.js';
import { once, perKey } from '../../../node-shared/prepared.js';
import type {
  ConversationRecord,
  ConversationFilter,
  ConversationCursor,
  ConversationRepository,
} from '../ports/conversations.js';
import type { ChannelScope } from '../ports/scope.js';

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
  /** From conversation_routing (services/routing/); null when routing never touched it. */
  routing_queued_at: number | null;
  routing_pass_count: number | null;
}

const Labels = z.array(z.string());
const PreviewLabel = Conversation.shape.lastMessageLabel.unwrap().unwrap();
const SELECT = `SELECT c.*, t.number AS ticket_number, t.subject AS ticket_subject, t.created_at AS ticket_created_at,
    (${LAST_CHARGE_OF_CONVERSATION}) AS last_charged_at, r.queued_at AS routing_queued_at,
    r.pass_count AS routing_pass_count
  FROM conversations c LEFT JOIN tickets t ON t.id = c.ticket_id
    LEFT JOIN conversation_routing r ON r.conversation_id = c.id`;

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

export class SqliteConversationRepository implements ConversationRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO conversations (id, channel_id, contact_id, status, assignee_id, ticket_id, last_inbound_at,
           last_message_at, last_message_preview, last_message_label, snoozed_until, labels, reply_token,
           reply_token_expires_at, created_at, updated_at, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db
      .prepare(`UPDATE conversations SET status = ?, assignee_id = ?, ticket_id = ?, last_inbound_at = ?, last_message_at = ?,
           last_message_preview = ?, last_message_label = ?, snoozed_until = ?, labels = ?, reply_token = ?, reply_token_expires_at = ?,
           updated_at = ?, resolved_at = ?
         WHERE id = ?`),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], ConversationRow>(`${SELECT} WHERE c.id = ?`),
  );
  private readonly latestOfContactStatement = once(() =>
    this.db.prepare<[string], ConversationRow>(
      `${SELECT} WHERE c.contact_id = ? ORDER BY c.created_at DESC, c.id DESC LIMIT 1`,
    ),
  );
  private readonly listOfContactStatement = once(() =>
    this.db.prepare<[string], ConversationRow>(`${SELECT} WHERE c.contact_id = ? ORDER BY c.created_at, c.id`),
  );
  private readonly listAfterStatement = once(() =>
    this.db.prepare<[string, string | null, string | null, number], ConversationRow>(
      `${SELECT} WHERE c.id > ? AND ${scopeClause('c.channel_id')} ORDER BY c.id LIMIT ?`,
    ),
  );
  private readonly countStatement = once(() =>
    this.db.prepare<[string | null, string | null], { n: number }>(
      `SELECT count(*) AS n FROM conversations WHERE ${scopeClause('channel_id')}`,
    ),
  );
  private readonly listAssignedToStatement = once(() =>
    this.db.prepare<[string, string], ConversationRow>(
      `${SELECT} WHERE c.channel_id = ? AND c.assignee_id = ? ORDER BY c.id`,
    ),
  );
  private readonly listSnoozeEndedStatement = once(() =>
    this.db.prepare<[number, number], ConversationRow>(
      `${SELECT} WHERE c.snoozed_until IS NOT NULL AND c.snoozed_until <= ? ORDER BY c.snoozed_until, c.id LIMIT ?`,
    ),
  );

  /** One statement per shape of the filter (a handful: which of the optional conditions are on). */
  private readonly listStatement = perKey((where: string) =>
    this.db.prepare<(string | number | null)[], ConversationRow>(
      `${SELECT} JOIN contacts ct ON ct.id = c.contact_id WHERE ${where}
         ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert({ conversation: c, replyToken }: ConversationRecord): Promise<void> {
    this.insertStatement().run(
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
    );
  }

  async update({ conversation: c, replyToken }: ConversationRecord): Promise<void> {
    this.updateStatement().run(
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
    );
  }

  async findById(id: string): Promise<ConversationRecord | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toRecord(row) : null;
  }

  async latestOfContact(contactId: string): Promise<ConversationRecord | null> {
    const row = this.latestOfContactStatement().get(contactId);
    return row ? toRecord(row) : null;
  }

  async listOfContact(contactId: string): Promise<Conversation[]> {
    return this.listOfContactStatement()
      .all(contactId)
      .map((row) => toRecord(row).conversation);
  }

  async list(filter: ConversationFilter, after: ConversationCursor | null, limit: number): Promise<Conversation[]> {
    const where = [scopeClause('c.channel_id'), 'ct.deleted_at IS NULL'];
    const params: (string | number | null)[] = [...scopeParams(filter.scope)];
    if (filter.channelId !== undefined) {
      where.push('c.channel_id = ?');
      params.push(filter.channelId);
    }
    if (filter.status !== undefined) {
      where.push('c.status = ?');
      params.push(filter.status);
    }
    if (filter.assigneeId === 'none') where.push('c.assignee_id IS NULL');
    else if (filter.assigneeId !== undefined) {
      where.push('c.assignee_id = ?');
      params.push(filter.assigneeId);
    }
    if (after) {
      where.push('(c.last_message_at < ? OR (c.last_message_at = ? AND c.id < ?))');
      params.push(after.lastMessageAt, after.lastMessageAt, after.id);
    }
    params.push(limit);
    return this.listStatement(where.join(' AND '))
      .all(...params)
      .map((row) => toRecord(row).conversation);
  }

  async listAfter(afterId: string, limit: number, scope: ChannelScope): Promise<Conversation[]> {
    return this.listAfterStatement()
      .all(afterId, ...scopeParams(scope), limit)
      .map((row) => toRecord(row).conversation);
  }

  async count(scope: ChannelScope): Promise<number> {
    return this.countStatement().get(...scopeParams(scope))?.n ?? 0;
  }

  async listAssignedTo(channelId: string, agentId: string): Promise<ConversationRecord[]> {
    return this.listAssignedToStatement().all(channelId, agentId).map(toRecord);
  }

  async listSnoozeEnded(now: number, limit: number): Promise<ConversationRecord[]> {
    return this.listSnoozeEndedStatement().all(now, limit).map(toRecord);
  }
}
