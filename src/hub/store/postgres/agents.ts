/** Agents and their password hashes on Postgres (as store/sqlite/agents.ts). */
import { readPermissions, type AgentCredentials, type AgentRepository, type StoredAgent } from '../ports/agents.js';
import { bool, int } from '../json-column.js';
import type { PgDb } from './db.js';

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  permissions: string;
  password_hash: string;
  active: number;
  created_at: number;
  capacity: number | null;
}

const COLUMNS = `id, email, name, role, permissions, password_hash, active, created_at, capacity`;

function toAgent(row: AgentRow): StoredAgent {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    permissions: readPermissions(row.permissions, row.id),
    active: bool(row.active),
    createdAt: row.created_at,
    capacity: row.capacity,
  };
}

export class PostgresAgentRepository implements AgentRepository {
  constructor(private readonly db: PgDb) {}

  async insert(agent: StoredAgent, passwordHash: string): Promise<void> {
    await this.db.run(
      `INSERT INTO agents (id, email, name, role, permissions, password_hash, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        agent.id,
        agent.email,
        agent.name,
        agent.role,
        JSON.stringify(agent.permissions),
        passwordHash,
        int(agent.active),
        agent.createdAt,
        agent.createdAt,
      ],
    );
  }

  async update(agent: StoredAgent, updatedAt: number): Promise<void> {
    await this.db.run(
      `UPDATE agents SET name = $1, role = $2, permissions = $3, active = $4, capacity = $5, updated_at = $6 WHERE id = $7`,
      [
        agent.name,
        agent.role,
        JSON.stringify(agent.permissions),
        int(agent.active),
        agent.capacity ?? null,
        updatedAt,
        agent.id,
      ],
    );
  }

  async setPasswordHash(id: string, passwordHash: string, updatedAt: number): Promise<void> {
    await this.db.run(`UPDATE agents SET password_hash = $1, updated_at = $2 WHERE id = $3`, [
      passwordHash,
      updatedAt,
      id,
    ]);
  }

  async findById(id: string): Promise<StoredAgent | null> {
    const row = await this.db.one<AgentRow>(`SELECT ${COLUMNS} FROM agents WHERE id = $1`, [id]);
    return row ? toAgent(row) : null;
  }

  async findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    // SQLite's email column is COLLATE NOCASE: the index on lower(email) serves this (migrations/0001).
    const row = await this.db.one<AgentRow>(`SELECT ${COLUMNS} FROM agents WHERE lower(email) = lower($1)`, [email]);
    return row ? { agent: toAgent(row), passwordHash: row.password_hash } : null;
  }

  async list(): Promise<StoredAgent[]> {
    const rows = await this.db.query<AgentRow>(`SELECT ${COLUMNS} FROM agents ORDER BY created_at, id`);
    return rows.map(toAgent);
  }

  async count(): Promise<number> {
    const row = await this.db.one<{ n: number }>(`SELECT count(*) AS n FROM agents`);
    return row?.n ?? 0;
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db.one<{ n: number }>(
      `SELECT count(*) AS n FROM agents WHERE role = 'admin' AND active = 1`,
    );
    return row?.n ?? 0;
  }
}
