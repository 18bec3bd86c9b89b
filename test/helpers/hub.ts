/**
 * Starts a real hub on 127.0.0.1:0 in a temp data folder, with a first admin
 * signed in, for integration tests (hub, client core, e2e). Everything is
 * real (SQLite, HTTP, socket.io); only the clock can be moved forward.
 *
 *   const t = await startHub();
 *   const { token, agent } = await t.createAgent({ name: 'Aiko' });
 *   const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [agent.id] });
 *   // (verified against the fake provider, started on first use; see credentialsFor)
 *   const sock = await t.connect(token);
 *   t.ingestText(channel.id, { from: 'u1', text: 'hello' });
 *   await sock.waitForEvent((e) => e.type === 'message.upsert');
 *   await t.stop();
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { Channel as ChannelSchema } from '../../src/shared/domain.js';
import type {
  Agent,
  Channel,
  ChannelKind,
  ChannelSettings,
  MessageKind,
  MessageMeta,
  Permissions,
} from '../../src/shared/domain.js';
import type {
  Ack,
  CommandRequest,
  CommandResult,
  HubEvent,
  LoginResponse,
  SocketCommand,
} from '../../src/shared/protocol.js';
import type { InboundEvent, MediaRef } from '../../src/hub/channels/types.js';
import { defaultConfig, type HubConfig } from '../../src/hub/config.js';
import type { HubExtension } from '../../src/hub/providers/extension.js';
import { createHub, type Hub } from '../../src/hub/server.js';
import type { Actor } from '../../src/hub/services/actor.js';
import type { AdapterLookup } from '../../src/hub/services/channels.js';
import type { IngestResult } from '../../src/hub/services/inbound.js';
import type { WriterOptions } from '../../src/hub/services/writer.js';
import { issueLineToken } from '../../src/fake-provider/line.js';
import { startFakeProvider, type FakeProvider } from '../../src/fake-provider/server.js';
import { createDatabase } from './postgres.js';
import { callHubApi, expectOk, loginAt, type ApiOptions, type ApiResponse, type HubApi } from './hub-api.js';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin-password-123';
const AGENT_PASSWORD = 'agent-password-123';

/** A clock tests can move forward (token expiry, session windows). */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface StartHubOptions {
  /** Reuse a data folder (it is then not deleted by stop()). */
  readonly dataDir?: string;
  readonly config?: Partial<HubConfig>;
  readonly adapters?: AdapterLookup;
  /** Defaults to none: no provider integration unless a test asks for it. */
  readonly extensions?: readonly HubExtension[];
  /** The writer's options (the bench's group-commit knob, HubOptions.writer). */
  readonly writer?: WriterOptions;
  /** How far this machine's clock is off (a node of a cluster whose clock is wrong). */
  readonly clockSkewMs?: number;
}

export interface TestAgent {
  readonly agent: Agent;
  readonly token: string;
  readonly email: string;
  readonly password: string;
}

export interface CreateAgentOptions {
  readonly email?: string;
  readonly name?: string;
  readonly password?: string;
  readonly role?: 'admin' | 'agent';
  readonly permissions?: Permissions;
}

export interface CreateChannelOptions {
  readonly kind?: ChannelKind;
  readonly name?: string;
  readonly credentials?: Record<string, unknown>;
  readonly settings?: Partial<ChannelSettings>;
  readonly linkAgentIds?: readonly string[];
  /** Tops up WhatsApp credits right after creation. */
  readonly credits?: number;
  /**
   * Save even if the provider refuses (marked unverified). Defaults to true for credentials that point
   * at a provider of the test's own (an `apiBaseUrl`), which may not know them; credentials without one
   * are aimed at the hub's fake provider, which verifies them.
   */
  readonly saveUnverified?: boolean;
}

export interface InboundTextOptions {
  readonly from: string;
  readonly text?: string | null;
  readonly name?: string | null;
  readonly phone?: string | null;
  readonly at?: number;
  readonly providerMessageId?: string;
  readonly threadKey?: string | null;
  readonly kind?: MessageKind;
  readonly media?: readonly MediaRef[];
  readonly meta?: MessageMeta;
  readonly replyToken?: { token: string; expiresAt: number } | null;
}

export interface TestSocket {
  readonly socket: Socket;
  /** Every live `event` push received, in arrival order. */
  readonly events: HubEvent[];
  readonly pushes: { name: string; payload: unknown }[];
  command<C extends SocketCommand>(name: C, payload: CommandRequest<C> | unknown): Promise<Ack<CommandResult<C>>>;
  /** Resolves with the first event (already received or future) matching; rejects after timeoutMs. */
  waitForEvent(match: (event: HubEvent) => boolean, timeoutMs?: number): Promise<HubEvent>;
  waitForPush(name: string, match?: (payload: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export interface TestHub {
  readonly hub: Hub;
  readonly url: string;
  readonly dataDir: string;
  readonly clock: TestClock;
  readonly admin: Agent;
  readonly adminToken: string;
  api(method: string, urlPath: string, options?: ApiOptions): Promise<ApiResponse>;
  login(email: string, password: string): Promise<LoginResponse>;
  createAgent(options?: CreateAgentOptions): Promise<TestAgent>;
  createChannel(options?: CreateChannelOptions): Promise<Channel>;
  /** The fake provider behind channels created without an `apiBaseUrl` (started on first use). */
  fakeProvider(): Promise<FakeProvider>;
  /** Credentials of `kind` aimed at that fake provider, which verifies them (unique per call). */
  credentialsFor(kind: ChannelKind, overrides?: Record<string, unknown>): Promise<Record<string, unknown>>;
  linkAgent(channelId: string, agentId: string): Promise<Channel>;
  connect(token: string, auth?: Record<string, unknown>): Promise<TestSocket>;
  ingest(channelId: string, events: readonly InboundEvent[]): Promise<IngestResult>;
  /** One inbound message from a customer (defaults: text message, now, unique provider id). */
  ingestText(channelId: string, options: InboundTextOptions): Promise<IngestResult>;
  /** Stops the hub and keeps its data (simulates an outage). */
  halt(): Promise<void>;
  /** Starts the hub again on the same port and data folder. */
  resume(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the hub, closes sockets opened through connect(), deletes the temp data folder. */
  stop(): Promise<void>;
}

const DEFAULT_WAIT_MS = 5000;
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** n random digits, the first never 0 (provider ids such as a Telegram bot id are numbers). */
const digits = (n: number): string => Array.from({ length: n }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');

/** Valid-looking credentials per kind, unique per call so each channel has its own provider identity. */
export function testCredentials(kind: ChannelKind): Record<string, unknown> {
  switch (kind) {
    case 'whatsapp':
      return {
        accessToken: `token-${hex(8)}`,
        appSecret: `secret-${hex(8)}`,
        verifyToken: 'verify-me',
        phoneNumberId: digits(15),
      };
    case 'twilio':
      return { accountSid: `AC${hex(16)}`, authToken: hex(16), from: `whatsapp:+1415${digits(7)}` };
    case 'telegram':
      // A bot id never starts with 0 (getMe answers it as a number).
      return { botToken: `${randomInt(1, 10)}${digits(9)}:AAE${hex(16)}`, secretToken: `secret_${hex(8)}` };
    case 'line':
      return { channelSecret: hex(16), channelAccessToken: `token-${hex(16)}`, channelId: digits(10) };
    case 'wechat':
      return { appId: `wx${hex(8)}`, appSecret: hex(16), token: `token${hex(8)}` };
  }
}

export async function startHub(options: StartHubOptions = {}): Promise<TestHub> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-hub-'));
  let offset = options.clockSkewMs ?? 0;
  const clock: TestClock = { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
  const sockets = new Set<TestSocket>();
  const boot = hubBooter(dataDir, clock, await withStoreUnderTest(options));
  let hub = await boot();
  const api: HubApi = (method, urlPath, opts) => callHubApi(hub.url, method, urlPath, opts);
  const login = (email: string, password: string): Promise<LoginResponse> => loginAt(api, email, password);
  const adminLogin = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
  const adminToken = adminLogin.token;
  const adminActor = async (): Promise<Actor> => await hub.services.auth.authenticate(adminToken);
  let fake: Promise<FakeProvider> | null = null;
  const fakeProvider = (): Promise<FakeProvider> => (fake ??= startFakeProvider());
  const aimAtFake = async (kind: ChannelKind, credentials: Record<string, unknown>) =>
    aimAtFakeProvider(await fakeProvider(), kind, credentials);

  const t: TestHub = {
    get hub() {
      return hub;
    },
    get url() {
      return hub.url;
    },
    dataDir,
    clock,
    admin: adminLogin.agent,
    adminToken,
    api,
    login,
    createAgent: (o = {}) => createAgentAt(api, adminToken, o),
    async createChannel(o = {}) {
      return await hub.services.channels.get(await adminActor(), await createChannelAt(api, adminToken, o, aimAtFake));
    },
    fakeProvider,
    credentialsFor: async (kind, overrides = {}) => aimAtFake(kind, { ...testCredentials(kind), ...overrides }),
    async linkAgent(channelId, agentId) {
      await linkAgentAt(api, adminToken, channelId, agentId);
      return await hub.services.channels.get(await adminActor(), channelId);
    },
    async connect(token, auth = {}) {
      const s = await openSocket(hub.url, token, auth);
      sockets.add(s);
      return s;
    },
    ingest: async (channelId, events) => await hub.services.inbound.ingestInbound(channelId, events),
    ingestText: async (channelId, o) =>
      await hub.services.inbound.ingestInbound(channelId, [inboundText(o, clock.now())]),
    halt: () => hub.stop(),
    async resume() {
      hub = await boot();
    },
    async restart() {
      await hub.stop();
      hub = await boot();
    },
    async stop() {
      for (const s of sockets) s.close();
      await hub.stop();
      if (fake) await (await fake).close();
      if (ownsDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

/** Boots a hub on `dataDir`; a later boot reuses the first one's port, so clients find it at the same URL. */
/**
 * SWITCHBOARD_TEST_HUB_STORE=postgres runs the same hub suites on Postgres: each hub gets a fresh
 * database on the test cluster (test/helpers/postgres.ts) instead of SQLite in its data folder.
 */
async function withStoreUnderTest(options: StartHubOptions): Promise<StartHubOptions> {
  const kind = process.env.SWITCHBOARD_TEST_HUB_STORE ?? 'sqlite';
  if (kind !== 'sqlite' && kind !== 'postgres')
    throw new Error(`SWITCHBOARD_TEST_HUB_STORE=${kind}: sqlite or postgres`);
  if (kind === 'sqlite' || options.config?.databaseUrl !== undefined) return options;
  return { ...options, config: { ...options.config, databaseUrl: await createDatabase() } };
}

function hubBooter(dataDir: string, clock: TestClock, options: StartHubOptions): () => Promise<Hub> {
  let port = 0;
  return async () => {
    const config: HubConfig = {
      ...defaultConfig(dataDir),
      host: '127.0.0.1',
      port,
      logLevel: 'silent',
      initialAdmin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, name: 'Admin' },
      ...options.config,
    };
    const hub = await createHub({
      config,
      now: clock.now,
      databaseClock: options.clockSkewMs !== undefined,
      adapters: options.adapters,
      extensions: options.extensions ?? [],
      ...(options.writer ? { writer: options.writer } : {}),
    });
    await hub.start();
    port = Number(new URL(hub.url).port);
    return hub;
  };
}

/**
 * Credentials aimed at the fake provider (`apiBaseUrl`), which then answers their verification: the
 * fake knows every WhatsApp, Telegram, Twilio and WeChat credential; a LINE token is issued for its
 * channel id so `/oauth2/v2.1/verify` names the right channel.
 */
function aimAtFakeProvider(
  fake: FakeProvider,
  kind: ChannelKind,
  credentials: Record<string, unknown>,
): Record<string, unknown> {
  const token = credentials['channelAccessToken'];
  const channelId = credentials['channelId'];
  if (kind === 'line' && typeof token === 'string' && typeof channelId === 'string') {
    issueLineToken(fake.state, token, channelId);
  }
  return { ...credentials, apiBaseUrl: fake.baseUrlFor(kind) };
}

/** A channel created by the admin with test credentials, its agents linked and credits topped up; its id. */
async function createChannelAt(
  api: HubApi,
  adminToken: string,
  o: CreateChannelOptions,
  aimAtFake: (kind: ChannelKind, credentials: Record<string, unknown>) => Promise<Record<string, unknown>>,
): Promise<string> {
  const kind = o.kind ?? 'telegram';
  const given = o.credentials ?? testCredentials(kind);
  const ownProvider = given['apiBaseUrl'] !== undefined;
  const body = {
    kind,
    name: o.name ?? `${kind} ${hex(2)}`,
    credentials: ownProvider ? given : await aimAtFake(kind, given),
    settings: o.settings ?? {},
    saveUnverified: o.saveUnverified ?? ownProvider,
  };
  const created = ChannelSchema.parse(
    expectOk(await api('POST', '/api/channels', { token: adminToken, body }), 'create channel'),
  );
  for (const agentId of o.linkAgentIds ?? []) await linkAgentAt(api, adminToken, created.id, agentId);
  if (o.credits !== undefined) {
    const topUp = { token: adminToken, body: { amount: o.credits } };
    expectOk(await api('POST', `/api/channels/${created.id}/credits/top-up`, topUp), 'top up');
  }
  return created.id;
}

async function linkAgentAt(api: HubApi, adminToken: string, channelId: string, agentId: string): Promise<void> {
  const res = await api('POST', `/api/channels/${channelId}/agents`, { token: adminToken, body: { agentId } });
  expectOk(res, 'link agent');
}

/** A new agent created by the admin, signed in (defaults: a unique address, the agent role). */
async function createAgentAt(api: HubApi, adminToken: string, o: CreateAgentOptions): Promise<TestAgent> {
  const email = o.email ?? `agent-${hex(4)}@example.com`;
  const password = o.password ?? AGENT_PASSWORD;
  const body = {
    email,
    password,
    name: o.name ?? email.split('@')[0],
    role: o.role ?? 'agent',
    ...(o.permissions ? { permissions: o.permissions } : {}),
  };
  expectOk(await api('POST', '/api/agents', { token: adminToken, body }), 'create agent');
  const session = await loginAt(api, email, password);
  return { agent: session.agent, token: session.token, email, password };
}

/** The inbound message a customer's text would become (defaults: text kind, unique provider id). */
function inboundText(o: InboundTextOptions, now: number): InboundEvent {
  return {
    type: 'message',
    providerMessageId: o.providerMessageId ?? `pm-${hex(8)}`,
    sender: { externalId: o.from, name: o.name ?? null, phone: o.phone ?? null, username: null },
    threadKey: o.threadKey ?? null,
    kind: o.kind ?? 'text',
    text: o.text === undefined ? 'hello' : o.text,
    media: o.media ?? [],
    meta: o.meta ?? {},
    at: o.at ?? now,
    replyToken: o.replyToken ?? null,
  };
}

/** A socket.io client signed in with `token`; resolves once connected, rejects with the hub's refusal. */
export function openSocket(url: string, token: string, auth: Record<string, unknown> = {}): Promise<TestSocket> {
  const socket = connectSocket(url, {
    auth: { token, ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const events: HubEvent[] = [];
  const pushes: { name: string; payload: unknown }[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const w of [...waiters]) w();
  };
  socket.on('events', (batch: HubEvent[]) => {
    events.push(...batch);
    notify();
  });
  socket.onAny((name: string, payload: unknown) => {
    pushes.push({ name, payload });
    notify();
  });
  const waitUntil = <T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = find();
        if (found === undefined) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const testSocket: TestSocket = {
    socket,
    events,
    pushes,
    command: (name, payload) =>
      new Promise((resolve) => {
        socket.emit(name, payload, resolve);
      }),
    waitForEvent: (match, timeoutMs = DEFAULT_WAIT_MS) => waitUntil(() => events.find(match), timeoutMs, 'an event'),
    waitForPush: (name, match = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      waitUntil(() => pushes.find((p) => p.name === name && match(p.payload)), timeoutMs, `a "${name}" push`).then(
        (push) => push.payload,
      ),
    close: () => void socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(testSocket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}
