/**
 * Helpers for client-core tests: temp folders, a cache opened on them, and
 * builders for the hub's entities (valid by the shared schemas) so unit tests
 * can feed the apply path without a hub.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClientEvent, ConnectionState } from '../../src/shared/api.js';
import type { HubEvent, HubEventBody } from '../../src/shared/protocol.js';
import { createClientService, type ClientService, type TokenStore } from '../../src/main/core/client-service.js';
import type { AgentNotification } from '../../src/main/core/notify/notification-policy.js';
import type { TestHub } from './hub.js';
import {
  ChannelRouting,
  FULL_PERMISSIONS,
  NEVER_VERIFIED,
  type Agent,
  type Channel,
  type ChannelKind,
  type Contact,
  type Conversation,
  type Message,
} from '../../src/shared/domain.js';
import { uuidv7 } from '../../src/shared/uuidv7.js';

export const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);

export function makeTempDir(prefix = 'sb-client-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeAgent(over: Partial<Agent> & { id: string }): Agent {
  return {
    email: `${over.id}@example.com`,
    name: over.id,
    role: 'agent',
    permissions: FULL_PERMISSIONS,
    active: true,
    presence: 'online',
    createdAt: T0,
    ...over,
  };
}

export function makeChannel(over: Partial<Channel> & { id: string }, kind: ChannelKind = 'whatsapp'): Channel {
  return {
    kind,
    name: `Channel ${over.id}`,
    settings: {
      autoConvert: false,
      reopenWindowMinutes: 1440,
      autoAssign: true,
      routing: ChannelRouting.parse({}),
      hours: null,
      autoReply: null,
      greeting: null,
    },
    linkedAgentIds: [],
    credits: null,
    createdAt: T0,
    verification: NEVER_VERIFIED,
    trashedAt: null,
    ...over,
  };
}

export function makeContact(over: Partial<Contact> & { id: string; channelId: string }): Contact {
  return {
    name: `Contact ${over.id}`,
    identity: { externalId: over.id, phone: null, username: null },
    deletedAt: null,
    createdAt: T0,
    ...over,
  };
}

export function makeConversation(
  over: Partial<Conversation> & { id: string; channelId: string; contactId: string },
): Conversation {
  return {
    status: 'open',
    assigneeId: null,
    ticket: null,
    lastInboundAt: T0,
    lastMessageAt: T0,
    lastMessagePreview: '',
    snoozedUntil: null,
    labels: [],
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function makeMessage(over: Partial<Message> & { conversationId: string }): Message {
  return {
    id: over.id ?? uuidv7(),
    direction: 'in',
    kind: 'text',
    text: null,
    attachments: [],
    meta: {},
    providerMessageId: null,
    clientId: null,
    senderAgentId: null,
    state: 'received',
    failureCode: null,
    failureReason: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

/** Numbers event bodies as a hub would: consecutive seqs from `firstSeq`, visible to everyone. */
export function numberEvents(bodies: readonly HubEventBody[], firstSeq = 1, at = T0): HubEvent[] {
  return bodies.map((body, i) => ({ seq: firstSeq + i, at, channelId: null, agentId: null, ...body }));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | false | undefined | Promise<T | false | undefined>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A token store in a plain file, as the shell's safeStorage store would keep it (tests only). */
export function fileTokenStore(file: string): TokenStore {
  return {
    load: () => (existsSync(file) ? readFileSync(file, 'utf8') : null),
    save: (token) => writeFileSync(file, token),
    clear: () => rmSync(file, { force: true }),
  };
}

export interface TestClient {
  readonly service: ClientService;
  readonly dataDir: string;
  readonly events: ClientEvent[];
  readonly notifications: AgentNotification[];
  /** Resolves once the cache has caught up with the hub (online, no catch-up running). */
  waitForSynced(timeoutMs?: number): Promise<ConnectionState>;
  stop(): Promise<void>;
}

export interface StartClientOptions {
  readonly dataDir: string;
  readonly now?: () => number;
  readonly fetch?: typeof globalThis.fetch;
  readonly attachmentCapBytes?: number;
  readonly syncPageSize?: number;
}

/** A client service on `dataDir` recording every event and notification. */
export function startClient(options: StartClientOptions): TestClient {
  const events: ClientEvent[] = [];
  const notifications: AgentNotification[] = [];
  const service = createClientService({
    dataDir: join(options.dataDir, 'accounts'),
    tokenStore: fileTokenStore(join(options.dataDir, 'session.json')),
    mediaUrlFor: (id) => `sbmedia://attachment/${encodeURIComponent(id)}`,
    now: options.now,
    fetch: options.fetch,
    attachmentCapBytes: options.attachmentCapBytes,
    syncPageSize: options.syncPageSize,
    random: () => 0,
  });
  service.onEvent((event) => events.push(event));
  service.onNotification((note) => notifications.push(note));
  return {
    service,
    dataDir: options.dataDir,
    events,
    notifications,
    waitForSynced: (timeoutMs = 10_000) =>
      waitFor(
        async () => {
          const state = await service.getConnection();
          const account = service.account();
          const idle = account !== null && !account.sync.isCatchingUp;
          return state.status === 'online' && state.lastSyncedAt !== null && idle ? state : undefined;
        },
        timeoutMs,
        'the client to sync',
      ),
    stop: () => service.stop(),
  };
}

export interface SignedInClientOptions extends StartClientOptions {
  readonly hubUrl: string;
  readonly agent: { readonly email: string; readonly password: string };
}

/** A client signed in to `hubUrl` as `agent`, its cache caught up; stopped again when signing in fails. */
export async function startSignedInClient(options: SignedInClientOptions): Promise<TestClient> {
  const client = startClient(options);
  try {
    await client.service.signIn({
      hubUrl: options.hubUrl,
      email: options.agent.email,
      password: options.agent.password,
    });
    await client.waitForSynced();
  } catch (error) {
    await client.stop();
    throw error;
  }
  return client;
}

/** A TCP proxy in front of the hub whose "network cable" a test can pull and plug back. */
export interface NetworkLink {
  /** The hub URL as seen through the proxy. */
  readonly url: string;
  /** Drops every connection and refuses new ones (the agent's network is down). */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startNetworkLink(hubUrl: string): Promise<NetworkLink> {
  const target = new URL(hubUrl);
  let isCut = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore() {
      isCut = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One customer message into the hub; returns its conversation id. */
export async function ingestCustomerText(
  hub: TestHub,
  channelId: string,
  options: Parameters<TestHub['ingestText']>[1],
): Promise<string> {
  const result = await hub.ingestText(channelId, options);
  const messageId = result.messageIds[0];
  const record = messageId === undefined ? null : await hub.hub.store.messages.findById(messageId);
  if (!record) throw new Error('the hub stored no message');
  return record.message.conversationId;
}

/** A client core running in a child process (tsx), to be killed like a crash. */
export interface ClientProcess {
  readonly lines: unknown[];
  send(command: object): void;
  /** The first output line `pick` accepts (already printed or future). */
  waitForLine<T>(pick: (line: unknown) => T | undefined, timeoutMs?: number): Promise<T>;
  kill(): Promise<void>;
  /** Resolves with the signal or exit code once the process ended. */
  exited: Promise<NodeJS.Signals | number | null>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('../integration/client/fixtures/client-child.ts', import.meta.url));

export function spawnClientProcess(env: Record<string, string>): ClientProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: unknown[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    lines,
    send: (command) => void child.stdin.write(`${JSON.stringify(command)}\n`),
    waitForLine: async (pick, timeoutMs = 20_000) => {
      let ended = false;
      void exited.then(() => (ended = true));
      return waitFor(
        () => {
          for (const line of lines) {
            const value = pick(line);
            if (value !== undefined) return value;
          }
          if (ended) throw new Error(`the client process ended: ${stderr.slice(-2000)}`);
          return undefined;
        },
        timeoutMs,
        'a line from the client process',
      );
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    exited,
  };
}
