/**
 * Agent access: the "must replace a temporary password" mark, invitation
 * tokens (their sha256 only, single use, with an expiry) and the agents'
 * unresolved workload that deactivation re-routes.
 */
import type { SqliteDb } from './db.js';
import { bool, int } from '../json-column.js';
import { once } from '../../../node-shared/prepared.js';
import type { StoredInvitation, AgentAccessRepository } from '../ports/agent-access.js';

interface InvitationRow {
  token_hash: string;
  agent_id: string;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export class SqliteAgentAccessRepository implements AgentAccessRepository {
  private readonly isRequiredStatement = once(() =>
    this.db.prepare<[string], { password_change_required: number }>(
      `SELECT password_change_required FROM agents WHERE id = ?`,
    ),
  );
  private readonly setRequiredStatement = once(() =>
    this.db.prepare(`UPDATE agents SET password_change_required = ? WHERE id = ?`),
  );
  private readonly requiredIdsStatement = once(() =>
    this.db.prepare<[], { id: string }>(`SELECT id FROM agents WHERE password_change_required = 1`),
  );
  private readonly insertInvitationStatement = once(() =>
    this.db.prepare(
      `INSERT INTO agent_invitations (token_hash, agent_id, created_by, created_at, expires_at, used_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  );
  private readonly findInvitationStatement = once(() =>
    this.db.prepare<[string], InvitationRow>(`SELECT * FROM agent_invitations WHERE token_hash = ?`),
  );
  private readonly markUsedStatement = once(() =>
    this.db.prepare(`UPDATE agent_invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`),
  );
  private readonly revokeOfAgentStatement = once(() =>
    this.db.prepare(`DELETE FROM agent_invitations WHERE agent_id = ? AND used_at IS NULL`),
  );
  private readonly pendingStatement = once(() =>
    this.db.prepare<[], { agent_id: string; expires_at: number }>(
      `SELECT agent_id, max(expires_at) AS expires_at FROM agent_invitations WHERE used_at IS NULL GROUP BY agent_id`,
    ),
  );
  private readonly countUnresolvedStatement = once(() =>
    this.db.prepare<[], { assignee_id: string; n: number }>(
      `SELECT assignee_id, count(*) AS n FROM conversations
         WHERE assignee_id IS NOT NULL AND status <> 'resolved' GROUP BY assignee_id`,
    ),
  );
  private readonly unresolvedOfStatement = once(() =>
    this.db.prepare<[string], { id: string }>(
      // conversations_open_by_assignee (assignee_id, status) serves this.
      `SELECT id FROM conversations WHERE assignee_id = ? AND status <> 'resolved' ORDER BY last_message_at, id`,
    ),
  );

  constructor(private readonly db: SqliteDb) {}

  async isPasswordChangeRequired(agentId: string): Promise<boolean> {
    const row = this.isRequiredStatement().get(agentId);
    return row ? bool(row.password_change_required) : false;
  }

  async setPasswordChangeRequired(agentId: string, required: boolean): Promise<void> {
    this.setRequiredStatement().run(int(required), agentId);
  }

  async passwordChangeRequiredIds(): Promise<Set<string>> {
    return new Set(
      this.requiredIdsStatement()
        .all()
        .map((r) => r.id),
    );
  }

  async insertInvitation(i: StoredInvitation): Promise<void> {
    this.insertInvitationStatement().run(i.tokenHash, i.agentId, i.createdBy, i.createdAt, i.expiresAt, i.usedAt);
  }

  async findInvitation(tokenHash: string): Promise<StoredInvitation | null> {
    const row = this.findInvitationStatement().get(tokenHash);
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
    return this.markUsedStatement().run(at, tokenHash).changes > 0;
  }

  async revokeInvitationsOf(agentId: string): Promise<void> {
    this.revokeOfAgentStatement().run(agentId);
  }

  async pendingInvitationExpiries(): Promise<Map<string, number>> {
    return new Map(
      this.pendingStatement()
        .all()
        .map((r) => [r.agent_id, r.expires_at]),
    );
  }

  async countUnresolvedByAssignee(): Promise<Map<string, number>> {
    return new Map(
      this.countUnresolvedStatement()
        .all()
        .map((r) => [r.assignee_id, r.n]),
    );
  }

  async unresolvedConversationIdsOf(agentId: string): Promise<string[]> {
    return this.unresolvedOfStatement()
      .all(agentId)
      .map((r) => r.id);
  }
}
