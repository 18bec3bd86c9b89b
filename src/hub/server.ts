/**
 * The hub: Fastify HTTP and socket.io on one port, SQLite in the data folder.
 * `createHub(options)` wires storage, services, routes and sockets;
 * `start()` creates the first admin if needed and listens; `stop()` stops
 * accepting, lets in-flight requests finish, closes sockets, then the database.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import type { HubConfig } from './config.js';
import type { HubExtension, HubRuntime } from './providers/extension.js';
import { getAdapter } from './channels/registry.js';
import { HTTP_SERVER_OPTIONS, registerHttp } from './http/http-app.js';
import { readyRoutes, type HubReadiness } from './http/health-routes.js';
import type { AdapterLookup } from './services/channels.js';
import { createServices, type HubServices } from './services/hub-services.js';
import { SignalBus } from './services/signals.js';
import { LeaseKeeper } from './services/lease-keeper.js';
import { NODE_ID } from './cluster/node-id.js';
import { Writer, type WriterOptions } from './services/writer.js';
import { LogTailer } from './cluster/log-tailer.js';
import { attachSocketServer, type SocketServer } from './socket/socket-server.js';
import type { BlobStore } from './store/ports/blobs.js';
import { reportCorruptRowsTo } from './store/json-column.js';
import type { Store } from './store/store.js';
import { openHubStorage, type HubStorage } from './hub-storage.js';
import { createHubLogger } from './log-destination.js';
import { listenFailure } from './startup-failure.js';

export interface HubOptions {
  readonly config: HubConfig;
  /** The clock (tests move it to expire tokens and session windows). */
  readonly now?: () => number;
  /** Keep the database's clock ("One clock") with a given `now` too; without `now` it is always kept. */
  readonly databaseClock?: boolean;
  /** Channel adapters by kind; defaults to src/hub/channels/registry.ts. */
  readonly adapters?: AdapterLookup;
  readonly logger?: Logger;
  /** Parts plugged in (the CLI passes PROVIDER_EXTENSIONS, plus DEMO_EXTENSION with --demo); none by default. */
  readonly extensions?: readonly HubExtension[];
  /**
   * Benchmark knob, internal: the writer's group commit (services/writer.ts). `npm run bench` runs the
   * hub ingest once with `{ maxBatch: 1 }` (one transaction per webhook, as before the group commit).
   */
  readonly writer?: WriterOptions;
}

export interface Hub extends HubRuntime {
  readonly socket: SocketServer;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
/** How long a stop waits for in-flight requests before it closes the connections left (closeHttp). */
const STOP_GRACE_MS = 5000;
const PackageJson = z.object({ version: z.string() });

function hubVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return PackageJson.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).version;
}

/** Fastify with our limits, body parser, error shape, authentication and the core's routes (http/http-app.ts). */
function buildHttp(
  log: Logger,
  services: HubServices,
  store: Store,
  blobs: BlobStore,
  config: HubConfig,
): FastifyInstance {
  const httpLogger: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance: httpLogger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Behind a reverse proxy every request comes from the proxy: only a proxy named in SWITCHBOARD_TRUST_PROXY
    // is believed about the client's address (rate limits, sign-in throttle) and the scheme and host.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    ...HTTP_SERVER_OPTIONS,
  });
  registerHttp(app, { services, store, blobs, version: hubVersion(), maxUploadBytes: config.maxUploadBytes });
  return app;
}

class SwitchboardHub implements Hub {
  readonly config: HubConfig;
  readonly now: () => number;
  readonly log: Logger;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly services: HubServices;
  readonly app: FastifyInstance;
  readonly socket: SocketServer;
  private readonly extensions: readonly HubExtension[];
  private address = '';
  private timer: NodeJS.Timeout | null = null;
  private snoozeTimer: NodeJS.Timeout | null = null;
  private routingTimer: NodeJS.Timeout | null = null;
  /** Periodic work runs on the one node holding its lease `timer:<name>`; on SQLite always this one. */
  private readonly leases: LeaseKeeper;
  /** On Postgres: live events and signals from every node (cluster/log-tailer.ts). */
  private readonly tailer: LogTailer | null;
  private readonly writer: Writer;
  /** Periodic jobs running now, by name (onOneNode). */
  private readonly periodic = new Map<string, Promise<void>>();
  private state: 'new' | 'started' | 'stopped' = 'new';
  /** What GET /ready says: `serving` from the end of start() until stop() begins (http/health-routes.ts). */
  private readiness: HubReadiness = 'starting';

  constructor(options: HubOptions, log: Logger, storage: HubStorage) {
    this.config = options.config;
    this.now = options.now ?? Date.now;
    this.log = log;
    this.store = storage.store;
    this.blobs = storage.blobs;
    this.leases = new LeaseKeeper({
      repository: this.store.leases,
      nodeId: NODE_ID,
      now: this.now,
      shared: this.store.kind === 'postgres',
      onError: (name, err) => this.log.warn({ err, lease: name }, 'lease not renewed; its work stops on this node'),
    });
    const bus = new SignalBus((err, signal) => this.log.error({ err, signal: signal.type }, 'signal listener failed'));
    const url = this.config.databaseUrl;
    this.tailer =
      this.store.kind === 'postgres' && url ? new LogTailer({ url, store: this.store, bus, log: this.log }) : null;
    // One transaction at a time on SQLite's one connection; a few at once on a Postgres pool.
    this.writer = new Writer(this.store, bus, this.now, {
      concurrency: this.store.kind === 'postgres' ? 4 : 1,
      ...(this.tailer ? { relay: this.tailer } : {}),
      ...options.writer,
    });
    this.services = createServices(
      {
        store: this.store,
        writer: this.writer,
        bus,
        now: this.now,
        log: this.log,
        config: this.config,
      },
      {
        blobs: this.blobs,
        vault: storage.vault,
        adapters: options.adapters ?? getAdapter,
      },
    );
    this.app = buildHttp(this.log, this.services, this.store, this.blobs, this.config);
    void this.app.register(readyRoutes, { store: this.store, version: hubVersion(), readiness: () => this.readiness });
    this.socket = attachSocketServer(this.app.server, {
      services: this.services,
      store: this.store,
      bus,
      log: this.log,
      now: this.now,
    });
    this.extensions = options.extensions ?? [];
  }

  get url(): string {
    return this.address;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new AppError('CONFLICT', 'the hub was already started');
    this.state = 'started';
    for (const extension of this.extensions) await extension.register?.(this);
    await this.tailer?.start();
    await ensureAdmin(this.services, this.store, this.config);
    // Before any socket: agents the store still had online lost their sockets with the hub (docs/hub.md, "Routing").
    await this.services.presence.settleAfterRestart((await this.store.agents.list()).map((a) => a.id));
    try {
      await this.app.listen({ port: this.config.port, host: this.config.host });
    } catch (error) {
      throw listenFailure(error, this.config.host, this.config.port);
    }
    const bound = this.app.server.address();
    const port = typeof bound === 'object' && bound ? bound.port : this.config.port;
    const host = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    this.address = `http://${host}:${port}`;
    for (const extension of this.extensions) await extension.start?.(this);
    this.leases.start();
    this.timer = setInterval(
      async () => await this.onOneNode('housekeeping', () => housekeeping(this.services, this.log)),
      HOUSEKEEPING_INTERVAL_MS,
    );
    this.timer.unref();
    // Snoozes that ended while the hub was down wake at start; then every interval (the clock is injected).
    await this.onOneNode('snooze', () => wakeSnoozed(this.services, this.log));
    this.snoozeTimer = setInterval(
      async () => await this.onOneNode('snooze', () => wakeSnoozed(this.services, this.log)),
      this.config.snoozeCheckIntervalMs,
    );
    this.snoozeTimer.unref();
    // Routing's time rules run on the hub's clock: at start (what came due while it was down), then every interval.
    await this.onOneNode('routing', () => routingTick(this.services, this.log));
    this.routingTimer = setInterval(
      async () => await this.onOneNode('routing', () => routingTick(this.services, this.log)),
      this.config.routingCheckIntervalMs,
    );
    this.routingTimer.unref();
    this.readiness = 'serving';
    this.log.info({ url: this.address, dataDir: this.config.dataDir }, 'hub listening');
  }

  /**
   * Runs a periodic job if this node holds its lease `timer:<name>` (docs/scaling.md, "Work done by one node"),
   * and never twice at once: a tick that comes while the last one still runs (a slow database) is skipped, or
   * both would act on the same due work.
   */
  private async onOneNode(name: string, job: () => Promise<void>): Promise<void> {
    if (this.periodic.has(name)) return;
    const run = (async () => {
      if (await this.leases.holdNow(`timer:${name}`)) await job();
    })().finally(() => this.periodic.delete(name));
    this.periodic.set(name, run);
    await run;
  }

  /**
   * Stops accepting and lets in-flight requests finish, for STOP_GRACE_MS at most: a connection still open
   * then (a request that hangs, a WebSocket whose handshake never finished) is cut, so a stop always ends.
   */
  private async closeHttp(): Promise<void> {
    const cut = setTimeout(() => this.app.server.closeAllConnections(), STOP_GRACE_MS);
    try {
      await this.app.close();
    } finally {
      clearTimeout(cut);
    }
  }

  /**
   * Drains, stops accepting, lets in-flight requests finish, closes sockets, then the database. Idempotent.
   * The drain (config.drainMs, docs/scaling.md "Rolling restarts"): /ready answers 503 HUB_STOPPING at once,
   * and the node goes on serving for drainMs, so the load balancer takes it out before its connections close.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasStarted = this.state === 'started';
    this.state = 'stopped';
    const wasServing = this.readiness === 'serving';
    this.readiness = 'stopping';
    if (wasServing && this.config.drainMs > 0) {
      this.log.info({ drainMs: this.config.drainMs }, 'draining: /ready answers 503 until the hub stops');
      await new Promise((resolve) => setTimeout(resolve, this.config.drainMs));
    }
    if (this.timer) clearInterval(this.timer);
    if (this.snoozeTimer) clearInterval(this.snoozeTimer);
    if (this.routingTimer) clearInterval(this.routingTimer);
    await Promise.allSettled([...this.periodic.values()]);
    if (wasStarted) for (const extension of [...this.extensions].reverse()) await extension.stop?.(this);
    // While the tailer still runs: the other nodes hear that this one's agents and viewers are gone.
    await this.services.presence.leaveCluster();
    await this.tailer?.stop();
    await this.socket.close();
    await this.closeHttp();
    this.services.routing.stop();
    await this.leases.stop();
    // Writes already asked for commit before the database closes; later ones are refused.
    await this.writer.close();
    await this.blobs.close();
    await this.store.close();
    this.log.info('hub stopped');
  }
}

/** Opens the storage (the database is checked and migrated first), then wires the hub; `start()` serves. */
export async function createHub(options: HubOptions): Promise<Hub> {
  const log = options.logger ?? createHubLogger(options.config.logLevel);
  // A row that does not read back is logged with its id, never allowed to fail everyone's sync.
  reportCorruptRowsTo((row) => log.error(row, `corrupt row ${row.action}: ${row.column} ${row.id}`));
  const storage = await openHubStorage(options.config, log);
  // A clock given by a test is the test's to move (restarts after an advance): kept as it is unless asked.
  const now =
    options.now && !options.databaseClock
      ? options.now
      : await clusterClock(options.now ?? Date.now, storage.store, log);
  return new SwitchboardHub({ ...options, now }, log, storage);
}

/**
 * Nearer than this to the database's clock, a node keeps its own (the round trip measured is about as long,
 * and the leases' and heartbeats' times are seconds); farther than a second is said in the log at start.
 */
const CLOCK_KEEP_MS = 50;
const CLOCK_WARN_MS = 1_000;

/**
 * The hub's clock on Postgres: its own, moved by how far it was from the database server's at start, so every
 * node keeps one time (docs/scaling.md, "One clock"). A node whose clock is a minute off would otherwise take
 * the others' leases, claims and heartbeats for expired, or have its own taken for expired.
 */
async function clusterClock(own: () => number, store: Store, log: Logger): Promise<() => number> {
  if (!store.clock) return own;
  const before = own();
  const database = await store.clock();
  const offset = database - Math.round((before + own()) / 2);
  if (!Number.isFinite(offset) || Math.abs(offset) < CLOCK_KEEP_MS) return own;
  if (Math.abs(offset) > CLOCK_WARN_MS)
    log.warn({ offsetMs: offset }, "this machine's clock is off the database's; the hub keeps the database's time");
  return () => own() + offset;
}

async function ensureAdmin(services: HubServices, store: Store, config: HubConfig): Promise<void> {
  if ((await store.agents.count()) > 0) return;
  if (!config.initialAdmin) {
    throw new AppError(
      'VALIDATION_FAILED',
      `No admin exists yet in ${config.dataDir}. Set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD for the first start, ` +
        'or run `npm run hub -- create-admin --email you@example.com --name "Your Name"`.',
    );
  }
  const { email, name, password } = config.initialAdmin;
  await services.agents.createAdmin(email, name, password);
}

async function housekeeping(services: HubServices, log: Logger): Promise<void> {
  try {
    const removed = await services.sync.compactByAge();
    const sessions = await services.auth.purgeExpiredSessions();
    const throttleKeys = await services.auth.purgeLoginThrottle();
    log.info({ eventsRemoved: removed, sessionsRemoved: sessions, throttleKeysRemoved: throttleKeys }, 'housekeeping');
  } catch (error) {
    log.error({ err: error }, 'housekeeping failed');
  }
}

async function wakeSnoozed(services: HubServices, log: Logger): Promise<void> {
  try {
    const woken = await services.conversations.wakeSnoozed();
    if (woken > 0) log.info({ woken }, 'snoozed conversations woke');
  } catch (error) {
    log.error({ err: error }, 'waking snoozed conversations failed');
  }
}

async function routingTick(services: HubServices, log: Logger): Promise<void> {
  try {
    const moved = await services.routing.tick();
    if (moved > 0) log.info({ moved }, 'routing moved conversations');
  } catch (error) {
    log.error({ err: error }, 'routing tick failed');
  }
}
