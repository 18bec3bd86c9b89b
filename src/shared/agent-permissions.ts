/**
 * Which of the four permissions (SPEC §6, FAQ 59) each agent action needs, as
 * the hub enforces them (src/hub/services/actor.ts and the services that call
 * requirePermission): view → read, create → send replies, notes and files,
 * update → status, snooze, labels and assignment, delete → trash contacts.
 * Admins have every permission. The desktop app reads this table to hide or
 * disable what the signed-in agent may not do, so nothing is offered that the
 * hub would refuse.
 */
import type { Agent, Permissions } from './domain.js';

export const AGENT_ACTIONS = [
  'read',
  'reply',
  'note',
  'status',
  'snooze',
  'labels',
  'assign',
  'trashContact',
  'editContact',
] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

export const ACTION_PERMISSION: Readonly<Record<AgentAction, keyof Permissions>> = {
  read: 'view',
  reply: 'create',
  note: 'create',
  status: 'update',
  snooze: 'update',
  labels: 'update',
  assign: 'update',
  trashContact: 'delete',
  /** Renaming a contact and its notes (PATCH /api/contacts/:id). */
  editContact: 'update',
};

/** The permission the agent lacks for `action`, or null when the agent may do it. */
export function missingPermission(
  agent: Pick<Agent, 'role' | 'permissions'>,
  action: AgentAction,
): keyof Permissions | null {
  if (agent.role === 'admin') return null;
  const needed = ACTION_PERMISSION[action];
  return agent.permissions[needed] ? null : needed;
}

export function mayDo(agent: Pick<Agent, 'role' | 'permissions'>, action: AgentAction): boolean {
  return missingPermission(agent, action) === null;
}
