/**
 * Re-routing a deactivated agent's work (issue 12 §2): each of their open or
 * pending conversations is unassigned and handed to the assignment service,
 * which gives it to the online linked agent with the fewest open ones (or
 * leaves it unassigned, visible to every linked agent, when nobody is
 * online). Runs inside the deactivation's write, after the agent was marked
 * inactive, so the assignment rule (assignee-rule.ts) never picks them again.
 * Resolved conversations keep their assignee: they are history.
 */
import { BY_ROUTING } from './activity.js';
import type { AssignmentService } from './assignment.js';
import type { HubContext } from './context.js';
import type { ConversationService } from './conversations.js';
import type { WriteScope } from './writer.js';

export class ConversationRerouter {
  constructor(
    private readonly ctx: HubContext,
    private readonly conversations: ConversationService,
    private readonly assignment: AssignmentService,
  ) {}

  /** Re-routes every unresolved conversation assigned to `agentId`; returns how many moved. */
  rerouteFrom(scope: WriteScope, agentId: string): number {
    let moved = 0;
    for (const id of this.ctx.store.agentAccess.unresolvedConversationIdsOf(agentId)) {
      const record = this.ctx.store.conversations.findById(id);
      if (!record || record.conversation.assigneeId !== agentId) continue;
      const assigneeId = this.assignment.pickAssignee(record.conversation.channelId);
      this.conversations.save(scope, { ...record, conversation: { ...record.conversation, assigneeId } }, BY_ROUTING);
      moved += 1;
    }
    if (moved > 0) this.ctx.log.info({ agentId, moved }, 'deactivated agent’s conversations re-routed');
    return moved;
  }
}
