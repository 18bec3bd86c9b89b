import { type Agent, Permissions } from '../../../shared/domain.js';
import { memoReadJson } from '../json-column.js';

/** What a row whose permissions cannot be read gets: nothing, until an admin sets them again. */
const NO_PERMISSIONS: Permissions = { view: false, create: false, update: false, delete: false };

/** An agent row's permissions text, read back (both stores; the few distinct sets are read once each). */
export const readPermissions = memoReadJson(Permissions, 'agents.permissions', NO_PERMISSIONS);

export interface AgentCredentials {
  readonly agent: StoredAgent;
  readonly passwordHash: string;
}

export interface AgentRepository {
  insert(agent: StoredAgent, passwordHash: string): Promise<void>;
  update(agent: StoredAgent, updatedAt: number): Promise<void>;
  setPasswordHash(id: string, passwordHash: string, updatedAt: number): Promise<void>;
  findById(id: string): Promise<StoredAgent | null>;
  findCredentialsByEmail(email: string): Promise<AgentCredentials | null>;
  list(): Promise<StoredAgent[]>;
  count(): Promise<number>;
  countActiveAdmins(): Promise<number>;
}

export type StoredAgent = Omit<Agent, 'presence'>;
