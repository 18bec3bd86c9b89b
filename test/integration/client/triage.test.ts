/**
 * Triage in the client core (issue 13 §4): the working views leave resolved
 * conversations out, longest waiting sorts by the customer's oldest unanswered
 * message, unread only, mark all read, mark as unread reaching the agent's
 * other device, and a bulk change answered per conversation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

const MINUTE = 60_000;

describe('inbox triage in the client core', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let channelId: string;
  let client: TestClient;
  const others: TestClient[] = [];
  const folder = (name: string): string => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    channelId = (await hub.createChannel({ kind: 'telegram', name: 'Telegram', linkAgentIds: [aiko.agent.id] })).id;
    client = await startSignedInClient({ dataDir: folder('laptop'), hubUrl: hub.url, agent: aiko });
  });

  afterEach(async () => {
    for (const other of others.splice(0)) await other.stop();
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const ids = async (query: Parameters<TestClient['service']['listConversations']>[0]) =>
    (await client.service.listConversations(query)).rows.map((r) => r.contact.name);

  async function showsAll(names: string[]): Promise<void> {
    await waitFor(async () => {
      const shown = await ids({});
      return names.every((n) => shown.includes(n)) ? true : undefined;
    });
  }

  it('sorts by longest waiting: the customer’s oldest unanswered message first, answered ones last', async () => {
    // Hanako wrote first but is answered; Ken waits since his first message; Mei wrote after it but before his second.
    const hanako = await ingestCustomerText(hub, channelId, { from: 'h', name: 'Hanako', text: 'hi' });
    hub.clock.advance(MINUTE);
    const kenSince = hub.clock.now();
    const ken = await ingestCustomerText(hub, channelId, { from: 'k', name: 'Ken', text: 'one' });
    // The hub's clock runs on between the two readings (a millisecond under load): Ken's message is stamped in between.
    const kenStamped = hub.clock.now();
    hub.clock.advance(MINUTE);
    await ingestCustomerText(hub, channelId, { from: 'm', name: 'Mei', text: 'hello' });
    hub.clock.advance(MINUTE);
    await ingestCustomerText(hub, channelId, { from: 'k', name: 'Ken', text: 'two' });
    await showsAll(['Hanako', 'Ken', 'Mei']);
    hub.clock.advance(5 * MINUTE);
    client.service.sendMessage({ conversationId: hanako, kind: 'text', text: 'Hello Hanako' });
    await waitFor(async () =>
      (await client.service.getConversation(hanako)).row.waitingSince === null ? true : undefined,
    );

    // The reply counts as activity once the hub has it (the row's last message time comes from the hub).
    await waitFor(async () =>
      (await client.service.listMessages({ conversationId: hanako })).messages.some(
        (m) => m.text === 'Hello Hanako' && m.outbox === null,
      )
        ? true
        : undefined,
    );
    await waitFor(async () => ((await ids({ sort: 'activity' }))[0] === 'Hanako' ? true : undefined));
    expect(await ids({ sort: 'activity' })).toEqual(['Hanako', 'Ken', 'Mei']);
    expect(await ids({ sort: 'waiting' })).toEqual(['Ken', 'Mei', 'Hanako']);
    const kenRow = (await client.service.listConversations({ sort: 'waiting' })).rows[0];
    expect(kenRow?.conversation.id).toBe(ken);
    expect(kenRow?.waitingSince).toBeGreaterThanOrEqual(kenSince);
    expect(kenRow?.waitingSince).toBeLessThanOrEqual(kenStamped);
  });

  it('the working views leave resolved conversations out, the Resolved view keeps them; unread only; mark all read', async () => {
    const a = await ingestCustomerText(hub, channelId, { from: 'a', name: 'Asa', text: 'a' });
    const b = await ingestCustomerText(hub, channelId, { from: 'b', name: 'Bo', text: 'b' });
    await ingestCustomerText(hub, channelId, { from: 'c', name: 'Chie', text: 'c' });
    await showsAll(['Asa', 'Bo', 'Chie']);
    await client.service.setStatus(a, 'resolved', null);
    expect((await ids({})).sort()).toEqual(['Bo', 'Chie']);
    expect((await client.service.listConversations({ view: 'all' })).total).toBe(2);
    expect(await ids({ view: 'resolved' })).toEqual(['Asa']);
    expect((await client.service.listConversations({ view: 'resolved' })).total).toBe(1);

    await client.service.markRead(b);
    expect(await ids({ unreadOnly: true })).toEqual(['Chie']);
    expect((await client.service.listConversations({ unreadOnly: true })).total).toBe(1);
    expect(await client.service.markAllRead({ view: 'all' })).toBe(1);
    expect((await client.service.listConversations({ unreadOnly: true })).total).toBe(0);
    // The resolved one was not in the view: still unread.
    expect((await client.service.listConversations({ view: 'resolved', unreadOnly: true })).total).toBe(1);
  });

  it('mark as unread shows on the agent’s other device, and reading it there clears it on both', async () => {
    const id = await ingestCustomerText(hub, channelId, { from: 'h', name: 'Hanako', text: 'first' });
    await ingestCustomerText(hub, channelId, { from: 'h', name: 'Hanako', text: 'second' });
    await showsAll(['Hanako']);
    const phone = await startSignedInClient({ dataDir: folder('phone'), hubUrl: hub.url, agent: aiko });
    others.push(phone);
    const unreadOn = async (c: TestClient) => (await c.service.getConversation(id)).row.unreadCount;
    await client.service.markRead(id);
    await waitFor(async () => ((await unreadOn(phone)) === 0 ? true : undefined), 10_000, 'read on the phone');

    await client.service.markUnread(id);
    expect(await unreadOn(client)).toBe(1);
    await waitFor(async () => ((await unreadOn(phone)) === 1 ? true : undefined), 10_000, 'unread on the phone');
    expect(await phone.service.getUnreadCount()).toBe(1);

    // A device signing in afresh (a snapshot) sees it unread too, though its marker was once later.
    const tablet = await startSignedInClient({ dataDir: folder('tablet'), hubUrl: hub.url, agent: aiko });
    others.push(tablet);
    expect(await unreadOn(tablet)).toBe(1);

    await phone.service.markRead(id);
    await waitFor(async () => ((await unreadOn(client)) === 0 ? true : undefined), 10_000, 'read again on the laptop');
  });

  it('a bulk change answers per conversation and the changed rows show it at once', async () => {
    const ben = await hub.createAgent({ name: 'Ben' });
    const other = (await hub.createChannel({ kind: 'telegram', name: 'Other', linkAgentIds: [ben.agent.id] })).id;
    const a = await ingestCustomerText(hub, channelId, { from: 'a', name: 'Asa', text: 'a' });
    const b = await ingestCustomerText(hub, channelId, { from: 'b', name: 'Bo', text: 'b' });
    const foreign = await ingestCustomerText(hub, other, { from: 'x', name: 'Xu', text: 'x' });
    await showsAll(['Asa', 'Bo']);
    const result = await client.service.bulkUpdate({
      conversationIds: [a, foreign, b],
      action: { type: 'status', status: 'resolved' },
    });
    expect(result.outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'CHANNEL_NOT_LINKED', 'ok']);
    expect(await ids({})).toEqual([]);
    expect((await ids({ view: 'resolved' })).sort()).toEqual(['Asa', 'Bo']);
  });

  it('tells the agent who else has a conversation open, by name, until they leave it', async () => {
    const ben = await hub.createAgent({ name: 'Ben' });
    await hub.linkAgent(channelId, ben.agent.id);
    const id = await ingestCustomerText(hub, channelId, { from: 'h', name: 'Hanako', text: 'hi' });
    await showsAll(['Hanako']);
    const benClient = await startSignedInClient({ dataDir: folder('ben'), hubUrl: hub.url, agent: ben });
    others.push(benClient);
    const viewing = (open: boolean) =>
      waitFor(() =>
        client.events.find(
          (e) => e.type === 'viewing' && e.conversationId === id && e.agentName === 'Ben' && e.viewing === open,
        ),
      );
    await benClient.service.setViewing(id);
    await viewing(true);
    await benClient.service.setViewing(null);
    await viewing(false);
  });
});
