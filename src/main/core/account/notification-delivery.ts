/**
 * Notification delivery for one account: what the policy decides about each
 * applied batch (notify/notification-policy.ts) is shown at once when live —
 * a burst over more than LIVE_NOTIFICATIONS_MAX conversations as one summary —
 * and kept during a catch-up, shown as one summary when it ends; a first
 * sync (empty cache) says nothing. Muted sounds make it silent (SPEC §6).
 */
import type { AgentNotification, NotificationPolicy } from '../notify/notification-policy.js';
import type { NotifyCandidate } from '../sync/apply-events.js';
import type { ApplyPhase } from '../sync/sync-engine.js';

/** More notifications than this from one live batch are delivered as one summary. */
export const LIVE_NOTIFICATIONS_MAX = 3;

/** A notification as shown: `silent` when the agent muted notification sounds (SPEC §6). */
export type DeliveredNotification = AgentNotification & { readonly silent: boolean };

export interface NotificationDeliveryDeps {
  readonly policy: Pick<NotificationPolicy, 'decide' | 'summarize'>;
  /** The agent's preference now (notificationSound). */
  readonly soundOn: () => boolean;
  readonly show: (note: DeliveredNotification) => void;
}

export class NotificationDelivery {
  /** Decided during a catch-up, summarized when it ends. */
  private pending: AgentNotification[] = [];

  constructor(private readonly deps: NotificationDeliveryDeps) {}

  /** One applied batch: notified now when live, kept for the summary otherwise. */
  onBatch(candidates: readonly NotifyCandidate[], phase: ApplyPhase): void {
    const { policy } = this.deps;
    const notes = policy.decide(candidates);
    if (phase !== 'live') {
      this.pending.push(...notes);
      return;
    }
    // A burst over many conversations is one summary, as after a catch-up, not a notification each.
    const summary = notes.length > LIVE_NOTIFICATIONS_MAX ? policy.summarize(notes) : null;
    for (const note of summary ? [summary] : notes) this.deliver(note);
  }

  /** The catch-up ended: one summary of what it brought, none after filling an empty cache. */
  onCaughtUp(fromEmpty: boolean): void {
    const notes = this.pending;
    this.pending = [];
    const summary = fromEmpty ? null : this.deps.policy.summarize(notes);
    if (summary) this.deliver(summary);
  }

  private deliver(note: AgentNotification): void {
    this.deps.show({ ...note, silent: !this.deps.soundOn() });
  }
}
