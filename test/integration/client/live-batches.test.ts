/**
 * A burst of customer messages reaches the client core as one push and is
 * applied as one batch: one cache transaction, one `changes` event naming
 * exactly the conversations and messages that changed (docs/desktop.md,
 * "Live changes"), while the unread total and notifications still count
 * every message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../../src/shared/api.js';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

type Changes = Extract<ClientEvent, { type: 'changes' }>;

const CUSTOMERS = 10;
const MESSAGES = 50;

function customerText(customer: number, n: number, at: number): InboundEvent {
  return {
    type: 'message',
    providerMessageId: `pm-burst-${customer}-${n}`,
    sender: { externalId: `customer-${customer}`, name: `Customer ${customer}`, phone: null, username: null },
    threadKey: null,
    kind: 'text',
    text: `burst ${n}`,
    media: [],
    meta: {},
    at,
    replyToken: null,
  };
}

describe('a burst of live events on the client core', () => {
  let hub: TestHub;
  let agent: TestAgent;
  let channelId: string;
  let client: TestClient;
  const temp = makeTempDir();

  beforeEach(async () => {
    hub = await startHub();
    agent = await hub.createAgent();
    channelId = (await hub.createChannel({ linkAgentIds: [agent.agent.id] })).id;
    client = await startSignedInClient({ dataDir: temp.dir, hubUrl: hub.url, agent });
  });

  afterEach(async () => {
    await client.stop();
    await hub.stop();
    temp.cleanup();
  });

  it('is applied in one transaction and reported as one change naming exactly what changed', async () => {
    const account = client.service.account();
    if (!account) throw new Error('not signed in');
    // Each applyEvents call is one cache transaction (apply-events.ts).
    const batches: number[] = [];
    const applyEvents = account.applier.applyEvents.bind(account.applier);
    account.applier.applyEvents = (events) => {
      batches.push(events.length);
      return applyEvents(events);
    };
    // After signing in the client reads the queue figures (GET /api/queues): count from when they are in.
    await waitFor(
      () => client.events.some((e) => e.type === 'changes' && (e.queueChannelIds ?? []).includes(channelId)),
      10_000,
      'the queue figures read after signing in',
    );
    const seen = client.events.length;
    const noted = client.notifications.length;
    const at = hub.clock.now();
    const burst = Array.from({ length: MESSAGES }, (_, n) => customerText(n % CUSTOMERS, n, at + n));
    const result = await hub.ingest(channelId, burst);
    expect(result.messageIds).toHaveLength(MESSAGES);

    await waitFor(async () => (await client.service.getUnreadCount()) === MESSAGES, 10_000, 'every message');
    const events = client.events.slice(seen);
    const changes = events.filter((e): e is Changes => e.type === 'changes');
    expect(changes).toHaveLength(1);
    expect(batches).toEqual([expect.any(Number)]);
    expect(batches[0]).toBeGreaterThanOrEqual(MESSAGES);
    // Nothing per event besides (a presence refresh after signing in may still say `conversations: []`).
    expect(events.some((e) => e.type === 'messages' || (e.type === 'conversations' && e.ids.length > 0))).toBe(false);

    const stored = await Promise.all(
      result.messageIds.map(async (id) => (await hub.hub.store.messages.findById(id))?.message),
    );
    const conversationIds = new Set(stored.map((m) => m?.conversationId));
    const [change] = changes;
    expect(new Set(change?.conversationIds)).toEqual(conversationIds);
    expect(change?.messages).toHaveLength(CUSTOMERS);
    expect(new Set(change?.messages.flatMap((m) => m.messageIds))).toEqual(new Set(result.messageIds));
    for (const group of change?.messages ?? []) {
      const own = stored.filter((m) => m?.conversationId === group.conversationId).map((m) => m?.id);
      expect(new Set(group.messageIds)).toEqual(new Set(own));
    }
    expect(change?.all).toBe(false);
    // Ten conversations at once: one summary, not a notification each.
    expect(client.notifications.slice(noted)).toEqual([
      expect.objectContaining({ conversationId: null, title: `${CUSTOMERS} conversations need you` }),
    ]);
    // The unread total still counts every message of the batch.
    expect(events.filter((e) => e.type === 'unread').at(-1)).toEqual({ type: 'unread', total: MESSAGES });
  });
});
