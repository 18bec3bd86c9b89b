import { type Agent } from '../../../shared/domain';

export interface AgentCredentials {
  readonly agent: StoredAgent;
  readonly passwordHash: string;
}

export interface AgentRepository {
  insert(agent: StoredAgent, passwordHash: string): void;
  update(agent: StoredAgent, updatedAt: number): void;
  setPasswordHash(id: string, passwordHash: string, updatedAt: number): void;
  findById(id: string): StoredAgent | null;
  /** The agents among `ids` that exist, in no particular order (one query for many). */
  findByIds(ids: readonly string[]): StoredAgent[];
  findCredentialsByEmail(email: string): AgentCredentials | null;
  list(): StoredAgent[];
  count(): number;
  countActiveAdmins(): number;
}

export type StoredAgent = Omit<Agent, 'presence'>;
