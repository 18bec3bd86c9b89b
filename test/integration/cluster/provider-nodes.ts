/**
 * Hub nodes with the provider integration on one Postgres database, in this process (two createHub on one
 * database, as two machines would run them), and one fake provider for all of them. Used by the suites of
 * races between nodes: the first message of a customer, concurrent picks, periodic provider checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { defaultConfig, type HubConfig } from '../../../src/hub/config.js';
import type { ChannelRuntime, ChannelRuntimeOptions } from '../../../src/hub/providers/channel-runtime.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { Agent, Channel, type ChannelKind } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { createDatabase } from '../../helpers/postgres.js';
import { whatsappHeaders } from '../channels/harness.js';
import { WA, whatsappText } from '../channels/provider-bodies.js';

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Admin' };
export const AGENT_PASSWORD = 'agent-password-1';

export interface ProviderNode {
  readonly name: string;
  readonly hub: Hub;
  readonly runtime: ChannelRuntime;
}

export interface Cluster {
  readonly fake: FakeProvider;
  readonly databaseUrl: string;
  readonly nodes: ProviderNode[];
  readonly adminToken: string;
  /** Starts one more node on the database (same data folder: the same secret key). */
  startNode(name: string): Promise<ProviderNode>;
  /** A JSON call to a node; a status ≥ 300 throws. */
  call(node: ProviderNode, method: string, path: string, body?: unknown, token?: string): Promise<unknown>;
  createChannel(kind: ChannelKind, credentials: Record<string, unknown>, settings?: unknown): Promise<Channel>;
  createAgent(name: string, channelIds: readonly string[]): Promise<{ agent: Agent; email: string }>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  readonly nodes?: number;
  /** The runtime options of every node (its fetch and node id are the cluster's). */
  readonly runtime?: Omit<ChannelRuntimeOptions, 'nodeId'>;
  /** The hubs' clock. */
  readonly now?: () => number;
}

let agents = 0;

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const fake = await startFakeProvider();
  const databaseUrl = await createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-cluster-'));
  const nodes: ProviderNode[] = [];

  async function startNode(name: string): Promise<ProviderNode> {
    const config: HubConfig = {
      ...defaultConfig(dataDir),
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      publicUrl: 'https://hub.example.com',
      initialAdmin: ADMIN,
      mediaHosts: [],
      databaseUrl,
    };
    const extension = createProviderExtension({
      retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
      ...options.runtime,
      nodeId: `node-${name}`,
    });
    const hub = await createHub({
      config,
      logger: pino({ level: process.env.CLUSTER_LOG ?? 'silent' }),
      extensions: [extension],
      ...(options.now ? { now: options.now } : {}),
    });
    await hub.start();
    const runtime = extension.runtimeOf(hub);
    if (!runtime) throw new Error('provider runtime did not start');
    const node = { name, hub, runtime };
    nodes.push(node);
    return node;
  }

  async function call(node: ProviderNode, method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(`${node.hub.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  for (let i = 0; i < (options.nodes ?? 2); i += 1) await startNode(String.fromCharCode(97 + i));
  const first = nodes[0];
  if (!first) throw new Error('no node');
  const adminToken = LoginResponse.parse(
    await call(first, 'POST', '/api/auth/login', { email: ADMIN.email, password: ADMIN.password }),
  ).token;

  return {
    fake,
    databaseUrl,
    nodes,
    adminToken,
    startNode,
    call,
    async createChannel(kind, credentials, settings = {}) {
      const body = { kind, name: kind, credentials, settings };
      return Channel.parse(await call(first, 'POST', '/api/channels', body, adminToken));
    },
    async createAgent(name, channelIds) {
      agents += 1;
      const email = `agent-${agents}-${Date.now()}@example.com`;
      const agent = Agent.parse(
        await call(first, 'POST', '/api/agents', { email, name, password: AGENT_PASSWORD }, adminToken),
      );
      for (const channelId of channelIds)
        await call(first, 'POST', `/api/channels/${channelId}/agents`, { agentId: agent.id }, adminToken);
      return { agent, email };
    },
    async stop() {
      for (const node of nodes.splice(0).reverse()) await node.hub.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A customer's WhatsApp text, signed with the test credentials (WA), posted to one node's webhook; answers the
 * conversation it was stored in.
 */
export async function whatsappArrives(
  node: ProviderNode,
  channelId: string,
  customer: string,
  messageId: string,
  text: string,
): Promise<string> {
  const body = whatsappText(customer, messageId, text, Date.now());
  const res = await fetch(`${node.hub.url}/webhooks/${channelId}`, {
    method: 'POST',
    headers: whatsappHeaders(WA.appSecret, body),
    body,
  });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
  const stored = await node.hub.store.messages.findByProviderId(channelId, messageId);
  if (!stored) throw new Error('message not stored');
  return stored.message.conversationId;
}
