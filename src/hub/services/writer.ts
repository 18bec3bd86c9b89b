/**
 * Every change goes through `write`: the change and the events that record it
 * commit in one transaction, and the events are published only after commit,
 * so a client never sees an event the log does not hold. Nested writes join
 * the outer one.
 *
 * The writer refuses what the reader would refuse: every event body is
 * parsed by the schema `sync` reads it back with before it is appended, so a
 * value out of bounds fails the request that brought it, not everyone's sync.
 */
import { AppError } from '../../shared/errors.js';
import { describeIssues } from '../../shared/conform.js';
import { HubEventBody, type HubEvent } from '../../shared/protocol.js';
import { wellFormedDeep } from '../../shared/text.js';
import type { Store } from '../store/store.js';
import type { HubSignal, SignalBus } from './signals.js';
import type { EventVisibility } from "../store/ports/events.js";

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

  /**
   * Runs fn inside the current write as a savepoint: when it throws, its rows and events are undone and
   * the rest of the write goes on (one bad event of a provider batch never drops the others).
   */
  attempt(fn: () => void): { readonly ok: true } | { readonly ok: false; readonly reason: string } {
    const pending = this.pending;
    if (!pending) throw new AppError('INTERNAL', 'Writer.attempt runs only inside write');
    const marks = [pending.events.length, pending.signals.length, pending.lateSignals.length] as const;
    try {
      this.store.transaction(fn);
      return { ok: true };
    } catch (error) {
      pending.events.length = marks[0];
      pending.signals.length = marks[1];
      pending.lateSignals.length = marks[2];
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private scopeFor(pending: Pending): WriteScope {
    return {
      emit: (raw, visibility) => {
        const body = checkedBody(raw);
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

/** The body as the log will give it back; refuses (500, with the failing paths) what sync could not read. */
function checkedBody(raw: HubEventBody): HubEventBody {
  const parsed = HubEventBody.safeParse(wellFormedDeep(raw));
  if (parsed.success) return parsed.data;
  throw new AppError('INTERNAL', `refused to log a ${raw.type} event the log could not give back`, {
    issues: describeIssues(parsed.error),
  });
}
