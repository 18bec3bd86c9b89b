/** Login sessions: only the sha256 of each bearer token is kept. */
import type { SqliteDb } from './db.js';
import { bool, int } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import type { StoredSession, SessionRepository } from '../ports/sessions.js';

interface SessionRow {
  token_hash: string;
  agent_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  password_change_required: number;
}

export class SqliteSessionRepository implements SessionRepository {
  private readonly insertStatement = once(() =>
    this.db.prepare(
      `INSERT INTO sessions (token_hash, agent_id, created_at, expires_at, revoked_at, password_change_required)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  );
  private readonly findStatement = once(() =>
    this.db.prepare<[string], SessionRow>(`SELECT * FROM sessions WHERE token_hash = ?`),
  );
  private readonly revokeStatement = once(() =>
    this.db.prepare(`UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`),
  );
  private readonly revokeAllOfAgentStatement = once(() =>
    this.db.prepare(`UPDATE sessions SET revoked_at = ? WHERE agent_id = ? AND revoked_at IS NULL`),
  );
  private readonly revokeOthersOfAgentStatement = once(() =>
    this.db.prepare(`UPDATE sessions SET revoked_at = ? WHERE agent_id = ? AND token_hash <> ? AND revoked_at IS NULL`),
  );
  private readonly deleteExpiredStatement = once(() => this.db.prepare(`DELETE FROM sessions WHERE expires_at < ?`));
  private readonly clearPasswordChangeRequiredStatement = once(() =>
    this.db.prepare(`UPDATE sessions SET password_change_required = 0 WHERE token_hash = ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(s: StoredSession): Promise<void> {
    this.insertStatement().run(
      s.tokenHash,
      s.agentId,
      s.createdAt,
      s.expiresAt,
      s.revokedAt,
      int(s.passwordChangeRequired),
    );
  }

  async find(tokenHash: string): Promise<StoredSession | null> {
    const row = this.findStatement().get(tokenHash);
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
    this.revokeStatement().run(at, tokenHash);
  }

  async revokeAllOfAgent(agentId: string, at: number): Promise<void> {
    this.revokeAllOfAgentStatement().run(at, agentId);
  }

  async revokeOthersOfAgent(agentId: string, keptTokenHash: string, at: number): Promise<void> {
    this.revokeOthersOfAgentStatement().run(at, agentId, keptTokenHash);
  }

  async deleteExpired(now: number): Promise<number> {
    return this.deleteExpiredStatement().run(now).changes;
  }

  async clearPasswordChangeRequired(tokenHash: string): Promise<void> {
    this.clearPasswordChangeRequiredStatement().run(tokenHash);
  }
}
