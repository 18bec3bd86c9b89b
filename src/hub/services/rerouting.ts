/**
 * Re-routing a deactivated agent's work (issue 12 §2, issue 14 §2): each of
 * their unresolved conversations leaves them. One whose customer waits for an
 * answer goes to the next available linked agent or back to the channel's
 * queue, with an activity line saying why; an answered or pending one goes to
 * an available agent or stays unassigned, visible to every linked agent
 * (services/routing/router.ts). Runs inside the deactivation's write, after
 * the agent was marked inactive, so the assignment rule (assignee-rule.ts)
 * never picks them again. Resolved conversations keep their assignee: they
 * are history.
 */
import type { HubContext } from './context.js';
import type { Router } from './routing/router.js';
import type { WriteScope } from './writer.js';

export class ConversationRerouter {
  constructor(
    private readonly ctx: HubContext,
    private readonly router: Router,
  ) {}

  /** Re-routes every unresolved conversation assigned to `agentId`; returns how many moved. */
  async rerouteFrom(scope: WriteScope, agentId: string): Promise<number> {
    const ids = await this.ctx.store.agentAccess.unresolvedConversationIdsOf(agentId);
    const moved = await this.router.rerouteFrom(scope, agentId, ids);
    if (moved > 0) this.ctx.log.info({ agentId, moved }, 'deactivated agent’s conversations re-routed');
    return moved;
  }
}
