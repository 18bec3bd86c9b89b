/** Agent access on Postgres (as store/sqlite/agent-access.ts): the temporary-password mark, invitations, workload. */
import type { AgentAccessRepository, StoredInvitation } from '../ports/agent-access.js';
import { bool, int } from '../json-column.js';
import type { PgDb } from './db.js';

interface InvitationRow {
  token_hash: string;
  agent_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export class PostgresAgentAccessRepository implements AgentAccessRepository {
  constructor(private readonly db: PgDb) {}

  async isPasswordChangeRequired(agentId: string): Promise<boolean> {
    const row = await this.db.one<{ password_change_required: number }>(
      `SELECT password_change_required FROM agents WHERE id = $1`,
      [agentId],
    );
    return row ? bool(row.password_change_required) : false;
  }

  async setPasswordChangeRequired(agentId: string, required: boolean): Promise<void> {
    await this.db.run(`UPDATE agents SET password_change_required = $1 WHERE id = $2`, [int(required), agentId]);
  }

  async passwordChangeRequiredIds(): Promise<Set<string>> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM agents WHERE password_change_required = 1`);
    return new Set(rows.map((r) => r.id));
  }

  async insertInvitation(i: StoredInvitation): Promise<void> {
    await this.db.run(
      `INSERT INTO agent_invitations (token_hash, agent_id, created_by, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
      [i.tokenHash, i.agentId, i.createdBy, i.createdAt, i.expiresAt, i.usedAt],
    );
  }

  async findInvitation(tokenHash: string): Promise<StoredInvitation | null> {
    const row = await this.db.one<InvitationRow>(
      `SELECT token_hash, agent_id, created_by, created_at, expires_at, used_at FROM agent_invitations
         WHERE token_hash = $1`,
      [tokenHash],
    );
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      agentId: row.agent_id,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  async markInvitationUsed(tokenHash: string, at: number): Promise<boolean> {
    // The second of two racing tabs waits on the row, then finds used_at set: 0 rows.
    const changed = await this.db.run(
      `UPDATE agent_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL`,
      [at, tokenHash],
    );
    return changed > 0;
  }

  async revokeInvitationsOf(agentId: string): Promise<void> {
    await this.db.run(`DELETE FROM agent_invitations WHERE agent_id = $1 AND used_at IS NULL`, [agentId]);
  }

  async pendingInvitationExpiries(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ agent_id: string; expires_at: number }>(
      `SELECT agent_id, max(expires_at) AS expires_at FROM agent_invitations WHERE used_at IS NULL GROUP BY agent_id`,
    );
    return new Map(rows.map((r) => [r.agent_id, r.expires_at]));
  }

  async countUnresolvedByAssignee(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ assignee_id: string; n: number }>(
      `SELECT assignee_id, count(*) AS n FROM conversations
         WHERE assignee_id IS NOT NULL AND status <> 'resolved' GROUP BY assignee_id`,
    );
    return new Map(rows.map((r) => [r.assignee_id, r.n]));
  }

  async unresolvedConversationIdsOf(agentId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM conversations WHERE assignee_id = $1 AND status <> 'resolved' ORDER BY last_message_at, id`,
      [agentId],
    );
    return rows.map((r) => r.id);
  }
}
