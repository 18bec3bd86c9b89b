/** Channels, their sealed credentials, credits and linked agents. */
import { ChannelSettings, type Channel, type ChannelKind, type Credits } from '../../shared/domain.js';
import { CREDIT_COSTS } from '../credit-costs.js';
import type { SqliteDb } from './db.js';
import { bool, int, readJson } from './json-column.js';

export interface NewChannel {
  readonly id: string;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly identity: string;
  readonly settings: ChannelSettings;
  readonly sealedCredentials: Buffer;
  readonly credits: Credits | null;
  readonly createdAt: number;
}

export interface ChannelRepository {
  insert(channel: NewChannel): void;
  /** Deleted channels are only found with includeDeleted. */
  findById(id: string, includeDeleted?: boolean): Channel | null;
  identityOf(id: string): string | null;
  findByIdentity(kind: ChannelKind, identity: string): Channel | null;
  list(): Channel[];
  update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): void;
  setCredentials(id: string, sealed: Buffer, at: number): void;
  sealedCredentials(id: string): Buffer | null;
  setCredits(id: string, credits: Credits): void;
  markDeleted(id: string, at: number): void;
  link(channelId: string, agentId: string, at: number): boolean;
  unlink(channelId: string, agentId: string): boolean;
  linkedAgentIds(channelId: string): string[];
  channelIdsOfAgent(agentId: string): string[];
}

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  name: string;
  settings: string;
  credits_balance: number | null;
  credits_cancellation_scheduled: number;
  credits_updated_at: number | null;
  created_at: number;
}

const COLUMNS = `id, kind, name, settings, credits_balance, credits_cancellation_scheduled, credits_updated_at, created_at`;

export class SqliteChannelRepository implements ChannelRepository {
  constructor(private readonly db: SqliteDb) {}

  private toChannel(row: ChannelRow): Channel {
    const credits: Credits | null =
      row.credits_balance === null
        ? null
        : {
            balance: row.credits_balance,
            cancellationScheduled: bool(row.credits_cancellation_scheduled),
            costs: CREDIT_COSTS,
            updatedAt: row.credits_updated_at ?? row.created_at,
          };
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      settings: readJson(ChannelSettings, row.settings, 'channels.settings'),
      linkedAgentIds: this.linkedAgentIds(row.id),
      credits,
      createdAt: row.created_at,
    };
  }

  insert(c: NewChannel): void {
    this.db
      .prepare(
        `INSERT INTO channels (id, kind, name, identity, settings, credentials, credits_balance,
           credits_cancellation_scheduled, credits_updated_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.id,
        c.kind,
        c.name,
        c.identity,
        JSON.stringify(c.settings),
        c.sealedCredentials,
        c.credits?.balance ?? null,
        int(c.credits?.cancellationScheduled ?? false),
        c.credits?.updatedAt ?? null,
        c.createdAt,
        c.createdAt,
      );
  }

  findById(id: string, includeDeleted = false): Channel | null {
    const row = this.db
      .prepare<[string], ChannelRow>(
        `SELECT ${COLUMNS} FROM channels WHERE id = ? ${includeDeleted ? '' : 'AND deleted_at IS NULL'}`,
      )
      .get(id);
    return row ? this.toChannel(row) : null;
  }

  identityOf(id: string): string | null {
    return (
      this.db.prepare<[string], { identity: string }>(`SELECT identity FROM channels WHERE id = ?`).get(id)?.identity ??
      null
    );
  }

  findByIdentity(kind: ChannelKind, identity: string): Channel | null {
    const row = this.db
      .prepare<[string, string], ChannelRow>(
        `SELECT ${COLUMNS} FROM channels WHERE kind = ? AND identity = ? AND deleted_at IS NULL`,
      )
      .get(kind, identity);
    return row ? this.toChannel(row) : null;
  }

  list(): Channel[] {
    return this.db
      .prepare<[], ChannelRow>(`SELECT ${COLUMNS} FROM channels WHERE deleted_at IS NULL ORDER BY created_at, id`)
      .all()
      .map((row) => this.toChannel(row));
  }

  update(id: string, fields: { name: string; settings: ChannelSettings }, at: number): void {
    this.db
      .prepare(`UPDATE channels SET name = ?, settings = ?, updated_at = ? WHERE id = ?`)
      .run(fields.name, JSON.stringify(fields.settings), at, id);
  }

  setCredentials(id: string, sealed: Buffer, at: number): void {
    this.db.prepare(`UPDATE channels SET credentials = ?, updated_at = ? WHERE id = ?`).run(sealed, at, id);
  }

  sealedCredentials(id: string): Buffer | null {
    return (
      this.db.prepare<[string], { credentials: Buffer }>(`SELECT credentials FROM channels WHERE id = ?`).get(id)
        ?.credentials ?? null
    );
  }

  setCredits(id: string, credits: Credits): void {
    this.db
      .prepare(
        `UPDATE channels SET credits_balance = ?, credits_cancellation_scheduled = ?, credits_updated_at = ? WHERE id = ?`,
      )
      .run(credits.balance, int(credits.cancellationScheduled), credits.updatedAt, id);
  }

  markDeleted(id: string, at: number): void {
    this.db.prepare(`UPDATE channels SET deleted_at = ?, updated_at = ? WHERE id = ?`).run(at, at, id);
    this.db.prepare(`DELETE FROM channel_agents WHERE channel_id = ?`).run(id);
  }

  link(channelId: string, agentId: string, at: number): boolean {
    return (
      this.db
        .prepare(`INSERT OR IGNORE INTO channel_agents (channel_id, agent_id, linked_at) VALUES (?, ?, ?)`)
        .run(channelId, agentId, at).changes > 0
    );
  }

  unlink(channelId: string, agentId: string): boolean {
    return (
      this.db.prepare(`DELETE FROM channel_agents WHERE channel_id = ? AND agent_id = ?`).run(channelId, agentId)
        .changes > 0
    );
  }

  linkedAgentIds(channelId: string): string[] {
    return this.db
      .prepare<[string], { agent_id: string }>(
        `SELECT agent_id FROM channel_agents WHERE channel_id = ? ORDER BY linked_at, agent_id`,
      )
      .all(channelId)
      .map((r) => r.agent_id);
  }

  channelIdsOfAgent(agentId: string): string[] {
    return this.db
      .prepare<[string], { channel_id: string }>(
        `SELECT ca.channel_id FROM channel_agents ca JOIN channels c ON c.id = ca.channel_id
         WHERE ca.agent_id = ? AND c.deleted_at IS NULL ORDER BY ca.channel_id`,
      )
      .all(agentId)
      .map((r) => r.channel_id);
  }
}
