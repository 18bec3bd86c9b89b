/**
 * Automatic assignment of new conversations (SPEC §3, FAQ 28): among the
 * channel's agents who may be assigned (assignee-rule.ts, the rule manual
 * assignment uses too) and are online, the one with the fewest open
 * conversations; ties go round robin (the one assigned longest ago). Nobody
 * online → unassigned, visible to every linked agent. A channel whose
 * `settings.autoAssign` is off leaves every new conversation unassigned.
 */
import { isAssignable } from '../../shared/assignee-rule.js';
import type { HubContext } from './context.js';
import type { PresenceTracker } from './presence.js';

export class AssignmentService {
  /** Monotonic counter of the last automatic assignment per agent (memory only). */
  private readonly lastAssigned = new Map<string, number>();
  private counter = 0;

  constructor(
    private readonly ctx: HubContext,
    private readonly presence: PresenceTracker,
  ) {}

  pickAssignee(channelId: string): string | null {
    const { store } = this.ctx;
    // The channel's admin turned automatic assignment off: new conversations wait, unassigned.
    if (store.channels.findById(channelId)?.settings.autoAssign === false) return null;
    const online = store.channels.linkedAgentIds(channelId).filter((id) => this.presence.of(id) === 'online');
    // One query for all of them: a channel may have hundreds of linked agents.
    const candidates = store.agents
      .findByIds(online)
      .filter((agent) => isAssignable(agent, true))
      .map((agent) => agent.id);
    if (candidates.length === 0) return null;
    const open = store.conversations.countOpenByAssignee(candidates);
    const ranked = [...candidates].sort(
      (a, b) =>
        (open.get(a) ?? 0) - (open.get(b) ?? 0) ||
        (this.lastAssigned.get(a) ?? -1) - (this.lastAssigned.get(b) ?? -1) ||
        a.localeCompare(b),
    );
    const chosen = ranked[0] ?? null;
    if (chosen !== null) this.lastAssigned.set(chosen, ++this.counter);
    return chosen;
  }
}
