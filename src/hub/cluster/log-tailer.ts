/**
 * Live events and ephemeral signals for a hub on several nodes over one
 * Postgres (docs/scaling.md, "Live events across nodes").
 *
 * Events: a write announces the seq of its last event with NOTIFY inside its
 * transaction (services/writer.ts WriteRelay), so the notification exists only
 * if the write committed. Every node, the writing one included, LISTENs on a
 * client of its own and reads the log after its cursor, up to the announced
 * seq, in seq order, and publishes those events on its SignalBus: each
 * committed event reaches each node's sockets once, in seq order. Because a
 * seq is taken from the counter row locked until commit, every seq below an
 * announced one has committed already, so the read up to it has no gap.
 *
 * Signals: a write's signals travel in the same transaction's notifications
 * (before its events, late ones after), so every node, this one included,
 * publishes them in the writer's order. Signals published straight on the bus
 * (a node's presence and viewers, typing, logout, log compaction) are published
 * here at once and also sent to the other nodes, which publish them; a node
 * ignores its own. `presence` itself is not sent: each node announces it from
 * the union over the nodes (services/node-presence.ts).
 *
 * A notification lost while the client reconnects costs nothing for events:
 * the tailer reads on from its cursor after reconnecting and every few
 * seconds anyway. Ephemeral signals sent meanwhile are lost, like a socket's.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { HubEventBody, type HubEvent } from '../../shared/protocol.js';
import { delayFor, type BackoffPolicy } from '../../node-shared/backoff.js';
import { readJson } from '../store/json-column.js';
import type { Store } from '../store/store.js';
import type { HubSignal, SignalBus } from '../services/signals.js';
import type { WriteRelay } from '../services/writer.js';

export const EVENTS_CHANNEL = 'switchboard_events';
export const SIGNALS_CHANNEL = 'switchboard_signals';
/** Postgres refuses a NOTIFY payload of 8000 bytes or more; ours stay below this, with room for the envelope. */
export const MAX_SIGNAL_BYTES = 7000;
const PAGE = 500;
const RECONNECT: BackoffPolicy = { baseMs: 200, maxMs: 10_000, jitter: 'equal' };

/** One signal on SIGNALS_CHANNEL: its origin node, whether a write sent it (then its origin publishes it too). */
interface Envelope {
  readonly o: string;
  readonly w: 0 | 1;
  /** A counter: Postgres folds identical notifications of one transaction into one. */
  readonly k: number;
  readonly s: HubSignal;
}

type Work =
  { readonly kind: 'signal'; readonly signal: HubSignal } | { readonly kind: 'events'; readonly upTo: number | null };

interface EventRow {
  readonly seq: string | number;
  readonly at: string | number;
  readonly channel_id: string | null;
  readonly agent_id: string | null;
  readonly body: string;
}

export interface LogTailerOptions {
  readonly url: string;
  readonly store: Store;
  readonly bus: SignalBus;
  readonly log: Logger;
  /** How often the log is read even when no notification came (a lost one costs at most this long). */
  readonly backstopMs?: number;
}

export class LogTailer implements WriteRelay {
  /** This process: a node ignores the signals it sent itself (they were published here already). */
  readonly nodeId = randomUUID();
  private client: pg.Client | null = null;
  private cursor = 0;
  private counter = 0;
  private stopped = false;
  private failures = 0;
  private turn: Promise<void> = Promise.resolve();
  private backstop: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Signals this node received from the cluster or a write: published here, never sent on. */
  private readonly relayed = new WeakSet<HubSignal>();

  constructor(private readonly options: LogTailerOptions) {}

  /** Listens, then takes the log's latest seq as its cursor: what commits from now on is published. */
  async start(): Promise<void> {
    await this.connect();
    this.cursor = await this.options.store.events.latestSeq();
    this.unsubscribe = this.options.bus.subscribe((signal) => this.forward(signal));
    this.backstop = setInterval(() => this.enqueue({ kind: 'events', upTo: null }), this.options.backstopMs ?? 5000);
    this.backstop.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.backstop) clearInterval(this.backstop);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.turn;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** WriteRelay: inside the write's transaction, so what it sends goes out at commit and only then. */
  async announce(
    signals: readonly HubSignal[],
    lastSeq: number | null,
    lateSignals: readonly HubSignal[],
  ): Promise<void> {
    const notify = this.options.store.notify;
    if (!notify) throw new Error('the log tailer needs a store that can NOTIFY (Postgres)');
    for (const signal of signals) for (const payload of this.encode(signal, 1)) await notify(SIGNALS_CHANNEL, payload);
    if (lastSeq !== null) await notify(EVENTS_CHANNEL, String(lastSeq));
    for (const signal of lateSignals)
      for (const payload of this.encode(signal, 1)) await notify(SIGNALS_CHANNEL, payload);
  }

  /** A signal published on this node's bus by a service or a socket: the other nodes publish it too. */
  private forward(signal: HubSignal): void {
    // Each node announces `presence` itself from the union over the nodes (services/node-presence.ts).
    if (signal.type === 'events' || signal.type === 'presence' || this.relayed.has(signal)) return;
    const client = this.client;
    if (!client) return;
    for (const payload of this.encode(signal, 0)) {
      client.query('SELECT pg_notify($1, $2)', [SIGNALS_CHANNEL, payload]).catch((err: unknown) => {
        this.options.log.warn({ err, signal: signal.type }, 'a signal could not be sent to the other hub nodes');
      });
    }
  }

  /** JSON envelopes under the NOTIFY limit: a long list of agents is split, anything else too large is dropped. */
  private encode(signal: HubSignal, fromWrite: 0 | 1): string[] {
    const payload = JSON.stringify({
      o: this.nodeId,
      w: fromWrite,
      k: (this.counter += 1),
      s: signal,
    } satisfies Envelope);
    if (Buffer.byteLength(payload) <= MAX_SIGNAL_BYTES) return [payload];
    if (signal.type === 'links-changed' && signal.agentIds.length > 1) {
      const half = Math.ceil(signal.agentIds.length / 2);
      return [
        ...this.encode({ ...signal, agentIds: signal.agentIds.slice(0, half) }, fromWrite),
        ...this.encode({ ...signal, agentIds: signal.agentIds.slice(half) }, fromWrite),
      ];
    }
    this.options.log.error({ signal: signal.type, bytes: payload.length }, 'a signal too large to send to other nodes');
    return [];
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'switchboard-log-tailer' });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => this.onNotification(message));
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    await client.query(`LISTEN ${SIGNALS_CHANNEL}`);
    this.client = client;
    this.failures = 0;
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.options.log.warn({ err }, 'the log tailer lost its Postgres connection; reconnecting');
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.failures += 1;
    this.reconnectTimer = setTimeout(
      async () => {
        this.reconnectTimer = null;
        if (this.stopped) return;
        try {
          await this.connect();
          // Whatever committed while no notification could arrive.
          this.enqueue({ kind: 'events', upTo: null });
        } catch (err) {
          this.options.log.warn({ err }, 'the log tailer could not reconnect to Postgres');
          this.scheduleReconnect();
        }
      },
      delayFor(RECONNECT, this.failures),
    );
    this.reconnectTimer.unref();
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel === EVENTS_CHANNEL) {
      const upTo = Number(message.payload);
      if (Number.isSafeInteger(upTo)) this.enqueue({ kind: 'events', upTo });
      return;
    }
    if (message.channel !== SIGNALS_CHANNEL || !message.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message.payload) as Envelope;
    } catch (err) {
      this.options.log.error({ err }, 'an unreadable signal from another hub node');
      return;
    }
    // Our own direct signals were published here when they happened; a write's come back to every node.
    if (envelope.o === this.nodeId && envelope.w === 0) return;
    this.enqueue({ kind: 'signal', signal: envelope.s });
  }

  /** One piece of work at a time, in notification order: a signal never overtakes the events before it. */
  private enqueue(work: Work): void {
    if (this.stopped) return;
    this.turn = this.turn
      .then(() => this.perform(work))
      .catch((err: unknown) => this.options.log.error({ err }, 'the log tailer failed to publish'));
  }

  private async perform(work: Work): Promise<void> {
    if (work.kind === 'signal') {
      this.relayed.add(work.signal);
      this.options.bus.publish(work.signal);
      return;
    }
    while (work.upTo === null || this.cursor < work.upTo) {
      const { events, lastSeq, full } = await this.read(this.cursor, work.upTo);
      if (lastSeq === null) return;
      this.cursor = lastSeq;
      if (events.length > 0) this.options.bus.publish({ type: 'events', events });
      if (!full) return;
    }
  }

  /** Every event after `after` (up to `upTo`), whoever may see it: the socket layer sends each to its rooms. */
  private async read(
    after: number,
    upTo: number | null,
  ): Promise<{ readonly events: HubEvent[]; readonly lastSeq: number | null; readonly full: boolean }> {
    const client = this.client;
    // No connection now: the read after reconnecting picks these up.
    if (!client) return { events: [], lastSeq: null, full: false };
    const { rows } = await client.query<EventRow>(
      `SELECT seq, at, channel_id, agent_id, body FROM events
         WHERE seq > $1 AND ($2::bigint IS NULL OR seq <= $2) ORDER BY seq LIMIT ${PAGE}`,
      [after, upTo],
    );
    const events: HubEvent[] = [];
    for (const row of rows) {
      const seq = Number(row.seq);
      const body = readJson(HubEventBody, row.body, { column: 'events.body', id: seq }, null);
      if (body) events.push({ seq, at: Number(row.at), channelId: row.channel_id, agentId: row.agent_id, ...body });
    }
    // A body that cannot be read is skipped (as sync skips it), but the cursor still moves past its seq.
    const lastRow = rows.at(-1);
    return { events, lastSeq: lastRow ? Number(lastRow.seq) : null, full: rows.length === PAGE };
  }
}
