/**
 * The hub: Fastify HTTP and socket.io on one port, SQLite in the data folder.
 * `createHub(options)` wires storage, services, routes and sockets;
 * `start()` creates the first admin if needed and listens; `stop()` stops
 * accepting, lets in-flight requests finish, closes sockets, then the database.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';
import type { HubConfig } from './config.js';
import type { HubExtension, HubRuntime } from './extension.js';
import {
  registerAgentRoutes,
  registerChannelRoutes,
  registerContactTrashRoutes,
  registerTemplateRoutes,
} from './http/admin-routes.js';
import { getAdapter } from './channels/registry.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { registerErrorHandling } from './http/errors.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerMediaRoutes } from './http/media-routes.js';
import { registerBodyParsers } from './http/raw-body.js';
import { registerReadRoutes } from './http/read-routes.js';
import type { AdapterLookup } from './services/channels.js';
import { createServices, type HubServices } from './services/hub-services.js';
import { SignalBus } from './services/signals.js';
import { CredentialVault } from './services/vault.js';
import { Writer } from './services/writer.js';
import { attachSocketServer, type SocketServer } from './socket/socket-server.js';
import { BlobStore } from './store/blobs.js';
import { openSqliteStore, type Store } from './store/store.js';

export interface HubOptions {
  readonly config: HubConfig;
  /** The clock (tests move it to expire tokens and session windows). */
  readonly now?: () => number;
  /** Channel adapters by kind; defaults to src/hub/channels/registry.ts. */
  readonly adapters?: AdapterLookup;
  readonly logger?: Logger;
  /** Parts plugged in (the CLI passes PROVIDER_EXTENSIONS, plus DEMO_EXTENSION with --demo); none by default. */
  readonly extensions?: readonly HubExtension[];
}

export interface Hub extends HubRuntime {
  readonly socket: SocketServer;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
const PackageJson = z.object({ version: z.string() });

function hubVersion(): string {
  const file = new URL('../../package.json', import.meta.url);
  return PackageJson.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).version;
}

export function createHub(options: HubOptions): Hub {
  const { config } = options;
  const now = options.now ?? Date.now;
  const log = options.logger ?? pino({ level: config.logLevel, base: { service: 'switchboard-hub' } });
  fs.mkdirSync(config.dataDir, { recursive: true });
  const store: Store = openSqliteStore(config.dataDir);
  const bus = new SignalBus();
  const blobs = new BlobStore(config.dataDir);
  const adapters: AdapterLookup = options.adapters ?? getAdapter;
  const services: HubServices = createServices(
    { store, writer: new Writer(store, bus, now), bus, now, log, config },
    { blobs, vault: CredentialVault.open(config.dataDir, config.secretKey), adapters },
  );
  const httpLogger: FastifyBaseLogger = log;
  const app = Fastify({
    loggerInstance: httpLogger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  registerBodyParsers(app);
  registerErrorHandling(app);
  registerHealthRoutes(app, store, hubVersion());
  registerAuthRoutes(app, services);
  registerAgentRoutes(app, services);
  registerChannelRoutes(app, services);
  registerTemplateRoutes(app, services);
  registerContactTrashRoutes(app, services);
  registerReadRoutes(app, services);
  registerMediaRoutes(app, services, blobs, config.maxUploadBytes);
  const socket = attachSocketServer(app.server, { services, store, bus, log });
  const extensions = options.extensions ?? [];
  let url = '';
  let timer: NodeJS.Timeout | null = null;
  let state: 'new' | 'started' | 'stopped' = 'new';

  const hub: Hub = {
    config,
    services,
    store,
    blobs,
    app,
    log,
    now,
    socket,
    get url() {
      return url;
    },
    async start() {
      if (state !== 'new') throw new AppError('CONFLICT', 'the hub was already started');
      state = 'started';
      for (const extension of extensions) await extension.register?.(hub);
      await ensureAdmin(services, store, config);
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
      for (const extension of extensions) await extension.start?.(hub);
      timer = setInterval(() => housekeeping(services, log), HOUSEKEEPING_INTERVAL_MS);
      timer.unref();
      log.info({ url, dataDir: config.dataDir }, 'hub listening');
    },
    async stop() {
      if (state === 'stopped') return;
      const wasStarted = state === 'started';
      state = 'stopped';
      if (timer) clearInterval(timer);
      if (wasStarted) for (const extension of [...extensions].reverse()) await extension.stop?.(hub);
      socket.close();
      await app.close();
      store.close();
      log.info('hub stopped');
    },
  };
  return hub;
}

async function ensureAdmin(services: HubServices, store: Store, config: HubConfig): Promise<void> {
  if (store.agents.count() > 0) return;
  if (!config.initialAdmin) {
    throw new AppError(
      'VALIDATION_FAILED',
      'No admin exists yet. Set SWITCHBOARD_ADMIN_EMAIL and SWITCHBOARD_ADMIN_PASSWORD for the first start, ' +
        'or run `npm run hub -- create-admin --email you@example.com --name "Your Name"`.',
    );
  }
  const { email, name, password } = config.initialAdmin;
  await services.agents.createAdmin(email, name, password);
}

function housekeeping(services: HubServices, log: Logger): void {
  try {
    const removed = services.sync.compactByAge();
    const sessions = services.auth.purgeExpiredSessions();
    log.info({ eventsRemoved: removed, sessionsRemoved: sessions }, 'housekeeping');
  } catch (error) {
    log.error({ err: error }, 'housekeeping failed');
  }
}
