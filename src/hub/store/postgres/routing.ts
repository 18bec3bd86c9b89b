/**
 * Routing state on Postgres (queues, assignment times, presence): the same rows, figures and order as
 * sqlite/routing.ts. `touchQueue` is one statement here (the upsert in a CTE, the figures read beside it)
 * where SQLite writes then reads.
 */
import { z } from 'zod';
import type { ChannelQueue, Presence } from '../../../shared/domain.js';
import type {
  AwaitingConversation,
  RoutingCandidate,
  RoutingRepository,
  RoutingState,
  StoredPresence,
} from '../ports/routing.js';
import { toCandidate, type CandidateRow } from '../routing-rows.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';

interface StateRow {
  conversation_id: string;
  channel_id: string;
  queued_at: number | null;
  assigned_at: number | null;
  awaiting_since: number | null;
  pass_count: number;
  passed_agent_ids: string;
}

interface PresenceRow {
  agent_id: string;
  presence: Presence;
  since: number;
  unavailable_since: number | null;
}

interface QueueRow {
  id: string;
  n: number;
  oldest: number | null;
  updated: number;
}

const AgentIds = z.array(z.string());

function toState(row: StateRow): RoutingState {
  return {
    conversationId: row.conversation_id,
    channelId: row.channel_id,
    queuedAt: row.queued_at,
    assignedAt: row.assigned_at,
    awaitingSince: row.awaiting_since,
    passCount: row.pass_count,
    passedAgentIds: readJson(
      AgentIds,
      row.passed_agent_ids,
      { column: 'conversation_routing.passed_agent_ids', id: row.conversation_id },
      [],
    ),
  };
}

function toPresence(row: PresenceRow): StoredPresence {
  return {
    agentId: row.agent_id,
    presence: row.presence,
    since: row.since,
    unavailableSince: row.unavailable_since,
  };
}

function toQueue(row: QueueRow): ChannelQueue {
  return { channelId: row.id, length: row.n, oldestQueuedAt: row.oldest, updatedAt: row.updated };
}

/** Queued rows of conversations that still exist (a purged contact's are left out). */
const QUEUED = `conversation_routing r JOIN conversations c ON c.id = r.conversation_id WHERE r.queued_at IS NOT NULL`;

const SAVE = `INSERT INTO conversation_routing
    (conversation_id, channel_id, queued_at, assigned_at, awaiting_since, pass_count, passed_agent_ids)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (conversation_id) DO UPDATE SET channel_id = excluded.channel_id, queued_at = excluded.queued_at,
    assigned_at = excluded.assigned_at, awaiting_since = excluded.awaiting_since,
    pass_count = excluded.pass_count, passed_agent_ids = excluded.passed_agent_ids`;

/** A channel's queue figures; `updated` is when its queue last changed, else when the channel was made. */
const FIGURES = `SELECT ch.id, count(q.conversation_id) AS n, min(q.queued_at) AS oldest,
    coalesce(max(cq.updated_at), ch.created_at) AS updated
  FROM channels ch
  LEFT JOIN (SELECT r.channel_id, r.conversation_id, r.queued_at FROM ${QUEUED}) q ON q.channel_id = ch.id
  LEFT JOIN channel_queues cq ON cq.channel_id = ch.id
  WHERE ($1::text[] IS NULL OR ch.id = ANY($1::text[]))
  GROUP BY ch.id ORDER BY ch.id`;

/**
 * The touch and the figures in one statement. The CTE's change is not visible to the rest of the statement
 * (one snapshot), so the figures take the queue's new time from what the upsert returned.
 */
const TOUCH = `WITH touched AS (
    INSERT INTO channel_queues (channel_id, updated_at) VALUES ($1, $2)
    ON CONFLICT (channel_id) DO UPDATE SET updated_at = GREATEST(channel_queues.updated_at, excluded.updated_at)
    RETURNING channel_id, updated_at)
  SELECT ch.id, count(q.conversation_id) AS n, min(q.queued_at) AS oldest, max(t.updated_at) AS updated
  FROM channels ch
  JOIN touched t ON t.channel_id = ch.id
  LEFT JOIN (SELECT r.channel_id, r.conversation_id, r.queued_at FROM ${QUEUED} AND r.channel_id = $1) q
    ON q.channel_id = ch.id
  WHERE ch.id = $1
  GROUP BY ch.id`;

const AWAITING = `SELECT r.conversation_id, c.channel_id, c.assignee_id, r.awaiting_since, r.assigned_at
  FROM conversation_routing r JOIN conversations c ON c.id = r.conversation_id
  WHERE r.awaiting_since IS NOT NULL AND c.status = 'open' AND c.assignee_id IS NOT NULL
    AND ($1::text IS NULL OR c.assignee_id = $1)
  ORDER BY r.awaiting_since, r.conversation_id`;

const LAST_REPLY = `SELECT max(created_at) AS at FROM messages
  WHERE conversation_id = $1 AND direction = 'out' AND sender_agent_id IS NOT NULL
    AND kind != 'note' AND state != 'failed'`;

const CANDIDATE_COLUMNS = `a.id, a.role, a.active, a.permissions, a.capacity,
    coalesce((SELECT sum(l.open_count) FROM agent_load l WHERE l.agent_id = a.id), 0)::bigint AS open,
    coalesce((SELECT l.open_count FROM agent_load l WHERE l.agent_id = a.id AND l.channel_id = $1), 0) AS open_here,
    aa.last_assigned_at
  FROM agents a LEFT JOIN agent_assignments aa ON aa.agent_id = a.id`;

const CANDIDATES = `SELECT ${CANDIDATE_COLUMNS}
  WHERE a.id = ANY($2::text[])
  ORDER BY open, coalesce(aa.last_assigned_at, -1), a.id`;

/**
 * The first of these agents, in the order given, whose row lock this transaction can take now: locked in
 * that order, those another transaction holds skipped (SKIP LOCKED); no row when all are held.
 */
const LOCK_FIRST_FREE = `SELECT id FROM agents WHERE id = ANY($1::text[])
  ORDER BY array_position($1::text[], id) LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED`;
/** One agent's row lock, waiting for the transaction that holds it. */
const LOCK = `SELECT id FROM agents WHERE id = $1 FOR NO KEY UPDATE`;
/**
 * One agent's load, read after their lock was taken: a statement of its own, so its snapshot holds what the
 * lock's last holder committed (a locking read keeps the snapshot it started with for its subqueries).
 */
const ONE_CANDIDATE = `SELECT ${CANDIDATE_COLUMNS} WHERE a.id = $2`;

const NOTE_ASSIGNED = `INSERT INTO agent_assignments AS aa (agent_id, last_assigned_at) VALUES ($1, $2)
  ON CONFLICT (agent_id) DO UPDATE SET last_assigned_at = greatest(aa.last_assigned_at + 1, excluded.last_assigned_at)
  RETURNING last_assigned_at AS at`;

const SET_PRESENCE = `INSERT INTO agent_presence (agent_id, presence, since, unavailable_since) VALUES ($1, $2, $3, $4)
  ON CONFLICT (agent_id) DO UPDATE SET presence = excluded.presence, since = excluded.since,
    unavailable_since = excluded.unavailable_since`;

export class PostgresRoutingRepository implements RoutingRepository {
  constructor(private readonly db: PgDb) {}

  async stateOf(conversationId: string): Promise<RoutingState | null> {
    const row = await this.db.one<StateRow>(`SELECT * FROM conversation_routing WHERE conversation_id = $1`, [
      conversationId,
    ]);
    return row ? toState(row) : null;
  }

  async save(s: RoutingState): Promise<void> {
    await this.db.run(SAVE, [
      s.conversationId,
      s.channelId,
      s.queuedAt,
      s.assignedAt,
      s.awaitingSince,
      s.passCount,
      JSON.stringify(s.passedAgentIds),
    ]);
  }

  async queued(channelId: string): Promise<{ conversationId: string; queuedAt: number }[]> {
    const rows = await this.db.query<{ conversation_id: string; queued_at: number }>(
      `SELECT r.conversation_id, r.queued_at FROM ${QUEUED} AND r.channel_id = $1 ORDER BY r.queued_at, r.conversation_id`,
      [channelId],
    );
    return rows.map((row) => ({ conversationId: row.conversation_id, queuedAt: row.queued_at }));
  }

  async queuedChannelIds(): Promise<string[]> {
    const rows = await this.db.query<{ channel_id: string }>(`SELECT DISTINCT r.channel_id FROM ${QUEUED}`);
    return rows.map((row) => row.channel_id);
  }

  async queues(channelIds: readonly string[] | null): Promise<ChannelQueue[]> {
    const rows = await this.db.query<QueueRow>(FIGURES, [channelIds === null ? null : [...channelIds]]);
    return rows.map(toQueue);
  }

  async touchQueue(channelId: string, at: number): Promise<ChannelQueue> {
    const row = await this.db.one<QueueRow>(TOUCH, [channelId, at]);
    return row ? toQueue(row) : { channelId, length: 0, oldestQueuedAt: null, updatedAt: at };
  }

  async awaiting(agentId: string | null): Promise<AwaitingConversation[]> {
    const rows = await this.db.query<{
      conversation_id: string;
      channel_id: string;
      assignee_id: string;
      awaiting_since: number;
      assigned_at: number | null;
    }>(AWAITING, [agentId]);
    return rows.map((row) => ({
      conversationId: row.conversation_id,
      channelId: row.channel_id,
      assigneeId: row.assignee_id,
      awaitingSince: row.awaiting_since,
      assignedAt: row.assigned_at,
    }));
  }

  async lastAgentReplyAt(conversationId: string): Promise<number | null> {
    return (await this.db.one<{ at: number | null }>(LAST_REPLY, [conversationId]))?.at ?? null;
  }

  async candidates(channelId: string, agentIds: readonly string[]): Promise<RoutingCandidate[]> {
    if (agentIds.length === 0) return [];
    const rows = await this.db.query<CandidateRow>(CANDIDATES, [channelId, [...agentIds]]);
    return rows.map(toCandidate);
  }

  async firstCandidate(
    channelId: string,
    agentIds: readonly string[],
    accepts: (candidate: RoutingCandidate) => boolean,
  ): Promise<RoutingCandidate | null> {
    // One round trip for the order, one for the lock of the first acceptable agent nobody else holds.
    let open = (await this.candidates(channelId, agentIds)).filter(accepts);
    while (open.length > 0) {
      const free = await this.db.one<{ id: string }>(LOCK_FIRST_FREE, [open.map((c) => c.agentId)]);
      if (!free) break;
      const at = open.findIndex((c) => c.agentId === free.id);
      const candidate = open[at];
      if (candidate === undefined) break;
      const chosen = await this.reweigh(channelId, candidate, accepts);
      if (chosen) return chosen;
      // Full after all (another node's assignment committed meanwhile): the ones after them.
      open = open.slice(at + 1);
    }
    // Everyone acceptable is being given a conversation elsewhere: wait for each in turn and weigh them again.
    for (const candidate of open) {
      await this.db.one(LOCK, [candidate.agentId]);
      const chosen = await this.reweigh(channelId, candidate, accepts);
      if (chosen) return chosen;
    }
    return null;
  }

  /** The candidate as it stands now that this transaction holds their lock, when the rule still takes them. */
  private async reweigh(
    channelId: string,
    candidate: RoutingCandidate,
    accepts: (candidate: RoutingCandidate) => boolean,
  ): Promise<RoutingCandidate | null> {
    const row = await this.db.one<CandidateRow>(ONE_CANDIDATE, [channelId, candidate.agentId]);
    const now = row ? toCandidate(row) : null;
    return now !== null && accepts(now) ? now : null;
  }

  async noteAssigned(agentId: string, now: number): Promise<number> {
    const row = await this.db.one<{ at: number }>(NOTE_ASSIGNED, [agentId, now]);
    if (!row) throw new Error(`agent_assignments: no stamp for agent ${agentId}`);
    return row.at;
  }

  async maxAssignedAt(): Promise<number> {
    const row = await this.db.one<{ at: number | null }>(`SELECT max(assigned_at) AS at FROM conversation_routing`);
    return row?.at ?? 0;
  }

  async presenceOf(agentId: string): Promise<StoredPresence | null> {
    const row = await this.db.one<PresenceRow>(`SELECT * FROM agent_presence WHERE agent_id = $1`, [agentId]);
    return row ? toPresence(row) : null;
  }

  async allPresence(): Promise<StoredPresence[]> {
    const rows = await this.db.query<PresenceRow>(`SELECT * FROM agent_presence ORDER BY agent_id`);
    return rows.map(toPresence);
  }

  async setPresence(p: StoredPresence): Promise<void> {
    await this.db.run(SET_PRESENCE, [p.agentId, p.presence, p.since, p.unavailableSince]);
  }
}
