/**
 * Activity records (issue 13 §4, src/shared/activity.ts): what a change did to
 * a conversation's assignment, status, snooze, labels or ticket, and who did
 * it. Recorded by ConversationService.save in the write that stores the
 * change, one `activity.upsert` event each, visible like the conversation.
 *
 * A snooze is one record (it also parks the conversation as pending: no
 * status record for that); its end is the status record of the reopening.
 */
import type { Activity, ActivityActor, ActivityChange } from '../../shared/activity.js';
import type { Conversation } from '../../shared/domain.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { HubContext } from './context.js';
import { onChannel, type WriteScope } from './writer.js';

/** The changes from `before` (null: the conversation is new) to `after`, in the order a reader takes them. */
export function activityChanges(before: Conversation | null, after: Conversation): ActivityChange[] {
  const changes: ActivityChange[] = [];
  const from = before ?? { ...after, assigneeId: null, ticket: null, labels: [], snoozedUntil: null };
  if (after.ticket !== null && from.ticket?.id !== after.ticket.id) {
    changes.push({ kind: 'ticket', number: after.ticket.number, subject: after.ticket.subject });
  }
  if (from.assigneeId !== after.assigneeId) {
    changes.push({ kind: 'assignee', from: from.assigneeId, to: after.assigneeId });
  }
  const snoozed = after.snoozedUntil !== null && from.snoozedUntil !== after.snoozedUntil;
  if (snoozed) changes.push({ kind: 'snooze', from: from.snoozedUntil, to: after.snoozedUntil });
  if (before !== null && before.status !== after.status && !snoozed) {
    changes.push({ kind: 'status', from: before.status, to: after.status });
  } else if (before?.snoozedUntil != null && after.snoozedUntil === null && before.status === after.status) {
    // Snooze taken off without a status change (set pending again, say): says so, or the line "Snoozed" stands.
    changes.push({ kind: 'snooze', from: before.snoozedUntil, to: null });
  }
  const added = after.labels.filter((l) => !from.labels.includes(l));
  const removed = from.labels.filter((l) => !after.labels.includes(l));
  if (added.length > 0 || removed.length > 0) changes.push({ kind: 'labels', added, removed });
  return changes;
}

export class ActivityRecorder {
  constructor(private readonly ctx: HubContext) {}

  /**
   * Stores and emits one record per change from `before` to `after` by `actor`. A routing move (`move`)
   * says why the assignee changed: it stands for the assignment change's record.
   */
  async record(
    scope: WriteScope,
    before: Conversation | null,
    after: Conversation,
    actor: ActivityActor,
    move?: ActivityChange,
  ): Promise<void> {
    const changes = activityChanges(before, after);
    if (move !== undefined) {
      const at = changes.findIndex((c) => c.kind === 'assignee');
      if (at >= 0) changes.splice(at, 1, move);
      else changes.push(move);
    }
    if (changes.length === 0) return;
    const at = this.ctx.now();
    for (const change of changes) {
      const activity: Activity = {
        id: uuidv7(),
        conversationId: after.id,
        channelId: after.channelId,
        actor,
        change,
        at,
      };
      await this.ctx.store.activity.insert(activity);
      scope.emit({ type: 'activity.upsert', activity }, onChannel(after.channelId));
    }
  }
}

/** The actor record of an agent. */
export const byAgent = (agentId: string): ActivityActor => ({ kind: 'agent', agentId });
export const BY_SYSTEM: ActivityActor = { kind: 'system' };
export const BY_ROUTING: ActivityActor = { kind: 'routing' };
