/**
 * A real hub (port 0, temp data folder, real SQLite and socket.io) with the
 * provider integration, plus the fake provider, for the channel integration
 * tests. Retries and media backoff are shortened so failures heal in
 * milliseconds; everything else is the production path.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { pino } from 'pino';
import { defaultConfig, type HubConfig } from '../../../src/hub/config.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { ChannelRuntime } from '../../../src/hub/providers/channel-runtime.js';
import type { RetryPolicy } from '../../../src/hub/providers/dispatcher.js';
import { Agent, Channel, type ChannelKind, type Message } from '../../../src/shared/domain.js';
import { HubEvent, LoginResponse } from '../../../src/shared/protocol.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import {
  lineSignature,
  metaSignature as fakeMetaSignature,
  twilioSignature,
} from '../../../src/fake-provider/signing.js';

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Admin' };
const AGENT_PASSWORD = 'agent-password-1';

/** Polls `read` until it returns a value (not undefined/null/false), or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  read: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface AgentSession {
  readonly token: string;
  readonly agentId: string;
  readonly socket: Socket;
  readonly events: HubEvent[];
  send(
    command: string,
    payload: unknown,
  ): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>;
  /** The latest snapshot of a message from the live events. */
  message(predicate: (m: Message) => boolean): Message | undefined;
  close(): void;
}

export interface Harness {
  readonly hub: Hub;
  readonly fake: FakeProvider;
  readonly runtime: ChannelRuntime;
  readonly adminToken: string;
  /** Stops the hub and starts a new one on the same data folder (sockets are closed). */
  restart(options?: Pick<HarnessOptions, 'retryPolicy'>): Promise<void>;
  api(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** The parsed JSON answer of a 2xx call (parse it with a shared schema); other statuses throw. */
  json(method: string, path: string, body?: unknown, token?: string): Promise<unknown>;
  createChannel(
    kind: ChannelKind,
    credentials: Record<string, unknown>,
    settings?: Record<string, unknown>,
  ): Promise<Channel>;
  /** A new agent linked to the channels, connected over socket.io. */
  linkedAgent(...channelIds: string[]): Promise<AgentSession>;
  webhook(channelId: string, body: string | Buffer, headers: Record<string, string>, query?: string): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly publicUrl?: string | null;
  /** Outbound retry timing; short by default so failures heal in milliseconds. */
  readonly retryPolicy?: RetryPolicy;
  /** SWITCHBOARD_MEDIA_HOSTS: extra origins media may be fetched from (a fake CDN or external host). */
  readonly mediaHosts?: readonly string[];
  /** The hub's clock (business hours, session windows); Date.now by default. */
  readonly now?: () => number;
}

const FAST_RETRIES: RetryPolicy = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 };

function connect(url: string, token: string, agentId: string): Promise<AgentSession> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const events: HubEvent[] = [];
  socket.on('events', (raw: unknown) => {
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = HubEvent.safeParse(item);
      if (parsed.success) events.push(parsed.data);
    }
  });
  const session: AgentSession = {
    token,
    agentId,
    socket,
    events,
    send: (command, payload) => socket.timeout(10_000).emitWithAck(command, payload),
    message: (predicate) => {
      for (let i = events.length - 1; i >= 0; i -= 1) {
        const e = events[i];
        if (e?.type === 'message.upsert' && predicate(e.message)) return e.message;
      }
      return undefined;
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(session));
    socket.once('connect_error', reject);
  });
}

/** A hub with the provider integration; media retries are as short as outbound ones. */
async function bootWithProviders(
  config: HubConfig,
  retryPolicy: RetryPolicy,
  now?: () => number,
): Promise<{ hub: Hub; runtime: ChannelRuntime }> {
  const extension = createProviderExtension({
    retryPolicy,
    mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, sweepIntervalMs: 60_000 },
    pollTimeoutSeconds: 1,
  });
  const hub = await createHub({
    config,
    logger: pino({ level: 'silent' }),
    extensions: [extension],
    ...(now ? { now } : {}),
  });
  await hub.start();
  const runtime = extension.runtimeOf(hub);
  if (!runtime) throw new Error('provider runtime did not start');
  return { hub, runtime };
}

/** One hub request: a bearer token when given; a Buffer body goes as-is, anything else as JSON. */
function callHub(
  url: string,
  method: string,
  body: unknown,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
}

/** A new agent, linked to `channelIds` by the admin and signed in. */
async function createLinkedAgent(
  json: Harness['json'],
  adminToken: string,
  channelIds: readonly string[],
): Promise<{ agentId: string; token: string }> {
  const email = `agent-${randomUUID().slice(0, 8)}@example.com`;
  const agent = Agent.parse(
    await json('POST', '/api/agents', { email, name: 'Agent', password: AGENT_PASSWORD }, adminToken),
  );
  for (const channelId of channelIds)
    await json('POST', `/api/channels/${channelId}/agents`, { agentId: agent.id }, adminToken);
  const session = LoginResponse.parse(await json('POST', '/api/auth/login', { email, password: AGENT_PASSWORD }));
  return { agentId: agent.id, token: session.token };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeProvider();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-channels-'));
  const config: HubConfig = {
    ...defaultConfig(dataDir),
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    publicUrl: options.publicUrl === undefined ? 'https://hub.example.com' : options.publicUrl,
    initialAdmin: ADMIN,
    mediaHosts: options.mediaHosts ?? [],
  };
  let current = await bootWithProviders(config, options.retryPolicy ?? FAST_RETRIES, options.now);
  const sockets: AgentSession[] = [];

  const api: Harness['api'] = (method, path, body, token, headers) =>
    callHub(`${current.hub.url}${path}`, method, body, token, headers);
  const json: Harness['json'] = async (method, path, body, token) => {
    const res = await api(method, path, body, token);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    const parsed: unknown = JSON.parse(text);
    return parsed;
  };
  const login = LoginResponse.parse(
    await json('POST', '/api/auth/login', { email: ADMIN.email, password: ADMIN.password }),
  );
  const adminToken = login.token;

  return {
    get hub() {
      return current.hub;
    },
    get runtime() {
      return current.runtime;
    },
    fake,
    adminToken,
    async restart(next = {}) {
      for (const s of sockets.splice(0)) s.close();
      await current.hub.stop();
      current = await bootWithProviders(config, next.retryPolicy ?? FAST_RETRIES, options.now);
    },
    api,
    json,
    createChannel: async (kind, credentials, settings = {}) =>
      Channel.parse(
        await json('POST', '/api/channels', { kind, name: `${kind} channel`, credentials, settings }, adminToken),
      ),
    async linkedAgent(...channelIds) {
      const agent = await createLinkedAgent(json, adminToken, channelIds);
      const connected = await connect(current.hub.url, agent.token, agent.agentId);
      sockets.push(connected);
      return connected;
    },
    webhook: (channelId, body, headers, query = '') =>
      fetch(`${current.hub.url}/webhooks/${channelId}${query}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : new Uint8Array(body),
      }),
    async stop() {
      for (const s of sockets) s.close();
      await current.hub.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** X-Hub-Signature-256 for a body (WhatsApp): signed as the fake provider signs it. */
export const metaSignature = fakeMetaSignature;

/** Headers of a WhatsApp Cloud webhook: a JSON body signed with the app secret. */
export function whatsappHeaders(appSecret: string, body: string | Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(appSecret, body) };
}

/** Headers of a Twilio webhook: a form body signed together with the URL Twilio posted to. */
export function twilioHeaders(authToken: string, url: string, form: URLSearchParams): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': twilioSignature(authToken, url, form),
  };
}

/** Headers of a LINE webhook: a JSON body signed with the channel secret. */
export function lineHeaders(channelSecret: string, body: string | Buffer): Record<string, string> {
  return { 'content-type': 'application/json', 'x-line-signature': lineSignature(channelSecret, body) };
}
