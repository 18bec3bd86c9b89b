export interface StoredInvitation {
  readonly tokenHash: string;
  readonly agentId: string;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface AgentAccessRepository {
  isPasswordChangeRequired(agentId: string): boolean;
  setPasswordChangeRequired(agentId: string, required: boolean): void;
  /** Every agent that must still replace a temporary password. */
  passwordChangeRequiredIds(): Set<string>;
  insertInvitation(invitation: StoredInvitation): void;
  findInvitation(tokenHash: string): StoredInvitation | null;
  /** False when it was used meanwhile (two tabs racing with the same link). */
  markInvitationUsed(tokenHash: string, at: number): boolean;
  /** The agent's unused invitations stop working (a newer one, a reset, deactivation). */
  revokeInvitationsOf(agentId: string): void;
  /** The newest unused invitation's expiry per agent that has one. */
  pendingInvitationExpiries(): Map<string, number>;
  /** Open and pending conversations per assignee (resolved ones keep their assignee as history). */
  countUnresolvedByAssignee(): Map<string, number>;
  unresolvedConversationIdsOf(agentId: string): string[];
}
