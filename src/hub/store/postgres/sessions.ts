/** Login sessions on Postgres (as store/sqlite/sessions.ts): only the sha256 of each bearer token is kept. */
import type { SessionRepository, StoredSession } from '../ports/sessions.js';
import { bool, int } from '../json-column.js';
import type { PgDb } from './db.js';

interface SessionRow {
  token_hash: string;
  agent_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  password_change_required: number;
}

export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly db: PgDb) {}

  async insert(s: StoredSession): Promise<void> {
    await this.db.run(
      `INSERT INTO sessions (token_hash, agent_id, created_at, expires_at, revoked_at, password_change_required)
         VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.agentId, s.createdAt, s.expiresAt, s.revokedAt, int(s.passwordChangeRequired)],
    );
  }

  async find(tokenHash: string): Promise<StoredSession | null> {
    const row = await this.db.one<SessionRow>(
      `SELECT token_hash, agent_id, created_at, expires_at, revoked_at, password_change_required FROM sessions
         WHERE token_hash = $1`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      agentId: row.agent_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      passwordChangeRequired: bool(row.password_change_required),
    };
  }

  async revoke(tokenHash: string, at: number): Promise<void> {
    await this.db.run(`UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`, [
      at,
      tokenHash,
    ]);
  }

  async revokeAllOfAgent(agentId: string, at: number): Promise<void> {
    await this.db.run(`UPDATE sessions SET revoked_at = $1 WHERE agent_id = $2 AND revoked_at IS NULL`, [at, agentId]);
  }

  async revokeOthersOfAgent(agentId: string, keptTokenHash: string, at: number): Promise<void> {
    await this.db.run(
      `UPDATE sessions SET revoked_at = $1 WHERE agent_id = $2 AND token_hash <> $3 AND revoked_at IS NULL`,
      [at, agentId, keptTokenHash],
    );
  }

  async deleteExpired(now: number): Promise<number> {
    return this.db.run(`DELETE FROM sessions WHERE expires_at < $1`, [now]);
  }

  async clearPasswordChangeRequired(tokenHash: string): Promise<void> {
    await this.db.run(`UPDATE sessions SET password_change_required = 0 WHERE token_hash = $1`, [tokenHash]);
  }
}
