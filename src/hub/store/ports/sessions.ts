export interface StoredSession {
  readonly tokenHash: string;
  readonly agentId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
  /** Opened with a temporary password: it may only replace it (and sign out) until then. */
  readonly passwordChangeRequired: boolean;
}

export interface SessionRepository {
  insert(session: StoredSession): void;
  find(tokenHash: string): StoredSession | null;
  revoke(tokenHash: string, at: number): void;
  revokeAllOfAgent(agentId: string, at: number): void;
  /** Every session of the agent but `keptTokenHash`'s. */
  revokeOthersOfAgent(agentId: string, keptTokenHash: string, at: number): void;
  deleteExpired(now: number): number;
  /** The session replaced its temporary password: it opens everything again. */
  clearPasswordChangeRequired(tokenHash: string): void;
}
