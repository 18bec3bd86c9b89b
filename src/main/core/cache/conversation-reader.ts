/**
 * Reads conversations for the inbox from the cache alone, so the inbox, the
 * session windows and the unread badge are right with no network. Trashed
 * contacts' conversations are hidden (SPEC §2, FAQ 55).
 */
import { z } from 'zod';
import { ConversationQuery, type ConversationList, type ConversationRow } from '../../../shared/api.js';
import { sessionWindow } from '../../../shared/channel-rules.js';
import { ChannelKind, Contact, Conversation } from '../../../shared/domain.js';
import type { CacheDb } from './cache-db.js';

const RowShape = z.object({
  conversation_json: z.string(),
  contact_json: z.string(),
  kind: ChannelKind,
  channel_name: z.string(),
  assignee_name: z.string().nullable(),
  unread: z.number().int().nonnegative(),
});

const SELECT_ROW = `
  SELECT c.json AS conversation_json, ct.json AS contact_json, ch.kind, ch.name AS channel_name,
    a.name AS assignee_name, c.unread
  FROM conversations c
  JOIN contacts ct ON ct.id = c.contact_id
  JOIN channels ch ON ch.id = c.channel_id
  LEFT JOIN agents a ON a.id = c.assignee_id`;

/** The channels this agent is linked to: an uncorrelated subquery, so it runs once per query. */
const MY_CHANNELS = `SELECT lc.id FROM channels lc, json_each(lc.json, '$.linkedAgentIds') l WHERE l.value = @me`;
/** Conversations that count for this agent's badge and notifications: mine, or unassigned on my channels. */
export const MY_SCOPE = `(c.assignee_id = @me OR (c.assignee_id IS NULL AND c.channel_id IN (${MY_CHANNELS})))`;

/** Conversations of trashed contacts are hidden: their ids come from a small partial index. */
const NOT_TRASHED = 'c.contact_id NOT IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL)';
/** Conversations snoozed until later (migration 0003's partial index). */
const SNOOZED_ROWS = 'SELECT rowid FROM conversations WHERE snoozed_until > @now';
/** Filter combinations whose totals are remembered (the inbox uses a handful). */
const COUNT_CACHE_MAX = 64;

export class ConversationReader {
  private readonly statements = new Map<string, ReturnType<CacheDb['prepare']>>();
  private readonly counts = new Map<string, { changes: number; n: number }>();
  /** Rows changed by this connection so far: a cached total is valid while it stays the same. */
  private readonly totalChanges;
  private readonly unreadTotal;
  private readonly byContact;
  private readonly snoozedCount;

  constructor(
    private readonly db: CacheDb,
    private readonly me: string,
  ) {
    this.unreadTotal = db.prepare<{ me: string }, { total: number | null }>(
      // Index-only (migration 0004): conversations with nothing unread are not even visited.
      `SELECT sum(c.unread) AS total FROM conversations c WHERE c.unread > 0 AND ${NOT_TRASHED} AND ${MY_SCOPE}`,
    );
    this.totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    this.snoozedCount = db.prepare<[string | number], { n: number }>(
      'SELECT count(*) AS n FROM conversations WHERE snoozed_until > ?',
    );
    this.byContact = db.prepare<[string, string], { json: string }>(
      'SELECT json FROM conversations WHERE contact_id = ? AND id <> ? ORDER BY last_message_at DESC LIMIT 50',
    );
  }

  list(input: unknown, now: number): ConversationList {
    const query = ConversationQuery.parse(input);
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (query.view === 'mine') {
      where.push('c.assignee_id = @me');
      params['me'] = this.me;
    } else if (query.view === 'unassigned') where.push('c.assignee_id IS NULL');
    // Snoozed conversations stay out of the other views until their time passes, by this
    // machine's clock, so an offline client shows them again too (the hub also wakes them).
    // Usually none is snoozed: then the other views skip the clause and count as before.
    const snoozed = this.snoozedCount.get(now)?.n ?? 0;
    if (query.view === 'snoozed') where.push('c.snoozed_until > @now');
    else if (snoozed > 0) where.push(`c.rowid NOT IN (${SNOOZED_ROWS})`);
    if (query.view === 'snoozed' || snoozed > 0) params['now'] = now;
    if (query.channelId !== undefined) {
      where.push('c.channel_id = @channelId');
      params['channelId'] = query.channelId;
    }
    if (query.status !== undefined) {
      where.push('c.status = @status');
      params['status'] = query.status;
    }
    if (query.label !== undefined) {
      where.push("EXISTS (SELECT 1 FROM json_each(c.json, '$.labels') lb WHERE lb.value = @label)");
      params['label'] = query.label;
    }
    const rows = this.statement(
      `${SELECT_ROW} WHERE ${['ct.deleted_at IS NULL', ...where].join(' AND ')}
       ORDER BY c.last_message_at DESC, c.id LIMIT @limit OFFSET @offset`,
    )
      .all({ ...params, limit: query.limit, offset: query.offset })
      .map((raw) => toRow(raw, now));
    return { rows, total: this.count([...where, NOT_TRASHED].join(' AND '), params, snoozed) };
  }

  /**
   * How many conversations match, for the list's scroll height. Counted from
   * covering indexes (migration 0002) and kept until this connection next
   * writes anything, so scrolling through pages does not count again.
   */
  private count(filter: string, params: Record<string, string | number>, snoozed: number): number {
    const changes = this.totalChanges.get()?.n ?? -1;
    // The clock moves on every call: what a total depends on is which conversations are still
    // snoozed, and with no writes that set only shrinks, so its size identifies it.
    const { now: _now, ...rest } = params;
    const key = `${filter}\n${JSON.stringify(rest)}\n${snoozed}`;
    const cached = this.counts.get(key);
    if (cached !== undefined && cached.changes === changes) return cached.n;
    const raw = this.statement(`SELECT count(*) AS n FROM conversations c WHERE ${filter}`).get(params);
    const n = z.object({ n: z.number() }).parse(raw).n;
    if (this.counts.size >= COUNT_CACHE_MAX) this.counts.clear();
    this.counts.set(key, { changes, n });
    return n;
  }

  /** One inbox row, or null when the conversation is not in the cache (or its contact is trashed). */
  row(conversationId: string, now: number): ConversationRow | null {
    const raw = this.statement(`${SELECT_ROW} WHERE c.id = @id AND ct.deleted_at IS NULL`).get({ id: conversationId });
    return raw === undefined ? null : toRow(raw, now);
  }

  /** The contact's other conversations, newest first (contact panel). */
  pastConversations(conversation: Conversation): Conversation[] {
    return this.byContact
      .all(conversation.contactId, conversation.id)
      .map((r) => Conversation.parse(JSON.parse(r.json)));
  }

  /** Unread inbound messages on conversations assigned to me or unassigned on my channels (tray badge). */
  unreadCount(): number {
    return this.unreadTotal.get({ me: this.me })?.total ?? 0;
  }

  private statement(sql: string) {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

function toRow(raw: unknown, now: number): ConversationRow {
  const row = RowShape.parse(raw);
  const conversation = Conversation.parse(JSON.parse(row.conversation_json));
  const window = sessionWindow(row.kind, conversation, now);
  return {
    conversation,
    contact: Contact.parse(JSON.parse(row.contact_json)),
    channelKind: row.kind,
    channelName: row.channel_name,
    assigneeName: row.assignee_name,
    unreadCount: row.unread,
    window: { ...window },
  };
}
