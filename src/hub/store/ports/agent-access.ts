export interface StoredInvitation {
  readonly tokenHash: string;
  readonly agentId: string;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
}

export interface AgentAccessRepository {
  isPasswordChangeRequired(agentId: string): Promise<boolean>;
  setPasswordChangeRequired(agentId: string, required: boolean): Promise<void>;
  /** Every agent that must still replace a temporary password. */
  passwordChangeRequiredIds(): Promise<Set<string>>;
  insertInvitation(invitation: StoredInvitation): Promise<void>;
  findInvitation(tokenHash: string): Promise<StoredInvitation | null>;
  /** False when it was used meanwhile (two tabs racing with the same link). */
  markInvitationUsed(tokenHash: string, at: number): Promise<boolean>;
  /** The agent's unused invitations stop working (a newer one, a reset, deactivation). */
  revokeInvitationsOf(agentId: string): Promise<void>;
  /** The newest unused invitation's expiry per agent that has one. */
  pendingInvitationExpiries(): Promise<Map<string, number>>;
  /** Open and pending conversations per assignee (resolved ones keep their assignee as history). */
  countUnresolvedByAssignee(): Promise<Map<string, number>>;
  unresolvedConversationIdsOf(agentId: string): Promise<string[]>;
}
