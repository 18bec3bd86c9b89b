/**
 * Conversations per issue in the desktop client (docs/lifecycle.md, "Conversations and tickets"): after
 * the agent resolves a conversation and the customer writes again outside the reopen window, the client's
 * cache keeps both — the new one open with its own ticket, the old one resolved — each listing the other
 * under past conversations, offline too; the inbox's status filter shows each where it belongs. A ticket
 * converted by hand and a subject edited through the client's hub calls reach its cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('conversations per issue in the client', () => {
  let hub: TestHub;
  let aiko: TestAgent;
  let client: TestClient | null = null;
  const temps: ReturnType<typeof makeTempDir>[] = [];

  beforeEach(async () => {
    hub = await startHub();
    hub.hub.services.setDispatcher({ dispatch: () => undefined });
    aiko = await hub.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
  });

  afterEach(async () => {
    await client?.stop();
    client = null;
    await hub.stop();
    for (const tmp of temps.splice(0)) tmp.cleanup();
  });

  async function signIn(): Promise<TestClient> {
    const tmp = makeTempDir();
    temps.push(tmp);
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    return client;
  }

  it('keeps the resolved conversation and the new one apart, each listing the other, offline too', async () => {
    const channel = await hub.createChannel({
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true, reopenWindowMinutes: 0 },
    });
    const c = await signIn();
    const first = await ingestCustomerText(hub, channel.id, { from: 'cust', name: 'Mia', text: 'My order is late' });
    await waitFor(async () => (await c.service.listConversations({})).total === 1);
    await c.service.setStatus(first, 'resolved', null);

    const second = await ingestCustomerText(hub, channel.id, { from: 'cust', name: 'Mia', text: 'Another question' });
    expect(second).not.toBe(first);
    // The working views leave resolved conversations out; the status filter finds each where it belongs.
    await waitFor(async () => (await c.service.listConversations({})).rows.some((r) => r.conversation.id === second));
    expect((await c.service.listConversations({})).rows.map((r) => r.conversation.id)).toEqual([second]);
    const open = await c.service.listConversations({ status: 'open' });
    expect(open.rows.map((r) => r.conversation.id)).toEqual([second]);
    const resolved = await c.service.listConversations({ status: 'resolved' });
    expect(resolved.rows.map((r) => r.conversation.id)).toEqual([first]);

    const newer = await c.service.getConversation(second);
    const older = await c.service.getConversation(first);
    expect(newer.row.conversation.ticket?.number).toBeGreaterThan(older.row.conversation.ticket?.number ?? Infinity);
    expect(newer.pastConversations.map((p) => p.id)).toEqual([first]);
    expect(older.pastConversations.map((p) => p.id)).toEqual([second]);
    expect(older.row.conversation.resolvedAt).toEqual(expect.any(Number));

    await hub.halt();
    await waitFor(async () => (await c.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect((await c.service.getConversation(first)).pastConversations.map((p) => p.id)).toEqual([second]);
    expect((await c.service.getConversation(second)).row.conversation.status).toBe('open');
    await hub.resume();
  });

  it('a conversation converted by hand and a new subject reach the cache', async () => {
    const channel = await hub.createChannel({ linkAgentIds: [aiko.agent.id], settings: { autoConvert: false } });
    const c = await signIn();
    const id = await ingestCustomerText(hub, channel.id, { from: 'cust', name: 'Mia', text: 'Refund please' });
    await waitFor(async () => (await c.service.listConversations({})).total === 1);
    expect((await c.service.getConversation(id)).row.conversation.ticket).toBeNull();

    const converted = await c.service.convertToTicket(id);
    expect(converted.ticket?.subject).toBe('Refund please');
    await waitFor(async () => (await c.service.getConversation(id)).row.conversation.ticket !== null);

    await c.service.setTicketSubject(id, 'Refund for order 1234');
    await waitFor(
      async () => (await c.service.getConversation(id)).row.conversation.ticket?.subject === 'Refund for order 1234',
    );
  });
});
