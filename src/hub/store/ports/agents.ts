import { type Agent } from '../../../shared/domain.js';

export interface AgentCredentials {
  readonly agent: StoredAgent;
  readonly passwordHash: string;
}

export interface AgentRepository {
  insert(agent: StoredAgent, passwordHash: string): Promise<void>;
  update(agent: StoredAgent, updatedAt: number): Promise<void>;
  setPasswordHash(id: string, passwordHash: string, updatedAt: number): Promise<void>;
  findById(id: string): Promise<StoredAgent | null>;
  /** The agents among `ids` that exist, in no particular order (one query for many). */
  findByIds(ids: readonly string[]): Promise<StoredAgent[]>;
  findCredentialsByEmail(email: string): Promise<AgentCredentials | null>;
  list(): Promise<StoredAgent[]>;
  count(): Promise<number>;
  countActiveAdmins(): Promise<number>;
}

export type StoredAgent = Omit<Agent, 'presence'>;
