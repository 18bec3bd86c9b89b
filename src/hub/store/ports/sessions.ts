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
  insert(session: StoredSession): Promise<void>;
  find(tokenHash: string): Promise<StoredSession | null>;
  revoke(tokenHash: string, at: number): Promise<void>;
  revokeAllOfAgent(agentId: string, at: number): Promise<void>;
  /** Every session of the agent but `keptTokenHash`'s. */
  revokeOthersOfAgent(agentId: string, keptTokenHash: string, at: number): Promise<void>;
  deleteExpired(now: number): Promise<number>;
  /** The session replaced its temporary password: it opens everything again. */
  clearPasswordChangeRequired(tokenHash: string): Promise<void>;
}
