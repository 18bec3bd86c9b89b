import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent } from '../../../src/hub/channels/types.js';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, type SearchHit } from '../../../src/shared/api.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

const HOUR = 3_600_000;

function customer(
  from: string,
  name: string,
  n: number,
  at: number,
  text: string | null,
  fileName?: string,
): InboundEvent {
  return {
    type: 'message',
    providerMessageId: `pm-${from}-${n}`,
    sender: { externalId: from, name, phone: null, username: null },
    threadKey: null,
    kind: fileName ? 'document' : 'text',
    text,
    media: fileName ? [{ ref: `media-${n}`, mimeType: 'application/pdf', fileName, size: 1200 }] : [],
    meta: {},
    at,
    replyToken: null,
  };
}

/** Conversations and how many hits each, as the search results group them. */
const grouped = (hits: readonly SearchHit[]) => {
  const counts = new Map<string, number>();
  for (const hit of hits) counts.set(hit.contactName, (counts.get(hit.contactName) ?? 0) + 1);
  return Object.fromEntries(counts);
};
const marked = (hit: SearchHit | undefined) =>
  hit?.snippet.replaceAll(SNIPPET_MARK_START, '[').replaceAll(SNIPPET_MARK_END, ']');

describe('offline search: labels, file names, filters, grouped', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let ben: TestAgent;
  let telegram: string;
  let line: string;
  let client: TestClient;
  let t0: number;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    const linked = [aiko.agent.id, ben.agent.id];
    telegram = (await hub.createChannel({ kind: 'telegram', name: 'Support bot', linkAgentIds: linked })).id;
    line = (await hub.createChannel({ kind: 'line', name: 'LINE 公式', linkAgentIds: linked })).id;
    t0 = hub.clock.now();
    await hub.ingest(telegram, [
      await customer('u1', '山田 花子', 1, t0, '返品の手続きを教えてください'),
      await customer('u1', '山田 花子', 2, t0 + 1, '返品はいつ届きますか'),
      await customer('u1', '山田 花子', 3, t0 + 2, null, '請求書-invoice-2026.pdf'),
    ]);
    // The hub dates a message when it receives it.
    hub.clock.advance(3 * HOUR);
    await hub.ingest(line, [
      await customer('u2', 'John', 4, t0 + 3 * HOUR, '返品したい invoice please'),
      await customer('u3', 'Mia', 5, t0 + 4 * HOUR, 'hello'),
    ]);
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    await waitFor(async () =>
      (await client.service.listConversations({ view: 'all' })).total === 3 ? true : undefined,
    );
  });

  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const conversationOf = async (name: string): Promise<string> => {
    const list = await client.service.listConversations({ view: 'all' });
    return list.rows.find((r) => r.contact.name === name)?.conversation.id ?? '';
  };

  it('finds file names and labels, Japanese included, with the match highlighted', async () => {
    const invoices = await client.service.search({ query: 'invoice' });
    expect(grouped(invoices)).toEqual({ '山田 花子': 1, John: 1 });
    expect(marked(invoices.find((h) => h.contactName === '山田 花子'))).toBe('📎 請求書-[invoice]-2026.pdf');
    expect(marked((await client.service.search({ query: '請求書' }))[0])).toBe('📎 [請求書]-invoice-2026.pdf');

    await client.service.setLabels(await conversationOf('Mia'), ['VIP顧客', 'refund']);
    await waitFor(async () => ((await client.service.search({ query: 'VIP' })).length === 1 ? true : undefined));
    const vip = await client.service.search({ query: '顧客' });
    expect(vip.map((h) => [h.contactName, marked(h)])).toEqual([['Mia', '🏷 VIP[顧客]']]);
    // Japanese message text still matches through its n-grams.
    expect(grouped(await client.service.search({ query: '返品' }))).toEqual({ '山田 花子': 2, John: 1 });
  });

  it('narrows by channel, assigned agent and date range', async () => {
    expect(grouped(await client.service.search({ query: '返品', channelId: telegram }))).toEqual({ '山田 花子': 2 });
    expect(grouped(await client.service.search({ query: '返品', channelId: line }))).toEqual({ John: 1 });

    await client.service.assignConversation(await conversationOf('John'), ben.agent.id);
    await waitFor(async () =>
      (await client.service.search({ query: '返品', assigneeId: ben.agent.id })).length === 1 ? true : undefined,
    );
    expect(grouped(await client.service.search({ query: '返品', assigneeId: ben.agent.id }))).toEqual({ John: 1 });

    const morning = await client.service.search({ query: '返品', from: t0, to: t0 + HOUR });
    expect(grouped(morning)).toEqual({ '山田 花子': 2 });
    expect(grouped(await client.service.search({ query: 'invoice', from: t0 + 2 * HOUR }))).toEqual({ John: 1 });
  });
});
