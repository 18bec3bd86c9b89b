/**
 * Channels on Postgres, their sealed credentials, credits and linked agents (sqlite/channels.ts). A Channel is
 * read in one round trip: its health summary is joined in and its linked agents gathered in an array.
 *
 * Unlike SQLite, linked agents are not cached in the process: several hub nodes write channel_agents, and a
 * node's cache would miss another node's link. Text columns are COLLATE "C" (migrations/0001-initial.ts), so
 * ids order in code point order as under SQLite's BINARY, whatever the database's default collation.
 */
import {
  ChannelSettings,
  ChannelVerification,
  type Channel,
  type ChannelKind,
  type Credits,
} from '../../../shared/domain.js';
import { CREDIT_COSTS } from '../../credit-costs.js';
import type { ChannelRepository, NewChannel } from '../ports/channels.js';
import { bool, int } from '../json-column.js';
import { readChannelSettings, readChannelVerification } from '../channel-columns.js';
import { healthSummaryOf } from './channel-health.js';
import type { PgDb } from './db.js';

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  name: string;
  settings: string;
  credits_balance: number | null;
  credits_cancellation_scheduled: number;
  credits_updated_at: number | null;
  credits_low_balance_threshold: number | null;
  verification: string;
  trashed_at: number | null;
  created_at: number;
  health_status: string | null;
  health_reason: string | null;
  health_since: number | null;
  linked_agent_ids: string[];
}

const SELECT_CHANNEL = `SELECT c.id, c.kind, c.name, c.settings, c.credits_balance, c.credits_cancellation_scheduled,
    c.credits_updated_at, c.credits_low_balance_threshold, c.verification, c.trashed_at, c.created_at,
    h.status AS health_status, h.reason AS health_reason, h.status_since AS health_since,
    ARRAY(SELECT a.agent_id FROM channel_agents a WHERE a.channel_id = c.id
           ORDER BY a.linked_at, a.agent_id) AS linked_agent_ids
  FROM channels c LEFT JOIN channel_health h ON h.channel_id = c.id`;

const LIVE = `c.deleted_at IS NULL AND c.trashed_at IS NULL`;

function toChannel(row: ChannelRow): Channel {
  const credits: Credits | null =
    row.credits_balance === null
      ? null
      : {
          balance: row.credits_balance,
          cancellationScheduled: bool(row.credits_cancellation_scheduled),
          costs: CREDIT_COSTS,
          lowBalanceThreshold: row.credits_low_balance_threshold,
          updatedAt: row.credits_updated_at ?? row.created_at,
        };
  const health = healthSummaryOf({
    status: row.health_status,
    reason: row.health_reason,
    status_since: row.health_since,
  });
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: readChannelSettings(row.settings, row.id),
    linkedAgentIds: row.linked_agent_ids,
    credits,
    createdAt: row.created_at,
    ...(health ? { health } : {}),
    verification: readChannelVerification(row.verification, row.id),
    trashedAt: row.trashed_at,
  };
}

export class PostgresChannelRepository implements ChannelRepository {
  constructor(private readonly db: PgDb) {}

  async insert(c: NewChannel): Promise<void> {
    await this.db.run(
      `INSERT INTO channels (id, kind, name, identity, settings, credentials, credits_balance,
           credits_cancellation_scheduled, credits_updated_at, verification, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
      [
        c.id,
        c.kind,
        c.name,
        c.identity,
        JSON.stringify(c.settings),
        c.sealedCredentials,
        c.credits?.balance ?? null,
        int(c.credits?.cancellationScheduled ?? false),
        c.credits?.updatedAt ?? null,
        JSON.stringify(c.verification),
        c.createdAt,
      ],
    );
  }

  async findById(id: string, includeDeleted = false): Promise<Channel | null> {
    const row = await this.db.one<ChannelRow>(
      `${SELECT_CHANNEL} WHERE c.id = $1 ${includeDeleted ? '' : `AND ${LIVE}`}`,
      [id],
    );
    return row ? toChannel(row) : null;
  }

  async identityOf(id: string): Promise<string | null> {
    return (
      (await this.db.one<{ identity: string }>(`SELECT identity FROM channels WHERE id = $1`, [id]))?.identity ?? null
    );
  }

  async kindOf(id: string): Promise<ChannelKind | null> {
    const row = await this.db.one<{ kind: ChannelKind }>(`SELECT c.kind FROM channels c WHERE c.id = $1 AND ${LIVE}`, [
      id,
    ]);
    return row?.kind ?? null;
  }

  async isTrashed(id: string): Promise<boolean> {
    const row = await this.db.one<{ id: string }>(
      `SELECT id FROM channels WHERE id = $1 AND deleted_at IS NULL AND trashed_at IS NOT NULL`,
      [id],
    );
    return row !== undefined;
  }

  async findByIdentity(kind: ChannelKind, identity: string): Promise<Channel | null> {
    const row = await this.db.one<ChannelRow>(
      `${SELECT_CHANNEL} WHERE c.kind = $1 AND c.identity = $2 AND c.deleted_at IS NULL`,
      [kind, identity],
    );
    return row ? toChannel(row) : null;
  }

  async list(): Promise<Channel[]> {
    const rows = await this.db.query<ChannelRow>(`${SELECT_CHANNEL} WHERE ${LIVE} ORDER BY c.created_at, c.id`);
    return rows.map(toChannel);
  }

  async listTrashed(): Promise<Channel[]> {
    const rows = await this.db.query<ChannelRow>(
      `${SELECT_CHANNEL} WHERE c.deleted_at IS NULL AND c.trashed_at IS NOT NULL
        ORDER BY c.trashed_at DESC, c.id`,
    );
    return rows.map(toChannel);
  }

  async listWithTrashed(): Promise<Channel[]> {
    const rows = await this.db.query<ChannelRow>(
      `${SELECT_CHANNEL} WHERE c.deleted_at IS NULL ORDER BY c.created_at, c.id`,
    );
    return rows.map(toChannel);
  }

  async trash(id: string, at: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE channels SET trashed_at = $1, updated_at = $1 WHERE id = $2 AND deleted_at IS NULL AND trashed_at IS NULL`,
      [at, id],
    );
    return changed > 0;
  }

  async restore(id: string, at: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE channels SET trashed_at = NULL, updated_at = $1
        WHERE id = $2 AND deleted_at IS NULL AND trashed_at IS NOT NULL`,
      [at, id],
    );
    return changed > 0;
  }

  async setVerification(id: string, verification: ChannelVerification, at: number): Promise<void> {
    await this.db.run(`UPDATE channels SET verification = $1, updated_at = $2 WHERE id = $3`, [
      JSON.stringify(verification),
      at,
      id,
    ]);
  }

  async update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): Promise<void> {
    await this.db.run(`UPDATE channels SET name = $1, settings = $2, updated_at = $3 WHERE id = $4`, [
      fields.name,
      JSON.stringify(fields.settings),
      at,
      id,
    ]);
  }

  async setCredentials(id: string, sealed: Buffer, at: number): Promise<void> {
    await this.db.run(`UPDATE channels SET credentials = $1, updated_at = $2 WHERE id = $3`, [sealed, at, id]);
  }

  async sealedCredentials(id: string): Promise<Buffer | null> {
    const row = await this.db.one<{ credentials: Buffer }>(`SELECT credentials FROM channels WHERE id = $1`, [id]);
    return row?.credentials ?? null;
  }

  async liveCredentials(id: string): Promise<{ kind: ChannelKind; sealed: Buffer } | null> {
    const row = await this.db.one<{ kind: ChannelKind; credentials: Buffer }>(
      `SELECT c.kind, c.credentials FROM channels c WHERE c.id = $1 AND ${LIVE}`,
      [id],
    );
    return row ? { kind: row.kind, sealed: row.credentials } : null;
  }

  async setCredits(id: string, credits: Credits): Promise<void> {
    await this.db.run(
      `UPDATE channels SET credits_balance = $1, credits_cancellation_scheduled = $2, credits_updated_at = $3,
         credits_low_balance_threshold = $4 WHERE id = $5`,
      [credits.balance, int(credits.cancellationScheduled), credits.updatedAt, credits.lowBalanceThreshold, id],
    );
  }

  async link(channelId: string, agentId: string, at: number): Promise<boolean> {
    const added = await this.db.run(
      `INSERT INTO channel_agents (channel_id, agent_id, linked_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [channelId, agentId, at],
    );
    return added > 0;
  }

  async unlink(channelId: string, agentId: string): Promise<boolean> {
    const removed = await this.db.run(`DELETE FROM channel_agents WHERE channel_id = $1 AND agent_id = $2`, [
      channelId,
      agentId,
    ]);
    return removed > 0;
  }

  async linkedAgentIds(channelId: string): Promise<string[]> {
    const rows = await this.db.query<{ agent_id: string }>(
      `SELECT agent_id FROM channel_agents WHERE channel_id = $1 ORDER BY linked_at, agent_id`,
      [channelId],
    );
    return rows.map((r) => r.agent_id);
  }

  async channelIdsOfAgent(agentId: string): Promise<string[]> {
    const rows = await this.db.query<{ channel_id: string }>(
      `SELECT a.channel_id FROM channel_agents a JOIN channels c ON c.id = a.channel_id
        WHERE a.agent_id = $1 AND ${LIVE} ORDER BY a.channel_id`,
      [agentId],
    );
    return rows.map((r) => r.channel_id);
  }

  async syncedChannelIdsOfAgent(agentId: string): Promise<string[]> {
    const rows = await this.db.query<{ channel_id: string }>(
      `SELECT a.channel_id FROM channel_agents a JOIN channels c ON c.id = a.channel_id
        WHERE a.agent_id = $1 AND c.deleted_at IS NULL ORDER BY a.channel_id`,
      [agentId],
    );
    return rows.map((r) => r.channel_id);
  }
}
