/**
 * What the signed-in agent may do, from their permissions in the session (src/shared/agent-permissions.ts,
 * the table of what the hub requires), with the reason in words when not: screens hide or disable an
 * action and say why instead of offering it and showing the hub's refusal. The session follows an
 * admin's change live, so these answers do too.
 */
import { missingPermission, type AgentAction } from '../../../shared/agent-permissions.js';
import type { MessageKey } from '../i18n/en.js';
import { useSession } from '../stores/store-context.js';
import { useT } from './use-t.js';

const REASON: Readonly<Record<AgentAction, MessageKey>> = {
  read: 'agents.needs.read',
  reply: 'agents.needs.reply',
  note: 'agents.needs.note',
  status: 'agents.needs.status',
  snooze: 'agents.needs.snooze',
  labels: 'agents.needs.labels',
  assign: 'agents.needs.assign',
  trashContact: 'agents.needs.trashContact',
  editContact: 'contactEdit.needsUpdate',
};

export interface PermissionCheck {
  readonly allowed: boolean;
  /** Why not, in the agent's language; null when allowed. */
  readonly reason: string | null;
}

export function usePermission(action: AgentAction): PermissionCheck {
  const { t } = useT();
  const missing = useSession((s) => (s.session ? missingPermission(s.session.agent, action) : null));
  return missing === null ? { allowed: true, reason: null } : { allowed: false, reason: t(REASON[action]) };
}
