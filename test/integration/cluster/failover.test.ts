/**
 * The failover test (issue 15's acceptance; docs/scaling.md, "Running several nodes"): three hub processes
 * on one Postgres behind HAProxy on loopback, 50 agents' desktop clients (the real client core, each with
 * its own SQLite cache) signed in through HAProxy, webhooks from 120 customers on WhatsApp, LINE and Twilio
 * (a fifth of them delivered twice at the same instant to two different nodes), 300 replies written by the
 * agents meanwhile, and one node killed with SIGKILL half-way. Providers redeliver whatever got no 2xx.
 *
 * Passes when every inbound message is stored once; every reply reached the fake provider once (LINE
 * pushes carry X-Line-Retry-Key; WhatsApp and Twilio have no idempotency key, so a reply in flight at the
 * kill may reach them once more: counted and reported, and bounded); every client's cache, once caught up,
 * holds exactly the hub's messages and conversations of its channel; every client reconnected by itself.
 *
 * Sized by FAILOVER_WEBHOOKS (default 2,400) so a run takes a few minutes on the CI machine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { issueLineToken } from '../../../src/fake-provider/line.js';
import {
  signedLineWebhook,
  signedTwilioWebhook,
  signedWhatsappWebhook,
  type SignedWebhook,
} from '../../../src/fake-provider/signing.js';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { readCacheFile } from '../../helpers/cache-file.js';
import { startHaproxy, type Haproxy } from '../../helpers/haproxy.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';
import { callHubApi, expectOk, loginAt } from '../../helpers/hub-api.js';
import { freePort, killHubProcesses, runHubCli, type HubProcess } from '../../helpers/hub-cli.js';
import { createDatabase } from '../../helpers/postgres.js';
import { WA, lineTextBody, twilioInbound, whatsappText } from '../channels/provider-bodies.js';

const WEBHOOKS = Number(process.env.FAILOVER_WEBHOOKS ?? 2400);
const CUSTOMERS = 120;
const AGENTS = 50;
const REPLIES = Math.round(WEBHOOKS / 8);
/** Webhooks on the wire at once (the providers' deliveries overlap). */
const CONCURRENCY = 12;
const PUBLIC_URL = 'https://hub.example.com';
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
const AGENT_PASSWORD = 'agent-password-1';
const KINDS = ['whatsapp', 'line', 'twilio'] as const satisfies readonly ChannelKind[];
type Kind = (typeof KINDS)[number];

interface Node {
  readonly port: number;
  readonly url: string;
  readonly process: HubProcess;
  alive: boolean;
}

interface ChannelUnderTest {
  readonly kind: Kind;
  readonly id: string;
  readonly secret: string;
  readonly agents: { readonly email: string; readonly client: TestClient }[];
}

interface Customer {
  readonly index: number;
  readonly channel: ChannelUnderTest;
  /** WhatsApp wa_id, LINE user id or Twilio phone number. */
  readonly address: string;
}

interface Delivery {
  readonly providerId: string;
  attempts: number;
  refused: number;
}

let fake: FakeProvider;
let databaseUrl: string;
let db: pg.Client;
let proxy: Haproxy;

const nodes: Node[] = [];
const channels = new Map<Kind, ChannelUnderTest>();
const clients: TestClient[] = [];
const folders: string[] = [];
const tmp = makeTempDir('sb-failover-');

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-failover-node-'));
  folders.push(dataDir);
  const child = runHubCli(['--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], { env });
  const url = await child.started;
  return { port, url, process: child, alive: true };
}

function webhookFor(customer: Customer, providerId: string, text: string): SignedWebhook {
  const { channel, address } = customer;
  if (channel.kind === 'whatsapp')
    return signedWhatsappWebhook(channel.secret, whatsappText(address, providerId, text, Date.now()));
  if (channel.kind === 'line') return signedLineWebhook(channel.secret, lineTextBody(address, providerId, text));
  return signedTwilioWebhook(
    channel.secret,
    `${PUBLIC_URL}/webhooks/${channel.id}`,
    twilioInbound(providerId, address, text),
  );
}

/**
 * Delivers as a provider does: the first attempt to `first` (a node, or the load balancer), then again
 * through the load balancer, 300 ms apart, until a 2xx.
 */
async function deliver(first: string, channelId: string, webhook: SignedWebhook, record: Delivery): Promise<void> {
  for (let attempt = 1; attempt <= 200; attempt += 1) {
    const base = attempt === 1 ? first : proxy.url;
    record.attempts += 1;
    try {
      const res = await fetch(`${base}/webhooks/${channelId}${webhook.query}`, {
        method: 'POST',
        headers: { 'content-type': webhook.contentType, ...webhook.headers },
        body: webhook.body,
      });
      await res.arrayBuffer();
      if (res.ok) return;
      record.refused += 1;
    } catch {
      record.refused += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`webhook ${record.providerId} was never accepted`);
}

/**
 * The client's HTTP as if from its own office address: HAProxy adds the test's 127.0.0.1 after it, and the
 * nodes (trusting 127.0.0.1) take the agent's address, as they would for agents in different places.
 */
function fromAddress(n: number): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('x-forwarded-for', `10.0.${Math.floor(n / 256)}.${n % 256}`);
    return await fetch(input, { ...init, headers });
  };
}

/** A figure of the run, printed with the test's output (the closing note of issue 15 quotes them). */
function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    for (;;) {
      const index = next;
      next += 1;
      const item = items[index];
      if (item === undefined) return;
      await work(item, index);
    }
  });
  await Promise.all(lanes);
}

async function conversationOf(customer: Customer): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id
      WHERE ct.channel_id = $1 AND ct.external_id = $2 ORDER BY c.created_at LIMIT 1`,
    [customer.channel.id, externalIdOf(customer)],
  );
  return rows[0]?.id ?? null;
}

/** How the hub names the sender: Twilio's From is `whatsapp:+81…`; the others as sent. */
function externalIdOf(customer: Customer): string {
  return customer.channel.kind === 'twilio' ? `whatsapp:${customer.address}` : customer.address;
}

/** Texts of the replies the fake provider accepted, one entry per acceptance. */
function acceptedReplyTexts(kind: Kind): string[] {
  if (kind === 'whatsapp')
    return fake.state.callsTo('whatsapp', '/messages').flatMap((c) => {
      const body = (c.json as { text?: { body?: string } } | null)?.text?.body;
      return body ? [body] : [];
    });
  if (kind === 'twilio')
    return fake.state.callsTo('twilio', '/Messages.json').flatMap((c) => (c.form?.['Body'] ? [c.form['Body']] : []));
  // LINE answers a push whose X-Line-Retry-Key it has seen with 409 and delivers nothing; a used reply
  // token with 400. So: pushes once per retry key, replies once per reply token.
  const seen = new Set<string>();
  return fake.state.callsTo('line', '/v2/bot/message/').flatMap((c) => {
    const json = c.json as { replyToken?: string; messages?: { text?: string }[] } | null;
    const key = c.path.endsWith('/push')
      ? `push:${c.headers['x-line-retry-key'] ?? randomUUID()}`
      : `reply:${json?.replyToken}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return (json?.messages ?? []).flatMap((m) => (m.text ? [m.text] : []));
  });
}

beforeAll(async () => {
  fake = await startFakeProvider();
  databaseUrl = await createDatabase();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const env = {
    SWITCHBOARD_DATABASE_URL: databaseUrl,
    SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('base64'),
    SWITCHBOARD_PUBLIC_URL: PUBLIC_URL,
    SWITCHBOARD_LOG_LEVEL: 'error',
    // The nodes read the agents' addresses from HAProxy's X-Forwarded-For (sign-ins are limited per address).
    SWITCHBOARD_TRUST_PROXY: '127.0.0.1',
  };
  // The first node creates the admin and migrates; the other two join the same database.
  nodes.push(
    await startNode({ ...env, SWITCHBOARD_ADMIN_EMAIL: ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: ADMIN.password }),
  );
  nodes.push(...(await Promise.all([startNode(env), startNode(env)])));
  proxy = await startHaproxy({ backends: nodes.map((n) => n.url) });

  const api = (method: string, urlPath: string, options = {}) => callHubApi(proxy.url, method, urlPath, options);
  const admin = (await loginAt(api, ADMIN.email, ADMIN.password)).token;
  const credentials: Record<Kind, Record<string, unknown>> = {
    whatsapp: { ...WA, apiBaseUrl: fake.baseUrlFor('whatsapp') },
    line: {
      channelSecret: randomBytes(16).toString('hex'),
      channelAccessToken: `token-${randomBytes(8).toString('hex')}`,
      channelId: '1650000001',
      apiBaseUrl: fake.baseUrlFor('line'),
    },
    twilio: {
      accountSid: 'AC4d0c8e5a2b7f19e3c6a1d8b5f0e2c7a9',
      authToken: randomBytes(16).toString('hex'),
      from: 'whatsapp:+14155238886',
      apiBaseUrl: fake.baseUrlFor('twilio'),
    },
  };
  issueLineToken(fake.state, String(credentials.line['channelAccessToken']), '1650000001');
  const secretOf = (kind: Kind): string =>
    String(
      kind === 'whatsapp'
        ? WA.appSecret
        : kind === 'line'
          ? credentials.line['channelSecret']
          : credentials.twilio['authToken'],
    );
  for (const kind of KINDS) {
    const body = {
      kind,
      name: `${kind} failover`,
      credentials: credentials[kind],
      // Routing is not what this test is about: conversations stay unassigned, every linked agent sees them.
      settings: { autoAssign: false },
      saveUnverified: true,
    };
    const created = expectOk(await api('POST', '/api/channels', { token: admin, body }), 'create channel') as {
      id: string;
    };
    channels.set(kind, { kind, id: created.id, secret: secretOf(kind), agents: [] });
  }
  for (let i = 0; i < AGENTS; i += 1) {
    const kind = KINDS[i % KINDS.length] ?? 'whatsapp';
    const email = `agent-${i}@example.com`;
    const created = expectOk(
      await api('POST', '/api/agents', {
        token: admin,
        body: { email, password: AGENT_PASSWORD, name: `Agent ${i}`, role: 'agent' },
      }),
      'create agent',
    ) as { id: string };
    const channel = channels.get(kind);
    if (!channel) throw new Error(kind);
    expectOk(
      await api('POST', `/api/channels/${channel.id}/agents`, { token: admin, body: { agentId: created.id } }),
      'link',
    );
    const dir = path.join(tmp.dir, `agent-${i}`);
    fs.mkdirSync(dir);
    const client = await startSignedInClient({
      dataDir: dir,
      hubUrl: proxy.url,
      agent: { email, password: AGENT_PASSWORD },
      fetch: fromAddress(i),
    });
    clients.push(client);
    (channel.agents as { email: string; client: TestClient }[]).push({ email, client });
  }
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.stop()));
  await proxy?.stop();
  killHubProcesses();
  await db?.end();
  await fake?.close();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  tmp.cleanup();
});

describe('three hub nodes behind HAProxy, one killed under load', () => {
  it('stores every webhook once, sends every reply once, and every client’s cache ends equal to the hub', async () => {
    const customers: Customer[] = Array.from({ length: CUSTOMERS }, (_, index) => {
      const kind = KINDS[index % KINDS.length] ?? 'whatsapp';
      const channel = channels.get(kind);
      if (!channel) throw new Error(kind);
      const n = String(index).padStart(4, '0');
      const address =
        kind === 'whatsapp' ? `8190000${n}` : kind === 'line' ? `U${randomBytes(16).toString('hex')}` : `+8180000${n}`;
      return { index, channel, address };
    });
    const run = randomBytes(3).toString('hex');
    const deliveries: Delivery[] = Array.from({ length: WEBHOOKS }, (_, i) => ({
      providerId: kind(customers[i % CUSTOMERS]) === 'twilio' ? `SM${run}${String(i).padStart(26, '0')}` : `${run}${i}`,
      attempts: 0,
      refused: 0,
    }));
    let dispatched = 0;
    let killedAt: number | null = null;
    let eventsAtKill: number[] = [];

    const inbound = pool(deliveries, CONCURRENCY, async (record, i) => {
      const customer = customers[i % CUSTOMERS];
      if (!customer) throw new Error('customer');
      dispatched = Math.max(dispatched, i + 1);
      if (i === Math.floor(WEBHOOKS / 2) && killedAt === null) {
        // Half-way: one node dies at once, with whatever it had in flight.
        killedAt = i;
        eventsAtKill = clients.map((c) => c.events.length);
        const victim = nodes[1];
        if (victim?.process.child.pid) {
          victim.alive = false;
          process.kill(-victim.process.child.pid, 'SIGKILL');
        }
      }
      const webhook = webhookFor(customer, record.providerId, `message ${i} from customer ${customer.index}`);
      if (i % 5 === 0) {
        // The same webhook at the same instant to two different nodes (dead or alive: a dead one's copy is redelivered).
        const a = nodes[i % 3];
        const b = nodes[(i + 1) % 3];
        if (!a || !b) throw new Error('nodes');
        await Promise.all([
          deliver(a.url, customer.channel.id, webhook, record),
          deliver(b.url, customer.channel.id, webhook, record),
        ]);
      } else {
        await deliver(proxy.url, customer.channel.id, webhook, record);
      }
    });

    // The agents reply meanwhile, paced by the webhooks: one reply per 8 webhooks, each by an agent of the
    // customer's channel, to a conversation the agent's own cache already shows.
    const replies: { text: string; kind: Kind; clientId: string }[] = [];
    const outbound = (async () => {
      for (let r = 0; r < REPLIES; r += 1) {
        await waitFor(
          async () => (dispatched >= r * 8 || dispatched >= WEBHOOKS ? true : undefined),
          600_000,
          'webhooks',
        );
        const customer = customers[r % CUSTOMERS];
        if (!customer) throw new Error('customer');
        // One agent per customer: a reply another agent wrote meanwhile would be held for its writer to confirm.
        const agent =
          customer.channel.agents[Math.floor(customer.index / KINDS.length) % customer.channel.agents.length];
        if (!agent) throw new Error('agent');
        const conversationId = await waitFor(
          async () => (await conversationOf(customer)) ?? undefined,
          120_000,
          'conversation',
        );
        await waitFor(
          async () =>
            (await agent.client.service.getConversation(conversationId).catch(() => null)) ? true : undefined,
          120_000,
          'the conversation in the agent’s cache',
        );
        const text = `reply ${r} to customer ${customer.index}`;
        const sent = await agent.client.service.sendMessage({ conversationId, kind: 'text', text });
        replies.push({ text, kind: customer.channel.kind, clientId: sent.id });
      }
    })();

    const began = Date.now();
    const phase = (what: string): void =>
      report(`failover: ${what} after ${Math.round((Date.now() - began) / 1000)} s`);
    await Promise.all([inbound.then(() => phase('webhooks accepted')), outbound.then(() => phase('replies written'))]);
    expect(killedAt).not.toBeNull();

    // Every inbound message stored exactly once.
    const stored = await db.query<{ provider_message_id: string; n: string }>(
      `SELECT provider_message_id, count(*) AS n FROM messages WHERE direction = 'in' GROUP BY provider_message_id`,
    );
    const storedIds = new Map(stored.rows.map((r) => [r.provider_message_id, Number(r.n)]));
    expect(deliveries.filter((d) => storedIds.get(d.providerId) !== 1).map((d) => d.providerId)).toEqual([]);
    expect(stored.rows.length).toBe(WEBHOOKS);

    // Every reply sent (the clients' outboxes resend over the kill with the same client id: stored once each).
    await waitFor(
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM messages WHERE direction = 'out' AND state IN ('sent', 'delivered', 'read')`,
        );
        return Number(rows[0]?.n) >= REPLIES ? true : undefined;
      },
      180_000,
      'every reply sent',
    ).catch(async (error: unknown) => {
      const { rows } = await db.query<{ state: string; n: string }>(
        `SELECT state, count(*) AS n FROM messages WHERE direction = 'out' GROUP BY state`,
      );
      const outboxes = clients.map((c) => c.service.account()?.cache.outbox.waitingCount() ?? -1);
      throw new Error(
        `${String(error)}: replies by state ${JSON.stringify(rows)}, client outboxes ${outboxes.join(',')}`,
      );
    });
    phase('replies sent');
    const outRows = await db.query<{ client_id: string; n: string }>(
      `SELECT client_id, count(*) AS n FROM messages WHERE direction = 'out' GROUP BY client_id`,
    );
    expect(outRows.rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(outRows.rows.length).toBe(REPLIES);

    // Every reply reached the provider; once, except at most once more where the provider has no idempotency key.
    const extra: Record<Kind, number> = { whatsapp: 0, line: 0, twilio: 0 };
    for (const kind of KINDS) {
      const counts = new Map<string, number>();
      for (const text of acceptedReplyTexts(kind)) counts.set(text, (counts.get(text) ?? 0) + 1);
      for (const reply of replies.filter((x) => x.kind === kind)) {
        const n = counts.get(reply.text) ?? 0;
        expect(n, reply.text).toBeGreaterThanOrEqual(1);
        expect(n, reply.text).toBeLessThanOrEqual(2);
        extra[kind] += n - 1;
      }
    }
    report(`failover: replies sent twice (in flight at the kill): ${JSON.stringify(extra)}`);
    // A reply is in flight on the killed node for at most one message per conversation.
    expect(extra.whatsapp + extra.twilio + extra.line).toBeLessThanOrEqual(CUSTOMERS);
    const redelivered = deliveries.filter((d) => d.refused > 0).length;
    report(`failover: webhooks redelivered after no 2xx: ${redelivered} of ${WEBHOOKS}`);

    // The clients of the killed node lost their connection (HAProxy spread them over the three)...
    const dropped = clients.filter((c, k) =>
      c.events.slice(eventsAtKill[k]).some((e) => e.type === 'connection' && e.state.status !== 'online'),
    );
    report(`failover: ${dropped.length} of ${AGENTS} clients lost their node and reconnected`);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.length).toBeLessThan(AGENTS);

    // ...and every client reconnected by itself (none was told the network changed) and caught up; its cache then
    // holds exactly the hub's conversations and messages of its channel, with their states.
    for (const channel of channels.values()) {
      const hubMessages = async (): Promise<string[]> =>
        (
          await db.query<{ id: string; state: string }>(
            'SELECT id, state FROM messages WHERE channel_id = $1 ORDER BY id',
            [channel.id],
          )
        ).rows.map((r) => `${r.id} ${r.state}`);
      const hubConversations = (
        await db.query<{ id: string }>('SELECT id FROM conversations WHERE channel_id = $1 ORDER BY id', [channel.id])
      ).rows.map((r) => r.id);
      for (const { email, client } of channel.agents) {
        await client.waitForSynced(120_000);
        const folder = client.service.account()?.cache.folder;
        if (!folder) throw new Error(`${email} is signed out`);
        const cached = (): { messages: string[]; conversations: string[] } =>
          readCacheFile(folder, (cache) => ({
            messages: (
              cache.prepare("SELECT id, json_extract(json, '$.state') AS state FROM messages ORDER BY id").all() as {
                id: string;
                state: string;
              }[]
            ).map((r) => `${r.id} ${r.state}`),
            conversations: (cache.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: string }[]).map(
              (r) => r.id,
            ),
          }));
        // Receipts of the last replies may still be arriving: equal once both sides are still.
        const expected = await waitFor(
          async () => {
            const want = await hubMessages();
            const have = cached().messages;
            return want.length === have.length && want.every((m, k) => m === have[k]) ? want : undefined;
          },
          60_000,
          `${email}'s cache to equal the hub`,
        ).catch(async () => await hubMessages());
        expect(cached().messages, email).toEqual(expected);
        expect(cached().conversations, email).toEqual(hubConversations);
      }
    }
    phase('caches equal');
  }, 900_000);
});

function kind(customer: Customer | undefined): Kind {
  if (!customer) throw new Error('customer');
  return customer.channel.kind;
}
