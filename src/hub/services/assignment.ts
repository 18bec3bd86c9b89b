/**
 * Automatic assignment (SPEC §3, FAQ 28): the entry points the inbound path
 * uses, answered by the router (services/routing/router.ts): among the
 * channel's agents who may be assigned (assignee-rule.ts, the rule manual
 * assignment uses too), are online and under their capacity, the one with
 * the fewest open conversations; ties go to the one assigned longest ago.
 * Nobody available → the conversation waits in the channel's queue. A channel
 * whose `settings.autoAssign` is off leaves every new conversation unassigned.
 */
import type { Channel } from '../../shared/domain.js';
import type { Router } from './routing/router.js';
import type { WriteScope } from './writer.js';
import type { ConversationRecord } from '../store/ports/conversations.js';

export class AssignmentService {
  constructor(private readonly router: Router) {}

  /** The agent a new or reopened conversation of the channel (or of the channel with this id) goes to. */
  async pickAssignee(channel: Channel | string): Promise<string | null> {
    return await this.router.pick(channel);
  }

  /** The customer's message was stored: they wait for an answer; an unassigned conversation is routed. */
  async afterInbound(scope: WriteScope, record: ConversationRecord, channel: Channel): Promise<void> {
    await this.router.afterInbound(scope, record, channel);
  }
}
