/**
 * Who may be given a conversation (SPEC §3, FAQ 39, 59): an active agent
 * linked to the conversation's channel who may read it — the `view`
 * permission, which admins have implicitly. One rule for the hub's manual and
 * automatic assignment and the client's reassign list, so an agent the list
 * offers is one the hub accepts, and one the hub picks is one who can see the
 * conversation.
 */
import type { Agent } from './domain.js';

export type AssigneeRefusal = 'AGENT_INACTIVE' | 'NOT_LINKED_TO_CHANNEL';

/** Null when `agent` may be assigned on a channel it is (or is not) linked to; else the error code. */
export function assigneeRefusal(
  agent: Pick<Agent, 'role' | 'active' | 'permissions'>,
  isLinked: boolean,
): AssigneeRefusal | null {
  if (!agent.active) return 'AGENT_INACTIVE';
  // Without view the agent could not open what it is given: refused like an unlinked one.
  if (!isLinked || (agent.role !== 'admin' && !agent.permissions.view)) return 'NOT_LINKED_TO_CHANNEL';
  return null;
}

export function isAssignable(agent: Pick<Agent, 'role' | 'active' | 'permissions'>, isLinked: boolean): boolean {
  return assigneeRefusal(agent, isLinked) === null;
}
