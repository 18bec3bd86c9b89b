/**
 * Every change goes through `write`: the change and the events that record it
 * commit in one transaction, and the events are published only after commit,
 * so a client never sees an event the log does not hold. Nested writes join
 * the outer one.
 */
import type { HubEvent, HubEventBody } from '../../shared/protocol.js';
import type { EventVisibility } from '../store/events.js';
import type { Store } from '../store/store.js';
import type { HubSignal, SignalBus } from './signals.js';

export interface WriteScope {
  emit(body: HubEventBody, visibility: EventVisibility): HubEvent;
  /** A signal to publish after commit, before this change's events. */
  signal(signal: HubSignal): void;
}

interface Pending {
  readonly events: HubEvent[];
  readonly signals: HubSignal[];
}

export class Writer {
  private pending: Pending | null = null;

  constructor(
    private readonly store: Store,
    private readonly bus: SignalBus,
    private readonly now: () => number,
  ) {}

  write<T>(fn: (scope: WriteScope) => T): T {
    const outer = this.pending;
    if (outer) return fn(this.scopeFor(outer));
    const pending: Pending = { events: [], signals: [] };
    this.pending = pending;
    let result: T;
    try {
      result = this.store.transaction(() => fn(this.scopeFor(pending)));
    } finally {
      this.pending = null;
    }
    for (const signal of pending.signals) this.bus.publish(signal);
    if (pending.events.length > 0) this.bus.publish({ type: 'events', events: pending.events });
    return result;
  }

  private scopeFor(pending: Pending): WriteScope {
    return {
      emit: (body, visibility) => {
        const event = this.store.events.append(body, visibility, this.now());
        pending.events.push(event);
        return event;
      },
      signal: (signal) => pending.signals.push(signal),
    };
  }
}

export const EVERYONE: EventVisibility = { channelId: null, agentId: null };
export const onChannel = (channelId: string): EventVisibility => ({ channelId, agentId: null });
