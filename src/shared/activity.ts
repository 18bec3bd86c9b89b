/**
 * Activity (issue 13 §4): who changed a conversation's assignment, status,
 * snooze, labels or ticket, from what to what, and when. The hub writes one
 * record in the same transaction as the change and logs it as an
 * `activity.upsert` event visible like the conversation (its channel), so a
 * client keeps them in its cache and shows them in the thread offline too.
 */
import { z } from 'zod';
import { ChannelKind, ConversationStatus, Id, Millis } from './domain.js';

/** Who did it: an agent; the hub itself (a snooze ended, the customer wrote again); or automatic assignment. */
export const ActivityActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agentId: Id }),
  z.object({ kind: z.literal('system') }),
  z.object({ kind: z.literal('routing') }),
]);
export type ActivityActor = z.infer<typeof ActivityActor>;

const ActivityLabel = z.string().max(50);

/** What changed, before and after. A snooze is its own change (it also parks the conversation as pending). */
export const ActivityChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('assignee'), from: Id.nullable(), to: Id.nullable() }),
  z.object({ kind: z.literal('status'), from: ConversationStatus, to: ConversationStatus }),
  z.object({ kind: z.literal('snooze'), from: Millis.nullable(), to: Millis.nullable() }),
  z.object({
    kind: z.literal('labels'),
    added: z.array(ActivityLabel).max(20),
    removed: z.array(ActivityLabel).max(20),
  }),
  z.object({ kind: z.literal('ticket'), number: z.number().int().positive(), subject: z.string().max(200) }),
  /** An agent changed the ticket's subject (docs/lifecycle.md, "Conversations and tickets"). */
  z.object({ kind: z.literal('subject'), from: z.string().max(200), to: z.string().max(200) }),
  /**
   * A new conversation: the customer wrote again after `previousConversationId` was resolved, outside the
   * channel's reopen window (its ticket number, if it had one).
   */
  z.object({
    kind: z.literal('followUp'),
    previousConversationId: Id,
    previousTicketNumber: z.number().int().positive().nullable(),
  }),
  /** The contact was merged with (or taken apart from) another channel's contact, named with its channel. */
  z.object({
    kind: z.literal('person'),
    action: z.enum(['merged', 'unmerged']),
    contactName: z.string().max(256),
    channelKind: ChannelKind,
  }),
  /**
   * Routing moved it (docs/lifecycle.md, "Queues and routing"): `queued` — nobody was available, it waits in
   * the queue; otherwise it left `from` (away or offline over `minutes`, deactivated, or unanswered for
   * `minutes`) for `to`, or for the queue when `to` is null.
   */
  z.object({
    kind: z.literal('routing'),
    reason: z.enum(['queued', 'away', 'offline', 'deactivated', 'unanswered']),
    from: Id.nullable(),
    to: Id.nullable(),
    minutes: z.number().int().positive().nullable(),
  }),
]);
export type ActivityChange = z.infer<typeof ActivityChange>;
export type ActivityKind = ActivityChange['kind'];

export const Activity = z.object({
  id: Id,
  conversationId: Id,
  channelId: Id,
  actor: ActivityActor,
  change: ActivityChange,
  /** Hub clock. */
  at: Millis,
});
export type Activity = z.infer<typeof Activity>;

/** An activity record as the client's thread reads it: with the names of the agents it mentions, by id. */
export const ActivityView = Activity.extend({ agentNames: z.record(Id, z.string().max(200)) });
export type ActivityView = z.infer<typeof ActivityView>;
