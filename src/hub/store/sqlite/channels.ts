/** Channels, their sealed credentials, credits and linked agents. */
import {
  ChannelSettings,
  ChannelVerification,
  type Channel,
  type ChannelHealthSummary,
  type ChannelKind,
  type Credits,
} from '../../../shared/domain.js';
import { CREDIT_COSTS } from '../../credit-costs.js';
import type { SqliteDb } from './db.js';
import { bool, int } from '../json-column.js';
import { readChannelSettings, readChannelVerification } from '../channel-columns.js';
import { once, perKey } from '../../../node-shared/prepared.js';
import type { NewChannel, ChannelRepository } from '../ports/channels.js';

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
}

const COLUMNS = `id, kind, name, settings, credits_balance, credits_cancellation_scheduled, credits_updated_at,
  credits_low_balance_threshold, verification, trashed_at, created_at`;

export class SqliteChannelRepository implements ChannelRepository {
  private readonly findByIdStatement = perKey((includeDeleted: boolean) =>
    this.db.prepare<[string], ChannelRow>(
      `SELECT ${COLUMNS} FROM channels WHERE id = ? ${includeDeleted ? '' : 'AND deleted_at IS NULL AND trashed_at IS NULL'}`,
    ),
  );
  private readonly insertStatement = once(() =>
    this.db.prepare(`INSERT INTO channels (id, kind, name, identity, settings, credentials, credits_balance,
           credits_cancellation_scheduled, credits_updated_at, verification, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly kindOfStatement = once(() =>
    this.db.prepare<[string], { kind: ChannelKind }>(
      `SELECT kind FROM channels WHERE id = ? AND deleted_at IS NULL AND trashed_at IS NULL`,
    ),
  );
  private readonly isTrashedStatement = once(() =>
    this.db.prepare<[string], { id: string }>(
      `SELECT id FROM channels WHERE id = ? AND deleted_at IS NULL AND trashed_at IS NOT NULL`,
    ),
  );
  private readonly identityOfStatement = once(() =>
    this.db.prepare<[string], { identity: string }>(`SELECT identity FROM channels WHERE id = ?`),
  );
  private readonly findByIdentityStatement = once(() =>
    this.db.prepare<[string, string], ChannelRow>(
      `SELECT ${COLUMNS} FROM channels WHERE kind = ? AND identity = ? AND deleted_at IS NULL`,
    ),
  );
  private readonly listStatement = once(() =>
    this.db.prepare<[], ChannelRow>(
      `SELECT ${COLUMNS} FROM channels WHERE deleted_at IS NULL AND trashed_at IS NULL ORDER BY created_at, id`,
    ),
  );
  private readonly listTrashedStatement = once(() =>
    this.db.prepare<[], ChannelRow>(
      `SELECT ${COLUMNS} FROM channels WHERE deleted_at IS NULL AND trashed_at IS NOT NULL ORDER BY trashed_at DESC, id`,
    ),
  );
  private readonly listWithTrashedStatement = once(() =>
    this.db.prepare<[], ChannelRow>(`SELECT ${COLUMNS} FROM channels WHERE deleted_at IS NULL ORDER BY created_at, id`),
  );
  private readonly trashStatement = once(() =>
    this.db.prepare(
      `UPDATE channels SET trashed_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL AND trashed_at IS NULL`,
    ),
  );
  private readonly restoreStatement = once(() =>
    this.db.prepare(
      `UPDATE channels SET trashed_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NULL AND trashed_at IS NOT NULL`,
    ),
  );
  private readonly setVerificationStatement = once(() =>
    this.db.prepare(`UPDATE channels SET verification = ?, updated_at = ? WHERE id = ?`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(`UPDATE channels SET name = ?, settings = ?, updated_at = ? WHERE id = ?`),
  );
  private readonly setCredentialsStatement = once(() =>
    this.db.prepare(`UPDATE channels SET credentials = ?, updated_at = ? WHERE id = ?`),
  );
  private readonly sealedCredentialsStatement = once(() =>
    this.db.prepare<[string], { credentials: Buffer }>(`SELECT credentials FROM channels WHERE id = ?`),
  );
  private readonly liveCredentialsStatement = once(() =>
    this.db.prepare<[string], { kind: ChannelKind; credentials: Buffer }>(
      `SELECT kind, credentials FROM channels WHERE id = ? AND deleted_at IS NULL AND trashed_at IS NULL`,
    ),
  );
  private readonly setCreditsStatement = once(() =>
    this.db.prepare(
      `UPDATE channels SET credits_balance = ?, credits_cancellation_scheduled = ?, credits_updated_at = ?,
         credits_low_balance_threshold = ? WHERE id = ?`,
    ),
  );
  private readonly linkStatement = once(() =>
    this.db.prepare(`INSERT OR IGNORE INTO channel_agents (channel_id, agent_id, linked_at) VALUES (?, ?, ?)`),
  );
  private readonly unlinkStatement = once(() =>
    this.db.prepare(`DELETE FROM channel_agents WHERE channel_id = ? AND agent_id = ?`),
  );
  private readonly linkedAgentIdsStatement = once(() =>
    this.db.prepare<[string], { agent_id: string }>(
      `SELECT agent_id FROM channel_agents WHERE channel_id = ? ORDER BY linked_at, agent_id`,
    ),
  );
  private readonly channelIdsOfAgentStatement = once(() =>
    this.db.prepare<
      [string],
      { channel_id: string }
    >(`SELECT ca.channel_id FROM channel_agents ca JOIN channels c ON c.id = ca.channel_id
         WHERE ca.agent_id = ? AND c.deleted_at IS NULL AND c.trashed_at IS NULL ORDER BY ca.channel_id`),
  );
  private readonly syncedChannelIdsOfAgentStatement = once(() =>
    this.db.prepare<
      [string],
      { channel_id: string }
    >(`SELECT ca.channel_id FROM channel_agents ca JOIN channels c ON c.id = ca.channel_id
         WHERE ca.agent_id = ? AND c.deleted_at IS NULL ORDER BY ca.channel_id`),
  );

  /**
   * Linked agent ids per channel. Every webhook looks its channel up (with
   * 200 linked agents that was ≈6 % of the hub's CPU), links change rarely,
   * and only this repository writes channel_agents (link and unlink drop
   * the entry; the hub process is the only writer of links).
   */
  private readonly linked = new Map<string, readonly string[]>();
  /**
   * Channels whose links the open transaction changed: read from the table until it ends (the change may
   * still roll back; transactionEnded, wired in store.ts). Every other channel's links inside a transaction are
   * the committed ones (one connection, one writer), so they are read from, and remembered in, the cache:
   * routing reads a channel's links at each pick.
   */
  private readonly touched = new Set<string>();

  constructor(
    private readonly db: SqliteDb,
    /** The channel's health summary (channel-health.ts); none before the hub first judged it. */
    private readonly healthOf: (channelId: string) => Promise<ChannelHealthSummary | null> = async () => null,
  ) {}

  private async toChannel(row: ChannelRow): Promise<Channel> {
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
    const health = await this.healthOf(row.id);
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      settings: readChannelSettings(row.settings, row.id),
      linkedAgentIds: await this.linkedAgentIds(row.id),
      credits,
      createdAt: row.created_at,
      ...(health ? { health } : {}),
      verification: readChannelVerification(row.verification, row.id),
      trashedAt: row.trashed_at,
    };
  }

  async insert(c: NewChannel): Promise<void> {
    this.insertStatement().run(
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
      c.createdAt,
    );
  }

  async findById(id: string, includeDeleted = false): Promise<Channel | null> {
    const row = this.findByIdStatement(includeDeleted).get(id);
    return row ? await this.toChannel(row) : null;
  }

  async identityOf(id: string): Promise<string | null> {
    return this.identityOfStatement().get(id)?.identity ?? null;
  }

  async kindOf(id: string): Promise<ChannelKind | null> {
    return this.kindOfStatement().get(id)?.kind ?? null;
  }

  async isTrashed(id: string): Promise<boolean> {
    return this.isTrashedStatement().get(id) !== undefined;
  }

  async findByIdentity(kind: ChannelKind, identity: string): Promise<Channel | null> {
    const row = this.findByIdentityStatement().get(kind, identity);
    return row ? await this.toChannel(row) : null;
  }

  async list(): Promise<Channel[]> {
    return await Promise.all(
      this.listStatement()
        .all()
        .map(async (row) => await this.toChannel(row)),
    );
  }

  async listTrashed(): Promise<Channel[]> {
    return await Promise.all(
      this.listTrashedStatement()
        .all()
        .map(async (row) => await this.toChannel(row)),
    );
  }

  async listWithTrashed(): Promise<Channel[]> {
    return await Promise.all(
      this.listWithTrashedStatement()
        .all()
        .map(async (row) => await this.toChannel(row)),
    );
  }

  async trash(id: string, at: number): Promise<boolean> {
    return this.trashStatement().run(at, at, id).changes > 0;
  }

  async restore(id: string, at: number): Promise<boolean> {
    return this.restoreStatement().run(at, id).changes > 0;
  }

  async setVerification(id: string, verification: ChannelVerification, at: number): Promise<void> {
    this.setVerificationStatement().run(JSON.stringify(verification), at, id);
  }

  async update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): Promise<void> {
    this.updateStatement().run(fields.name, JSON.stringify(fields.settings), at, id);
  }

  async setCredentials(id: string, sealed: Buffer, at: number): Promise<void> {
    this.setCredentialsStatement().run(sealed, at, id);
  }

  async sealedCredentials(id: string): Promise<Buffer | null> {
    return this.sealedCredentialsStatement().get(id)?.credentials ?? null;
  }

  async liveCredentials(id: string): Promise<{ kind: ChannelKind; sealed: Buffer } | null> {
    const row = this.liveCredentialsStatement().get(id);
    return row ? { kind: row.kind, sealed: row.credentials } : null;
  }

  async setCredits(id: string, credits: Credits): Promise<void> {
    this.setCreditsStatement().run(
      credits.balance,
      int(credits.cancellationScheduled),
      credits.updatedAt,
      credits.lowBalanceThreshold,
      id,
    );
  }

  async link(channelId: string, agentId: string, at: number): Promise<boolean> {
    this.touch(channelId);
    return this.linkStatement().run(channelId, agentId, at).changes > 0;
  }

  async unlink(channelId: string, agentId: string): Promise<boolean> {
    this.touch(channelId);
    return this.unlinkStatement().run(channelId, agentId).changes > 0;
  }

  async linkedAgentIds(channelId: string): Promise<string[]> {
    const cached = this.linked.get(channelId);
    if (cached) return [...cached];
    const ids = this.linkedAgentIdsStatement()
      .all(channelId)
      .map((r) => r.agent_id);
    // Only committed state is remembered: a transaction that links and then rolls back leaves nothing behind.
    if (!this.touched.has(channelId)) this.linked.set(channelId, ids);
    return [...ids];
  }

  private touch(channelId: string): void {
    this.linked.delete(channelId);
    if (this.db.inTransaction) this.touched.add(channelId);
  }

  /** The transaction ended: what it changed is committed or gone, and read afresh next time. */
  transactionEnded(): void {
    for (const channelId of this.touched) this.linked.delete(channelId);
    this.touched.clear();
  }

  async channelIdsOfAgent(agentId: string): Promise<string[]> {
    return this.channelIdsOfAgentStatement()
      .all(agentId)
      .map((r) => r.channel_id);
  }

  async syncedChannelIdsOfAgent(agentId: string): Promise<string[]> {
    return this.syncedChannelIdsOfAgentStatement()
      .all(agentId)
      .map((r) => r.channel_id);
  }
}
