/**
 * Reads conversations for the inbox from the cache alone, so the inbox, the
 * session windows and the unread badge are right with no network. Trashed
 * contacts' conversations are hidden (SPEC §2, FAQ 55), and so are those of
 * channels in the trash (their channel row says so in `trashedAt`).
 */
import { z } from 'zod';
import { ConversationQuery, type ConversationList, type ConversationRow } from '../../../shared/api.js';
import { sessionWindow } from '../../../shared/channel-rules.js';
import { ChannelKind, Contact, Conversation } from '../../../shared/domain.js';
import { perKey } from '../../../node-shared/prepared.js';
import type { CacheDb } from './cache-db.js';

const RowShape = z.object({
  conversation_json: z.string(),
  contact_json: z.string(),
  kind: ChannelKind,
  channel_name: z.string(),
  assignee_name: z.string().nullable(),
  unread: z.number().int().nonnegative(),
  waiting_since: z.number().nullable(),
  has_draft: z.number(),
  send_failed: z.number(),
});

/**
 * The latest reply failed: an outbox entry that failed here, or the hub's copy of the last reply
 * (found by migration 0011's last_reply_at, an index lookup) in state failed and neither sent again nor
 * discarded (migration 0010).
 */
const SEND_FAILED = `(EXISTS (SELECT 1 FROM outbox ob WHERE ob.conversation_id = c.id AND ob.state = 'failed')
    OR coalesce((SELECT json_extract(lm.json, '$.state') = 'failed' FROM messages lm
      WHERE lm.conversation_id = c.id AND lm.created_at = c.last_reply_at AND lm.direction = 'out'
        AND lm.kind <> 'note' AND lm.id NOT IN (SELECT message_id FROM message_dismissals)
      ORDER BY lm.rid DESC LIMIT 1), 0))`;

const SELECT_ROW = `
  SELECT c.json AS conversation_json, ct.json AS contact_json, ch.kind, ch.name AS channel_name,
    a.name AS assignee_name, coalesce(u.unread, 0) AS unread, c.waiting_since,
    EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = c.id) AS has_draft, ${SEND_FAILED} AS send_failed
  FROM conversations c
  JOIN contacts ct ON ct.id = c.contact_id
  JOIN channels ch ON ch.id = c.channel_id
  LEFT JOIN agents a ON a.id = c.assignee_id
  LEFT JOIN conversation_unread u ON u.conversation_id = c.id`;

/** The channels this agent is linked to: an uncorrelated subquery, so it runs once per query. */
const MY_CHANNELS = `SELECT lc.id FROM channels lc, json_each(lc.json, '$.linkedAgentIds') l WHERE l.value = @me`;
/** I am an admin (my synced agent record says so): admins see every channel, linked or not. */
const I_AM_ADMIN = `EXISTS (SELECT 1 FROM agents ma WHERE ma.id = @me AND json_extract(ma.json, '$.role') = 'admin')`;
/**
 * Conversations that count for this agent's badge and notifications: mine, or unassigned on my
 * channels (for an admin every channel, as the rows an admin sees).
 */
export const MY_SCOPE = `(c.assignee_id = @me OR (c.assignee_id IS NULL AND (${I_AM_ADMIN} OR c.channel_id IN (${MY_CHANNELS}))))`;

/** Channels in the trash: a handful of rows at most, read from the channel's JSON. */
const TRASHED_CHANNELS = `SELECT id FROM channels WHERE json_extract(json, '$.trashedAt') IS NOT NULL`;
/** Conversations of trashed contacts (a small partial index) and of trashed channels are hidden. */
const NOT_TRASHED = `c.contact_id NOT IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL) AND c.channel_id NOT IN (${TRASHED_CHANNELS})`;
/** The inbox row's own channel (joined as ch) is not in the trash. */
const CHANNEL_LIVE = `json_extract(ch.json, '$.trashedAt') IS NULL`;
/**
 * Conversations of trashed contacts and of trashed channels (few): the trashed contacts' ids, then
 * their conversations by contact; the trashed channels' conversations by channel.
 */
const TRASHED_ROWS = `SELECT t.rowid AS rowid FROM conversations t WHERE t.contact_id IN (SELECT id FROM contacts WHERE deleted_at IS NOT NULL)
  UNION ALL SELECT t.rowid AS rowid FROM conversations t WHERE t.channel_id IN (${TRASHED_CHANNELS})`;
/** Conversations snoozed until later (migration 0003's partial index). */
const SNOOZED_ROWS = 'SELECT rowid FROM conversations WHERE snoozed_until > @now';
/** Conversations with unread customer messages (migration 0006's table, its partial index). */
const HAS_UNREAD = 'EXISTS (SELECT 1 FROM conversation_unread uo WHERE uo.conversation_id = c.id AND uo.unread > 0)';
/** Longest waiting first (migration 0011's index), then the answered ones by last activity. */
const ORDER_BY = {
  activity: 'c.last_message_at DESC, c.id',
  waiting: '(c.waiting_since IS NULL), c.waiting_since, c.last_message_at DESC, c.id',
} as const;
/** Most conversations one "mark all read" marks. */
const MARK_ALL_MAX = 10_000;
/** Filter combinations whose totals are remembered (the inbox uses a handful). */
const COUNT_CACHE_MAX = 64;

export class ConversationReader {
  /** The inbox's few query shapes (filters and views), each prepared on first use. */
  private readonly statement = perKey((sql: string) => this.db.prepare(sql));
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
      // Index-only (migration 0006's partial index): conversations with nothing unread are not even
      // visited; the unread table carries their assignee, channel and contact, hence the alias c.
      `SELECT sum(c.unread) AS total FROM conversation_unread c WHERE c.unread > 0 AND ${NOT_TRASHED} AND ${MY_SCOPE}`,
    );
    this.totalChanges = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    this.snoozedCount = db.prepare<[string | number], { n: number }>(
      'SELECT count(*) AS n FROM conversations WHERE snoozed_until > ?',
    );
    // The contact's, and those of the contacts merged with it into one person (cache migration 0017's index).
    this.byContact = db.prepare<{ contact: string; id: string }, { json: string }>(
      `SELECT json FROM conversations WHERE id <> @id AND (contact_id = @contact OR contact_id IN (
         SELECT p.id FROM contacts p WHERE p.deleted_at IS NULL AND json_extract(p.json, '$.personId') = (
           SELECT json_extract(json, '$.personId') FROM contacts WHERE id = @contact)))
         AND channel_id NOT IN (${TRASHED_CHANNELS})
       ORDER BY last_message_at DESC LIMIT 50`,
    );
  }

  list(input: unknown, now: number): ConversationList {
    const query = ConversationQuery.parse(input);
    const { filters, params } = this.filters(query);
    const snoozed = this.snoozedCount.get(now)?.n ?? 0;
    const where = [...filters, ...this.snoozeClause(query, snoozed)];
    const rows = this.statement(
      `${SELECT_ROW} WHERE ${['ct.deleted_at IS NULL', CHANNEL_LIVE, ...where].join(' AND ')}
       ORDER BY ${ORDER_BY[query.sort]} LIMIT @limit OFFSET @offset`,
    )
      .all({ ...params, now, limit: query.limit, offset: query.offset })
      .map((raw) => toRow(raw, now));
    return { rows, total: this.total(query, filters, params, { now, snoozed }) };
  }

  /** The conversations of the view (its filters, not its page) that have unread messages ("mark all read"). */
  unreadIds(input: unknown, now: number): string[] {
    const query = { ...ConversationQuery.parse(input), unreadOnly: true };
    const { filters, params } = this.filters(query);
    const snoozed = this.snoozedCount.get(now)?.n ?? 0;
    const where = ['ct.deleted_at IS NULL', CHANNEL_LIVE, ...filters, ...this.snoozeClause(query, snoozed)];
    return this.statement(
      `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id JOIN channels ch ON ch.id = c.channel_id
       WHERE ${where.join(' AND ')} LIMIT ${MARK_ALL_MAX}`,
    )
      .all({ ...params, now })
      .map((raw) => IdRow.parse(raw).id);
  }

  /**
   * Snoozed conversations stay out of the other views until their time passes, by this machine's
   * clock, so an offline client shows them again too (the hub also wakes them). Usually none is
   * snoozed: then the other views skip the clause.
   */
  private snoozeClause(query: ConversationQuery, snoozed: number): string[] {
    if (query.view === 'snoozed') return ['c.snoozed_until > @now'];
    return snoozed > 0 ? [`c.rowid NOT IN (${SNOOZED_ROWS})`] : [];
  }

  /** The view's and the filters' SQL conditions on `c`, with their parameters (the page's and the total's). */
  private filters(query: ConversationQuery): { filters: string[]; params: Record<string, string> } {
    const filters: string[] = [];
    const params: Record<string, string> = {};
    if (query.view === 'mine') {
      filters.push('c.assignee_id = @me');
      params['me'] = this.me;
    } else if (query.view === 'unassigned') filters.push('c.assignee_id IS NULL');
    if (query.channelId !== undefined) {
      filters.push('c.channel_id = @channelId');
      params['channelId'] = query.channelId;
    }
    if (query.status !== undefined) {
      filters.push('c.status = @status');
      params['status'] = query.status;
    } else if (query.view === 'resolved') {
      filters.push('c.status = @status');
      params['status'] = 'resolved';
    } else if (query.view !== 'snoozed') {
      // The working views show what still needs work; the Resolved view keeps the rest.
      filters.push("c.status <> 'resolved'");
    }
    if (query.label !== undefined) {
      // Migration 0005: one row per label, so this is an index lookup, not a read of the JSON.
      filters.push(
        'EXISTS (SELECT 1 FROM conversation_labels lb WHERE lb.label = @label AND lb.conversation_id = c.id)',
      );
      params['label'] = query.label;
    }
    if (query.unreadOnly) filters.push(HAS_UNREAD);
    return { filters, params };
  }

  /**
   * How many conversations match, for the list's scroll height, remembered
   * until this connection next writes anything so scrolling through pages does
   * not ask again. Not counted row by row: migration 0005 keeps the totals per
   * assignee, channel, status (and label), and what the inbox hides from them
   * — trashed contacts' conversations, snoozed ones — is few rows, counted and
   * subtracted.
   */
  private total(
    query: ConversationQuery,
    filters: readonly string[],
    params: Record<string, string>,
    at: { now: number; snoozed: number },
  ): number {
    const changes = this.totalChanges.get()?.n ?? -1;
    // The clock moves on every call: what a total depends on is which conversations are still
    // snoozed, and with no writes that set only shrinks, so its size identifies it.
    const key = `${query.view}\n${JSON.stringify(params)}\n${at.snoozed}\n${query.unreadOnly}`;
    const cached = this.counts.get(key);
    if (cached !== undefined && cached.changes === changes) return cached.n;
    const n =
      query.view === 'snoozed'
        ? this.countSnoozed(filters, params, at.now)
        : query.unreadOnly
          ? this.countUnread(filters, params, at)
          : this.keptTotal(query, filters, params, at);
    if (this.counts.size >= COUNT_CACHE_MAX) this.counts.clear();
    this.counts.set(key, { changes, n });
    return n;
  }

  private countSnoozed(filters: readonly string[], params: Record<string, string>, now: number): number {
    const where = [...filters, 'c.snoozed_until > @now', NOT_TRASHED].join(' AND ');
    return countOf(this.statement(`SELECT count(*) AS n FROM conversations c WHERE ${where}`).get({ ...params, now }));
  }

  /** Unread ones only: few, counted from the unread table's partial index, each checked against the filters. */
  private countUnread(
    filters: readonly string[],
    params: Record<string, string>,
    at: { now: number; snoozed: number },
  ): number {
    const where = [...filters, NOT_TRASHED, ...(at.snoozed > 0 ? [`c.rowid NOT IN (${SNOOZED_ROWS})`] : [])];
    return countOf(
      this.statement(
        `SELECT count(*) AS n FROM conversation_unread uu CROSS JOIN conversations c ON c.id = uu.conversation_id
         WHERE uu.unread > 0 AND ${where.join(' AND ')}`,
      ).get(at.snoozed > 0 ? { ...params, now: at.now } : params),
    );
  }

  private keptTotal(
    query: ConversationQuery,
    filters: readonly string[],
    params: Record<string, string>,
    at: { now: number; snoozed: number },
  ): number {
    const kept: string[] = [];
    const keptParams: Record<string, string> = {};
    if (query.view === 'mine') {
      kept.push('assignee = @assignee');
      keptParams['assignee'] = this.me;
    } else if (query.view === 'unassigned') kept.push("assignee = ''");
    if (query.channelId !== undefined) kept.push('channel_id = @channelId');
    if (params['status'] !== undefined) kept.push('status = @status');
    else kept.push("status <> 'resolved'");
    if (query.label !== undefined) kept.push('label = @label');
    const table = query.label === undefined ? 'conversation_counts' : 'label_counts';
    const { me: _me, ...rest } = params;
    const sum = this.statement(
      `SELECT coalesce(sum(n), 0) AS n FROM ${table}${kept.length > 0 ? ` WHERE ${kept.join(' AND ')}` : ''}`,
    ).get({ ...rest, ...keptParams });
    // UNION ALL, then DISTINCT: a plain UNION merges in rowid order and so scans the whole table. DISTINCT:
    // a conversation can be hidden twice over (a trashed contact on a trashed channel, snoozed as well).
    const hiddenRows = `SELECT DISTINCT rowid FROM (${TRASHED_ROWS}${at.snoozed > 0 ? ` UNION ALL ${SNOOZED_ROWS}` : ''})`;
    // CROSS JOIN keeps that order: the few hidden rows first, each then checked against the filters.
    const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
    const hidden = this.statement(
      `SELECT count(*) AS n FROM (${hiddenRows}) h CROSS JOIN conversations c ON c.rowid = h.rowid${where}`,
    ).get(at.snoozed > 0 ? { ...params, now: at.now } : params);
    return countOf(sum) - countOf(hidden);
  }

  /** One inbox row, or null when the conversation is not in the cache (or its contact or channel is trashed). */
  row(conversationId: string, now: number): ConversationRow | null {
    const raw = this.statement(`${SELECT_ROW} WHERE c.id = @id AND ct.deleted_at IS NULL AND ${CHANNEL_LIVE}`).get({
      id: conversationId,
    });
    return raw === undefined ? null : toRow(raw, now);
  }

  /**
   * The contact's other conversations, newest first (contact panel), with those of the contacts merged
   * with it into one person on other channels (each conversation names its channel).
   */
  pastConversations(conversation: Conversation): Conversation[] {
    return this.byContact
      .all({ contact: conversation.contactId, id: conversation.id })
      .map((r) => Conversation.parse(JSON.parse(r.json)));
  }

  /** Unread inbound messages on conversations assigned to me or unassigned on my channels (tray badge). */
  unreadCount(): number {
    return this.unreadTotal.get({ me: this.me })?.total ?? 0;
  }
}

const CountRow = z.object({ n: z.number() });
const IdRow = z.object({ id: z.string() });
const countOf = (raw: unknown): number => CountRow.parse(raw).n;

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
    waitingSince: row.waiting_since,
    hasDraft: row.has_draft === 1,
    lastSendFailed: row.send_failed === 1,
  };
}
