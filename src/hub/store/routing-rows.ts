/** A routing candidate's row as both stores read it (RoutingRepository.candidates), and the record it becomes. */
import { bool } from './json-column.js';
import { readPermissions } from './ports/agents.js';
import type { RoutingCandidate } from './ports/routing.js';

export interface CandidateRow {
  id: string;
  role: 'admin' | 'agent';
  active: number;
  permissions: string;
  capacity: number | null;
  open: number;
  open_here: number;
  last_assigned_at: number | null;
}

export function toCandidate(row: CandidateRow): RoutingCandidate {
  return {
    agentId: row.id,
    role: row.role,
    active: bool(row.active),
    permissions: readPermissions(row.permissions, row.id),
    capacity: row.capacity,
    open: row.open,
    openOnChannel: row.open_here,
    lastAssignedAt: row.last_assigned_at,
  };
}
