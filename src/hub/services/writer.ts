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
  /**
   * A signal to publish after commit: before this change's events (default,
   * e.g. joining a channel's room before its events), or after them
   * (`afterEvents`, e.g. leaving a removed channel's room once told).
   */
  signal(signal: HubSignal, options?: { afterEvents: boolean }): void;
}

interface Pending {
  readonly events: HubEvent[];
  readonly signals: HubSignal[];
  readonly lateSignals: HubSignal[];
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
    const pending: Pending = { events: [], signals: [], lateSignals: [] };
    this.pending = pending;
    let result: T;
    try {
      result = this.store.transaction(() => fn(this.scopeFor(pending)));
    } finally {
      this.pending = null;
    }
    for (const signal of pending.signals) this.bus.publish(signal);
    if (pending.events.length > 0) this.bus.publish({ type: 'events', events: pending.events });
    for (const signal of pending.lateSignals) this.bus.publish(signal);
    return result;
  }

  private scopeFor(pending: Pending): WriteScope {
    return {
      emit: (body, visibility) => {
        const event = this.store.events.append(body, visibility, this.now());
        pending.events.push(event);
        return event;
      },
      signal: (signal, options) => (options?.afterEvents ? pending.lateSignals : pending.signals).push(signal),
    };
  }
}

/**
 * Visibility of an event. A body field of the same name wins in the
 * HubEvent (channel.remove carries `channelId`), so such events must use a
 * matching visibility.
 */
export const EVERYONE: EventVisibility = { channelId: null, agentId: null };
export const onChannel = (channelId: string): EventVisibility => ({ channelId, agentId: null });
