/** Agents and their password hashes. Presence is not stored: it lives with the sockets. */
import type { SqliteDb } from './db.js';
import { bool, int } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import { readPermissions, type AgentCredentials, type AgentRepository, type StoredAgent } from '../ports/agents.js';

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

export class SqliteAgentRepository implements AgentRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO agents (id, email, name, role, permissions, password_hash, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(
      `UPDATE agents SET name = ?, role = ?, permissions = ?, active = ?, capacity = ?, updated_at = ? WHERE id = ?`,
    ),
  );
  private readonly setPasswordHashStatement = once(() =>
    this.db.prepare(`UPDATE agents SET password_hash = ?, updated_at = ? WHERE id = ?`),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], AgentRow>(`SELECT * FROM agents WHERE id = ?`),
  );
  private readonly findCredentialsByEmailStatement = once(() =>
    this.db.prepare<[string], AgentRow>(`SELECT * FROM agents WHERE email = ?`),
  );
  private readonly listStatement = once(() =>
    this.db.prepare<[], AgentRow>(`SELECT * FROM agents ORDER BY created_at, id`),
  );
  private readonly countStatement = once(() => this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM agents`));
  private readonly countActiveAdminsStatement = once(() =>
    this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM agents WHERE role = 'admin' AND active = 1`),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(agent: StoredAgent, passwordHash: string): Promise<void> {
    this.insertStatement().run(
      agent.id,
      agent.email,
      agent.name,
      agent.role,
      JSON.stringify(agent.permissions),
      passwordHash,
      int(agent.active),
      agent.createdAt,
      agent.createdAt,
    );
  }

  async update(agent: StoredAgent, updatedAt: number): Promise<void> {
    this.updateStatement().run(
      agent.name,
      agent.role,
      JSON.stringify(agent.permissions),
      int(agent.active),
      agent.capacity ?? null,
      updatedAt,
      agent.id,
    );
  }

  async setPasswordHash(id: string, passwordHash: string, updatedAt: number): Promise<void> {
    this.setPasswordHashStatement().run(passwordHash, updatedAt, id);
  }

  async findById(id: string): Promise<StoredAgent | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toAgent(row) : null;
  }

  async findCredentialsByEmail(email: string): Promise<AgentCredentials | null> {
    const row = this.findCredentialsByEmailStatement().get(email);
    return row ? { agent: toAgent(row), passwordHash: row.password_hash } : null;
  }

  async list(): Promise<StoredAgent[]> {
    return this.listStatement().all().map(toAgent);
  }

  async count(): Promise<number> {
    return this.countStatement().get()?.n ?? 0;
  }

  async countActiveAdmins(): Promise<number> {
    return this.countActiveAdminsStatement().get()?.n ?? 0;
  }
}
