/**
 * Two hub nodes on one Postgres (two createHub() in this process, one fake provider): every reply is sent
 * by exactly one node, in order within its conversation; a node that dies mid-send (its send never comes
 * back) leaves a lease that runs out, and the other node sends the message; a LINE push re-sent after
 * such a death carries the same X-Line-Retry-Key, and LINE accepts it once; a media download whose node
 * died is done by the other node, once (docs/scaling.md "Sends when a node dies").
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type HubConfig } from '../../../src/hub/config.js';
import type { ChannelRuntime } from '../../../src/hub/providers/channel-runtime.js';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { createHub, type Hub } from '../../../src/hub/server.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { Agent, Channel, type Message } from '../../../src/shared/domain.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { createDatabase } from '../../helpers/postgres.js';
import { lineHeaders, waitFor, whatsappHeaders } from './harness.js';
import { LINE, WA, lineTextBody, whatsappImage, whatsappText } from './provider-bodies.js';

const ADMIN = { email: 'admin@example.com', password: 'admin-password-1', name: 'Admin' };
const LEASE_MS = 60_000;

interface Answered {
  readonly path: string;
  readonly body: string;
  readonly status: number;
  readonly retryKey: string | null;
}

interface Node {
  readonly name: string;
  readonly hub: Hub;
  readonly runtime: ChannelRuntime;
  /** Provider calls this node made and the answers it got (the calls of a death excluded). */
  readonly sends: Answered[];
}

/** A send that "dies" on the node that makes it: the first request whose body holds `marker` never answers. */
interface Death {
  readonly marker: string;
  /** Whether the provider gets the request before the node dies (it accepted, the outcome was never stored). */
  readonly reachesProvider: boolean;
  diedOn: string | null;
  release: () => void;
}

let fake: FakeProvider;
let dataDirs: string[] = [];
let offset = 0;
const now = (): number => Date.now() + offset;
const deaths: Death[] = [];
let a: Node;
let b: Node;
let adminToken = '';

function deathFor(body: string): Death | undefined {
  return deaths.find((d) => d.diedOn === null && body.includes(d.marker));
}

/** fetch for one node: counts its provider calls and plays the deaths the test has set up. */
function nodeFetch(name: string, sends: Answered[]): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const url = input instanceof Request ? input.url : String(input);
    const death = deathFor(`${url} ${body}`);
    if (death) {
      death.diedOn = name;
      if (death.reachesProvider) await fetch(input, init);
      // The node is gone: this send never returns (until the test ends and lets it fail).
      return await new Promise<Response>((_resolve, reject) => {
        death.release = () => reject(new Error('node stopped'));
      });
    }
    const answer = await fetch(input, init);
    const retryKey = new Headers(init?.headers).get('x-line-retry-key');
    sends.push({ path: new URL(url).pathname, body, status: answer.status, retryKey });
    return answer;
  };
}

async function startNode(name: string, databaseUrl: string): Promise<Node> {
  // One data folder for both: the nodes share its secret key (channel credentials); blobs are in Postgres.
  const dataDir = dataDirs[0] ?? mkdtempSync(join(tmpdir(), 'sb-claims-'));
  dataDirs = [dataDir];
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
  const sends: Answered[] = [];
  const extension = createProviderExtension({
    fetch: nodeFetch(name, sends),
    retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
    claimPolicy: { leaseMs: LEASE_MS, waitMs: 20, sweepMs: 100 },
    mediaClaimPolicy: { leaseMs: LEASE_MS },
    mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, sweepIntervalMs: 60_000 },
    nodeId: `node-${name}`,
    pollTimeoutSeconds: 1,
  });
  const hub = await createHub({
    config,
    logger: pino({ level: process.env.CLAIMS_LOG ?? 'silent' }),
    extensions: [extension],
    now,
  });
  await hub.start();
  const runtime = extension.runtimeOf(hub);
  if (!runtime) throw new Error('provider runtime did not start');
  return { name, hub, runtime, sends };
}

async function call(node: Node, method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
  const res = await fetch(`${node.hub.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

interface Session {
  readonly socket: Socket;
  readonly messages: Map<string, Message>;
  send(conversationId: string, text: string): Promise<string>;
}

/** One agent's socket on a node; it keeps the latest snapshot of every message it hears of. */
async function connect(node: Node, token: string): Promise<Session> {
  const socket = io(node.hub.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  const messages = new Map<string, Message>();
  socket.on('events', (raw: unknown) => {
    for (const e of Array.isArray(raw) ? raw : []) {
      if (typeof e === 'object' && e !== null && Reflect.get(e, 'type') === 'message.upsert') {
        const m = Reflect.get(e, 'message') as Message;
        messages.set(m.id, m);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    messages,
    async send(conversationId, text) {
      const ack = (await socket
        .timeout(10_000)
        .emitWithAck('message.send', { clientId: randomUUID(), conversationId, kind: 'text', text })) as {
        ok: boolean;
        data?: { id: string };
        error?: unknown;
      };
      if (!ack.ok || !ack.data) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
      return ack.data.id;
    },
  };
}

let onA: Session;
let onB: Session;
let wa: Channel;
let line: Channel;

async function stateOf(messageId: string): Promise<string | undefined> {
  return (await a.hub.store.messages.findById(messageId))?.message.state;
}

beforeAll(async () => {
  fake = await startFakeProvider();
  const databaseUrl = await createDatabase();
  a = await startNode('a', databaseUrl);
  b = await startNode('b', databaseUrl);
  adminToken = LoginResponse.parse(
    await call(a, 'POST', '/api/auth/login', { email: ADMIN.email, password: ADMIN.password }),
  ).token;
  wa = Channel.parse(
    await call(
      a,
      'POST',
      '/api/channels',
      { kind: 'whatsapp', name: 'wa', credentials: { ...WA, apiBaseUrl: fake.baseUrlFor('whatsapp') }, settings: {} },
      adminToken,
    ),
  );
  line = Channel.parse(
    await call(
      a,
      'POST',
      '/api/channels',
      { kind: 'line', name: 'line', credentials: { ...LINE, apiBaseUrl: fake.baseUrlFor('line') }, settings: {} },
      adminToken,
    ),
  );
  const email = `agent-${randomUUID().slice(0, 8)}@example.com`;
  const agent = Agent.parse(
    await call(a, 'POST', '/api/agents', { email, name: 'Agent', password: 'agent-password-1' }, adminToken),
  );
  for (const channelId of [wa.id, line.id])
    await call(a, 'POST', `/api/channels/${channelId}/agents`, { agentId: agent.id }, adminToken);
  const token = LoginResponse.parse(
    await call(b, 'POST', '/api/auth/login', { email, password: 'agent-password-1' }),
  ).token;
  onA = await connect(a, token);
  onB = await connect(b, token);
}, 60_000);

afterAll(async () => {
  for (const d of deaths) d.release();
  onA?.socket.close();
  onB?.socket.close();
  await a?.hub.stop();
  await b?.hub.stop();
  await fake?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs = [];
});

let customer = 819100000000;

/** A customer writes on WhatsApp (to node a's webhook); returns the conversation id. */
async function whatsappConversation(): Promise<{ conversationId: string; phone: string }> {
  customer += 1;
  const id = `wamid.CLAIM${customer}`;
  const body = whatsappText(String(customer), id, 'ご質問があります', Date.now());
  const res = await fetch(`${a.hub.url}/webhooks/${wa.id}`, {
    method: 'POST',
    headers: whatsappHeaders(WA.appSecret, body),
    body,
  });
  expect(res.status).toBe(200);
  const stored = await waitFor(
    'the inbound message',
    async () => await a.hub.store.messages.findByProviderId(wa.id, id),
  );
  return { conversationId: stored.message.conversationId, phone: String(customer) };
}

function whatsappTexts(): { to: string; text: string }[] {
  return fake.state.callsTo('whatsapp', '/messages').flatMap((c) => {
    const json = c.json as { to?: string; text?: { body?: string } } | null;
    return json?.to && json.text?.body ? [{ to: json.to, text: json.text.body }] : [];
  });
}

describe('sends claimed across two nodes on one Postgres', () => {
  it('50 replies in 10 conversations, written on both nodes, each reach WhatsApp once and in order', async () => {
    const conversations = [];
    for (let i = 0; i < 10; i += 1) conversations.push(await whatsappConversation());
    const expected = new Map<string, string[]>();
    for (let n = 1; n <= 5; n += 1) {
      for (const [c, { conversationId, phone }] of conversations.entries()) {
        const text = `reply ${n} of conversation ${c}`;
        // Written on node a and node b in turn: each node dispatches what it stored, and sweeps the rest.
        const id = await ((n + c) % 2 === 0 ? onA : onB).send(conversationId, text);
        // Both nodes go for every message at once (as their sweeps would): only the claim keeps it to one send.
        a.runtime.dispatcher.dispatch(id);
        b.runtime.dispatcher.dispatch(id);
        expected.set(phone, [...(expected.get(phone) ?? []), text]);
      }
    }
    const phones = new Set(expected.keys());
    const sent = await waitFor(
      'the 50 replies at the provider',
      () => {
        const texts = whatsappTexts().filter((t) => phones.has(t.to));
        return texts.length >= 50 && texts;
      },
      30_000,
    );
    // Nothing arrives twice, late: give a duplicate the chance to show up before counting.
    await waitFor('both nodes idle', () => a.runtime.dispatcher.idle && b.runtime.dispatcher.idle, 10_000);
    const all = whatsappTexts().filter((t) => phones.has(t.to));
    expect(all).toHaveLength(50);
    expect(new Set(all.map((t) => t.text)).size).toBe(50);
    for (const [phone, texts] of expected) expect(sent.filter((t) => t.to === phone).map((t) => t.text)).toEqual(texts);
    const replies = (node: Node) => node.sends.filter((s) => s.body.includes('reply ')).length;
    expect(replies(a) + replies(b)).toBe(50);
  }, 60_000);

  it('a send whose node dies mid-way is taken over by the other node once its lease runs out', async () => {
    const { conversationId, phone } = await whatsappConversation();
    const marker = `takeover ${randomUUID()}`;
    const death: Death = { marker, reachesProvider: false, diedOn: null, release: () => {} };
    deaths.push(death);
    const first = await onA.send(conversationId, marker);
    const second = await onB.send(conversationId, `after ${marker}`);
    await waitFor('a node to claim and die', () => death.diedOn);
    // The dead node's lease holds: nobody sends the message, nor the one written after it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stateOf(first)).toBe('queued');
    expect(await stateOf(second)).toBe('queued');
    offset += LEASE_MS + 1000;
    await waitFor('the message sent by the other node', async () => (await stateOf(second)) === 'sent', 10_000);
    expect(await stateOf(first)).toBe('sent');
    const texts = whatsappTexts()
      .filter((t) => t.to === phone)
      .map((t) => t.text);
    expect(texts).toEqual([marker, `after ${marker}`]);
    const survivor = death.diedOn === 'a' ? b : a;
    expect(survivor.sends.filter((s) => s.body.includes(marker))).toHaveLength(2);
  }, 30_000);

  it('a LINE push re-sent after its node died carries the same X-Line-Retry-Key and is delivered once', async () => {
    const userId = `U${randomUUID().replaceAll('-', '')}`;
    const inboundId = String(Date.now());
    const inbound = lineTextBody(userId, inboundId, 'こんにちは');
    const res = await fetch(`${a.hub.url}/webhooks/${line.id}`, {
      method: 'POST',
      headers: lineHeaders(LINE.channelSecret, inbound),
      body: inbound,
    });
    expect(res.status).toBe(200);
    const stored = await waitFor(
      'the LINE message',
      async () => await a.hub.store.messages.findByProviderId(line.id, inboundId),
    );
    // The first reply uses the reply token; the second goes by push, with its retry key.
    const firstReply = await onA.send(stored.message.conversationId, 'ありがとうございます');
    await waitFor('the reply sent', async () => (await stateOf(firstReply)) === 'sent');
    const marker = `push ${randomUUID()}`;
    const death: Death = { marker, reachesProvider: true, diedOn: null, release: () => {} };
    deaths.push(death);
    const pushed = await onB.send(stored.message.conversationId, marker);
    await waitFor('a node to push and die', () => death.diedOn);
    offset += LEASE_MS + 1000;
    await waitFor('the push marked sent by the other node', async () => (await stateOf(pushed)) === 'sent', 10_000);
    const pushes = fake.state
      .callsTo('line', '/v2/bot/message/push')
      .filter((c) => JSON.stringify(c.json).includes(marker));
    expect(pushes).toHaveLength(2);
    const keys = pushes.map((c) => c.headers['x-line-retry-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    // LINE accepted the first (on the node that died) and answered 409 to the second: the customer got it once.
    const survivor = death.diedOn === 'a' ? b : a;
    const retried = survivor.sends.filter((s) => s.body.includes(marker));
    expect(retried.map((s) => [s.status, s.retryKey])).toEqual([[409, keys[0]]]);
  }, 30_000);

  it('a media download whose node dies is done by the other node once its lease runs out, and once', async () => {
    const mediaId = String(880000 + Math.floor(Math.random() * 10000));
    fake.state.addMedia('whatsapp', mediaId, { bytes: Buffer.from('the photo'), mimeType: 'image/jpeg' });
    const death: Death = { marker: `/${mediaId}`, reachesProvider: false, diedOn: null, release: () => {} };
    deaths.push(death);
    const providerId = `wamid.IMG${mediaId}`;
    const body = whatsappImage('819177770000', providerId, mediaId, Date.now());
    const res = await fetch(`${a.hub.url}/webhooks/${wa.id}`, {
      method: 'POST',
      headers: whatsappHeaders(WA.appSecret, body),
      body,
    });
    expect(res.status).toBe(200);
    b.runtime.media.kick();
    await waitFor('a node to start the download and die', () => death.diedOn);
    const stored = await waitFor(
      'the image message',
      async () => await a.hub.store.messages.findByProviderId(wa.id, providerId),
    );
    const statusOf = async () =>
      (await a.hub.services.attachments.listPendingAttachments()).some((p) => p.messageId === stored.message.id)
        ? 'pending'
        : 'done';
    // The other node leaves it alone while the lease holds.
    (death.diedOn === 'a' ? b : a).runtime.media.kick();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await statusOf()).toBe('pending');
    offset += LEASE_MS + 1000;
    const survivor = death.diedOn === 'a' ? b : a;
    survivor.runtime.media.kick();
    await waitFor('the download done by the other node', async () => (await statusOf()) === 'done', 10_000);
    // The media lookup and the file itself, each fetched once (the dead node's lookup never reached Meta).
    const paths = fake.state.callsTo('whatsapp', mediaId).map((c) => c.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths).size).toBe(paths.length);
    const attachments = (await a.hub.store.messages.findById(stored.message.id))?.message.attachments ?? [];
    expect(attachments.map((x) => x.status)).toEqual(['ready']);
  }, 30_000);
});
