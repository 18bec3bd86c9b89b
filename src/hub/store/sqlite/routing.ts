/**
 * Routing state (hub migration 0016, services/routing/): each conversation's
 * place in its channel's queue, when it was assigned, since when the customer
 * waits for an answer and who it passed from; each agent's presence with the
 * time it began; when each channel's queue last changed. All on the hub's
 * clock, so every rule counts on across a restart.
 */
import { z } from 'zod';
import type { ChannelQueue, Presence } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import type {
  RoutingState,
  StoredPresence,
  AwaitingConversation,
  RoutingCandidate,
  RoutingRepository,
} from '../ports/routing.js';
import { toCandidate, type CandidateRow } from '../routing-rows.js';

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

/** Queued rows of conversations that still exist (a purged contact's are left out). */
const QUEUED = `conversation_routing r JOIN conversations c ON c.id = r.conversation_id WHERE r.queued_at IS NOT NULL`;

export class SqliteRoutingRepository implements RoutingRepository {
  private readonly stateStatement = once(() =>
    this.db.prepare<[string], StateRow>(`SELECT * FROM conversation_routing WHERE conversation_id = ?`),
  );
  private readonly saveStatement = once(() =>
    this.db.prepare(`INSERT INTO conversation_routing
         (conversation_id, channel_id, queued_at, assigned_at, awaiting_since, pass_count, passed_agent_ids)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET channel_id = excluded.channel_id, queued_at = excluded.queued_at,
         assigned_at = excluded.assigned_at, awaiting_since = excluded.awaiting_since,
         pass_count = excluded.pass_count, passed_agent_ids = excluded.passed_agent_ids`),
  );
  private readonly queuedStatement = once(() =>
    this.db.prepare<[string], { conversation_id: string; queued_at: number }>(
      `SELECT r.conversation_id, r.queued_at FROM ${QUEUED} AND r.channel_id = ? ORDER BY r.queued_at, r.conversation_id`,
    ),
  );
  private readonly queuedChannelsStatement = once(() =>
    this.db.prepare<[], { channel_id: string }>(`SELECT DISTINCT r.channel_id FROM ${QUEUED}`),
  );
  private readonly figuresStatement = once(() =>
    this.db.prepare<[string | null, string | null], { id: string; n: number; oldest: number | null; updated: number }>(
      `SELECT ch.id, count(q.conversation_id) AS n, min(q.queued_at) AS oldest,
              coalesce(cq.updated_at, ch.created_at) AS updated
         FROM channels ch
         LEFT JOIN (SELECT r.channel_id, r.conversation_id, r.queued_at FROM ${QUEUED}) q ON q.channel_id = ch.id
         LEFT JOIN channel_queues cq ON cq.channel_id = ch.id
         WHERE (? IS NULL OR ch.id IN (SELECT value FROM json_each(?)))
         GROUP BY ch.id ORDER BY ch.id`,
    ),
  );
  private readonly touchStatement = once(() =>
    this.db.prepare(`INSERT INTO channel_queues (channel_id, updated_at) VALUES (?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET updated_at = max(channel_queues.updated_at, excluded.updated_at)`),
  );
  private readonly awaitingStatement = once(() =>
    this.db.prepare<
      [string | null, string | null],
      {
        conversation_id: string;
        channel_id: string;
        assignee_id: string;
        awaiting_since: number;
        assigned_at: number | null;
      }
    >(
      `SELECT r.conversation_id, c.channel_id, c.assignee_id, r.awaiting_since, r.assigned_at
         FROM conversation_routing r JOIN conversations c ON c.id = r.conversation_id
         WHERE r.awaiting_since IS NOT NULL AND c.status = 'open' AND c.assignee_id IS NOT NULL
           AND (? IS NULL OR c.assignee_id = ?)
         ORDER BY r.awaiting_since, r.conversation_id`,
    ),
  );
  private readonly lastReplyStatement = once(() =>
    this.db.prepare<[string], { at: number | null }>(
      `SELECT max(created_at) AS at FROM messages
         WHERE conversation_id = ? AND direction = 'out' AND sender_agent_id IS NOT NULL
           AND kind != 'note' AND state != 'failed'`,
    ),
  );
  /** Routing's order is the statement's: SQLite sorts, and a pick reads rows only until one is taken. */
  private readonly candidatesStatement = once(() =>
    this.db.prepare<[string, string], CandidateRow>(
      `SELECT a.id, a.role, a.active, a.permissions, a.capacity,
         (SELECT coalesce(sum(l.open_count), 0) FROM agent_load l WHERE l.agent_id = a.id) AS open,
         coalesce((SELECT l.open_count FROM agent_load l WHERE l.agent_id = a.id AND l.channel_id = ?), 0) AS open_here,
         aa.last_assigned_at
       FROM agents a LEFT JOIN agent_assignments aa ON aa.agent_id = a.id
       WHERE a.id IN (SELECT value FROM json_each(?))
       ORDER BY open, coalesce(aa.last_assigned_at, -1), a.id`,
    ),
  );
  private readonly noteAssignedStatement = once(() =>
    this.db.prepare<[string, number], { at: number }>(
      `INSERT INTO agent_assignments (agent_id, last_assigned_at) VALUES (?, ?)
         ON CONFLICT (agent_id) DO UPDATE SET last_assigned_at = max(last_assigned_at + 1, excluded.last_assigned_at)
         RETURNING last_assigned_at AS at`,
    ),
  );
  private readonly maxAssignedStatement = once(() =>
    this.db.prepare<[], { at: number | null }>(`SELECT max(assigned_at) AS at FROM conversation_routing`),
  );
  private readonly presenceStatement = once(() =>
    this.db.prepare<[string], PresenceRow>(`SELECT * FROM agent_presence WHERE agent_id = ?`),
  );
  private readonly allPresenceStatement = once(() =>
    this.db.prepare<[], PresenceRow>(`SELECT * FROM agent_presence ORDER BY agent_id`),
  );
  private readonly setPresenceStatement = once(() =>
    this.db.prepare(`INSERT INTO agent_presence (agent_id, presence, since, unavailable_since) VALUES (?, ?, ?, ?)
       ON CONFLICT (agent_id) DO UPDATE SET presence = excluded.presence, since = excluded.since,
         unavailable_since = excluded.unavailable_since`),
  );

  constructor(private readonly db: SqliteDb) {}

  async stateOf(conversationId: string): Promise<RoutingState | null> {
    const row = this.stateStatement().get(conversationId);
    return row ? toState(row) : null;
  }

  async save(s: RoutingState): Promise<void> {
    this.saveStatement().run(
      s.conversationId,
      s.channelId,
      s.queuedAt,
      s.assignedAt,
      s.awaitingSince,
      s.passCount,
      JSON.stringify(s.passedAgentIds),
    );
  }

  async queued(channelId: string): Promise<{ conversationId: string; queuedAt: number }[]> {
    return this.queuedStatement()
      .all(channelId)
      .map((row) => ({ conversationId: row.conversation_id, queuedAt: row.queued_at }));
  }

  async queuedChannelIds(): Promise<string[]> {
    return this.queuedChannelsStatement()
      .all()
      .map((row) => row.channel_id);
  }

  async queues(channelIds: readonly string[] | null): Promise<ChannelQueue[]> {
    const list = channelIds === null ? null : JSON.stringify(channelIds);
    return this.figuresStatement()
      .all(list, list)
      .map((row) => ({ channelId: row.id, length: row.n, oldestQueuedAt: row.oldest, updatedAt: row.updated }));
  }

  async touchQueue(channelId: string, at: number): Promise<ChannelQueue> {
    this.touchStatement().run(channelId, at);
    return (await this.queues([channelId]))[0] ?? { channelId, length: 0, oldestQueuedAt: null, updatedAt: at };
  }

  async awaiting(agentId: string | null): Promise<AwaitingConversation[]> {
    return this.awaitingStatement()
      .all(agentId, agentId)
      .map((row) => ({
        conversationId: row.conversation_id,
        channelId: row.channel_id,
        assigneeId: row.assignee_id,
        awaitingSince: row.awaiting_since,
        assignedAt: row.assigned_at,
      }));
  }

  async lastAgentReplyAt(conversationId: string): Promise<number | null> {
    return this.lastReplyStatement().get(conversationId)?.at ?? null;
  }

  async candidates(channelId: string, agentIds: readonly string[]): Promise<RoutingCandidate[]> {
    if (agentIds.length === 0) return [];
    return this.candidatesStatement().all(channelId, JSON.stringify(agentIds)).map(toCandidate);
  }

  async firstCandidate(
    channelId: string,
    agentIds: readonly string[],
    accepts: (candidate: RoutingCandidate) => boolean,
  ): Promise<RoutingCandidate | null> {
    if (agentIds.length === 0) return null;
    for (const row of this.candidatesStatement().iterate(channelId, JSON.stringify(agentIds))) {
      const candidate = toCandidate(row);
      if (accepts(candidate)) return candidate;
    }
    return null;
  }

  async noteAssigned(agentId: string, now: number): Promise<number> {
    const row = this.noteAssignedStatement().get(agentId, now);
    if (!row) throw new Error(`agent_assignments: no stamp for agent ${agentId}`);
    return row.at;
  }

  async maxAssignedAt(): Promise<number> {
    return this.maxAssignedStatement().get()?.at ?? 0;
  }

  async presenceOf(agentId: string): Promise<StoredPresence | null> {
    const row = this.presenceStatement().get(agentId);
    return row ? toPresence(row) : null;
  }

  async allPresence(): Promise<StoredPresence[]> {
    return this.allPresenceStatement().all().map(toPresence);
  }

  async setPresence(p: StoredPresence): Promise<void> {
    this.setPresenceStatement().run(p.agentId, p.presence, p.since, p.unavailableSince);
  }
}
