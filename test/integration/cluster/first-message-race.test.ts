/**
 * A new customer's first message delivered to two hub nodes at the same instant (a provider redelivery, or
 * the same webhook sent to both), on one Postgres (docs/scaling.md, "Duplicates across nodes"): both nodes
 * answer 2xx, the message is stored once, the customer is one contact with one conversation. Two different
 * first messages of one customer, one on each node, are both stored, in that one conversation; so are two
 * messages at once from a customer whose last conversation ended, in one new conversation.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, ChannelKind } from '../../../src/shared/domain.js';
import { lineHeaders, whatsappHeaders } from '../channels/harness.js';
import { LINE, WA, lineTextBody, whatsappText } from '../channels/provider-bodies.js';
import { startCluster, type Cluster, type ProviderNode } from './provider-nodes.js';

const TG = { botToken: '123456:ABCdef', secretToken: 'tg-secret_1' };
const CUSTOMERS = 30;
/** Customers whose webhooks are in flight together (each to both nodes). */
const AT_ONCE = 5;

let cluster: Cluster;
let db: pg.Client;
const channels = {} as Record<'whatsapp' | 'line' | 'telegram', Channel>;

beforeAll(async () => {
  cluster = await startCluster();
  db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const base = (kind: ChannelKind) => ({ apiBaseUrl: cluster.fake.baseUrlFor(kind as 'line') });
  channels.whatsapp = await cluster.createChannel('whatsapp', { ...WA, ...base('whatsapp') });
  // A resolved conversation ends at once: the customer's next message opens a new one.
  channels.line = await cluster.createChannel('line', { ...LINE, ...base('line') }, { reopenWindowMinutes: 0 });
  channels.telegram = await cluster.createChannel('telegram', { ...TG, ...base('telegram') });
}, 60_000);

afterAll(async () => {
  await db?.end();
  await cluster?.stop();
});

/** A Telegram webhook update: a private text from user `userId`. */
function telegramText(userId: number, messageId: number, text: string): string {
  const from = { id: userId, is_bot: false, first_name: `Customer ${userId}` };
  return JSON.stringify({
    update_id: messageId,
    message: {
      message_id: messageId,
      from,
      chat: { id: userId, type: 'private', first_name: from.first_name },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
}

interface Delivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** The signed webhook of customer `n`'s message `m` on a channel kind, and the provider's id of that message. */
function delivery(kind: 'whatsapp' | 'line' | 'telegram', run: number, n: number, m: number) {
  const sender = `${run}${String(n).padStart(3, '0')}`;
  if (kind === 'whatsapp') {
    const id = `wamid.RACE${sender}x${m}`;
    const body = whatsappText(`8190${sender}`, id, `hello ${m}`, Date.now());
    return { providerId: id, sender: `8190${sender}`, body, headers: whatsappHeaders(WA.appSecret, body) };
  }
  if (kind === 'line') {
    const userId = `U${sender.padStart(32, '0')}`;
    const id = `${sender}${m}`;
    const body = lineTextBody(userId, id, `hello ${m}`);
    return { providerId: id, sender: userId, body, headers: lineHeaders(LINE.channelSecret, body) };
  }
  const userId = Number(`7${sender}`);
  const body = telegramText(userId, 1000 * n + m, `hello ${m}`);
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG.secretToken };
  return { providerId: `${userId}:${1000 * n + m}`, sender: String(userId), body, headers };
}

async function post(node: ProviderNode, channelId: string, d: Delivery): Promise<number> {
  const res = await fetch(`${node.hub.url}/webhooks/${channelId}`, {
    method: 'POST',
    headers: d.headers,
    body: d.body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function counts(channelId: string) {
  const one = async (sql: string) => Number((await db.query<{ n: string }>(sql, [channelId])).rows[0]?.n);
  return {
    messages: await one(`SELECT count(*) AS n FROM messages WHERE channel_id = $1 AND direction = 'in'`),
    contacts: await one(`SELECT count(*) AS n FROM contacts WHERE channel_id = $1`),
    conversations: await one(`SELECT count(*) AS n FROM conversations WHERE channel_id = $1`),
  };
}

/** Each customer's conversations, and the provider ids of its messages. */
async function perCustomer(channelId: string) {
  const { rows } = await db.query<{ external_id: string; conversations: string; ids: string[] }>(
    `SELECT c.external_id, count(DISTINCT v.id) AS conversations,
            array_agg(m.provider_message_id ORDER BY m.provider_message_id) AS ids
       FROM contacts c JOIN conversations v ON v.contact_id = c.id JOIN messages m ON m.conversation_id = v.id
      WHERE c.channel_id = $1 GROUP BY c.external_id`,
    [channelId],
  );
  return new Map(rows.map((r) => [r.external_id, { conversations: Number(r.conversations), ids: r.ids }]));
}

const [a, b] = [() => cluster.nodes[0] as ProviderNode, () => cluster.nodes[1] as ProviderNode];
let run = 0;

describe('a new customer’s first message on two nodes at once', () => {
  for (const kind of ['whatsapp', 'line', 'telegram'] as const) {
    it(`${kind}: the same webhook posted to both nodes at once is answered 2xx by both and stored once`, async () => {
      run += 1;
      const channelId = channels[kind].id;
      const before = await counts(channelId);
      const statuses: number[] = [];
      const expected = new Map<string, string>();
      for (let start = 0; start < CUSTOMERS; start += AT_ONCE) {
        const group = Array.from({ length: AT_ONCE }, (_, i) => delivery(kind, run, start + i, 1));
        for (const d of group) expected.set(d.sender, d.providerId);
        statuses.push(...(await Promise.all(group.flatMap((d) => [post(a(), channelId, d), post(b(), channelId, d)]))));
      }
      expect(statuses).toHaveLength(2 * CUSTOMERS);
      expect(statuses.filter((s) => s < 200 || s >= 300)).toEqual([]);
      const after = await counts(channelId);
      expect(after.messages - before.messages).toBe(CUSTOMERS);
      expect(after.contacts - before.contacts).toBe(CUSTOMERS);
      expect(after.conversations - before.conversations).toBe(CUSTOMERS);
      const stored = await perCustomer(channelId);
      for (const [sender, providerId] of expected)
        expect(stored.get(sender), sender).toEqual({ conversations: 1, ids: [providerId] });
    }, 120_000);
  }

  it('two different first messages of one customer, one on each node at once, are both stored in one conversation', async () => {
    run += 1;
    const channelId = channels.whatsapp.id;
    const statuses: number[] = [];
    for (let start = 0; start < CUSTOMERS; start += AT_ONCE) {
      const customers = Array.from({ length: AT_ONCE }, (_, i) => start + i);
      statuses.push(
        ...(await Promise.all(
          customers.flatMap((n) => [
            post(a(), channelId, delivery('whatsapp', run, n, 1)),
            post(b(), channelId, delivery('whatsapp', run, n, 2)),
          ]),
        )),
      );
    }
    expect(statuses.filter((s) => s < 200 || s >= 300)).toEqual([]);
    const stored = await perCustomer(channelId);
    for (let n = 0; n < CUSTOMERS; n += 1) {
      const first = delivery('whatsapp', run, n, 1);
      const second = delivery('whatsapp', run, n, 2);
      expect(stored.get(first.sender), first.sender).toEqual({
        conversations: 1,
        ids: [first.providerId, second.providerId].sort(),
      });
    }
  }, 120_000);

  it('two messages at once, one on each node, from a customer whose conversation ended open one new conversation', async () => {
    run += 1;
    const channelId = channels.line.id;
    const node = a();
    const actor = await node.hub.services.auth.authenticate(cluster.adminToken);
    const customers = Array.from({ length: 10 }, (_, n) => n);
    for (const n of customers) {
      const first = delivery('line', run, n, 1);
      expect(await post(node, channelId, first)).toBe(200);
      const stored = await node.hub.store.messages.findByProviderId(channelId, first.providerId);
      if (!stored) throw new Error('first message not stored');
      await node.hub.services.conversations.setStatus(actor, {
        conversationId: stored.message.conversationId,
        status: 'resolved',
      });
    }
    const statuses = await Promise.all(
      customers.flatMap((n) => [
        post(a(), channelId, delivery('line', run, n, 2)),
        post(b(), channelId, delivery('line', run, n, 3)),
      ]),
    );
    expect(statuses.filter((s) => s < 200 || s >= 300)).toEqual([]);
    const stored = await perCustomer(channelId);
    for (const n of customers) {
      const ids = [1, 2, 3].map((m) => delivery('line', run, n, m).providerId).sort();
      const { sender } = delivery('line', run, n, 1);
      expect(stored.get(sender), sender).toEqual({ conversations: 2, ids });
      const open = await db.query(
        `SELECT v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id
          WHERE c.channel_id = $1 AND c.external_id = $2 AND v.status <> 'resolved'`,
        [channelId, sender],
      );
      expect(open.rows).toHaveLength(1);
    }
  }, 120_000);
});
