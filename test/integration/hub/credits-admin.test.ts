/**
 * The admin side of WhatsApp credits: the ledger read with filters and
 * paged past its newest 100, the low-balance warning threshold, and top-ups
 * refused while a cancellation is scheduled (FAQ 24) — each endpoint
 * refused to agents (403) and to callers without a token (401).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerPage, type CreditEntryKind } from '../../../src/shared/admin/credits-trash.js';
import { Channel, Credits, isCreditsLow } from '../../../src/shared/domain.js';
import { ERROR_CATALOG } from '../../../src/shared/errors.js';
import { uuidv7 } from '../../../src/shared/uuidv7.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

const DAY = 24 * 60 * 60 * 1000;

describe('WhatsApp credits for admins', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const ledgerPath = (channelId: string, query: Record<string, string | number> = {}): string => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const text = search.toString();
    return `/api/channels/${channelId}/credits/ledger${text ? `?${text}` : ''}`;
  };
  const readLedger = async (channelId: string, query: Record<string, string | number> = {}) => {
    const res = await t.api('GET', ledgerPath(channelId, query), { token: t.adminToken });
    expect(res.status).toBe(200);
    return LedgerPage.parse(res.body);
  };
  const topUp = (channelId: string, amount: number, token = t.adminToken) =>
    t.api('POST', `/api/channels/${channelId}/credits/top-up`, { token, body: { amount } });

  /**
   * The ledger rows a marketing template send to `from` writes (and its refund when the provider failed
   * it); the sending itself is tested in credits.test.ts, the reading here.
   */
  async function charge(
    channelId: string,
    from: string,
    options: { refund?: boolean; name?: string } = {},
  ): Promise<string> {
    const ingested = await t.ingestText(channelId, { from, name: options.name ?? from });
    const messageId = ingested.messageIds[0] ?? '';
    const conversationId = (await t.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
    const entry = { channelId, conversationId, messageId, agentId: null, createdAt: t.clock.now() };
    await t.hub.store.credits.append({ ...entry, id: uuidv7(), delta: -3, reason: 'conversation:marketing' });
    if (options.refund) await t.hub.store.credits.append({ ...entry, id: uuidv7(), delta: 3, reason: 'refund' });
    return conversationId;
  }

  it('the ledger pages past the newest 100 with a cursor, newest first, each entry once', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp' });
    for (let i = 1; i <= 130; i++) {
      t.clock.advance(1000);
      expect((await topUp(channel.id, i)).status).toBe(200);
    }
    const first = await readLedger(channel.id);
    expect(first.items).toHaveLength(100);
    expect(first.items[0]).toMatchObject({ kind: 'top-up', delta: 130, agentId: t.admin.id, agentName: 'Admin' });
    expect(first.nextCursor).not.toBeNull();
    const second = await readLedger(channel.id, { cursor: first.nextCursor ?? '' });
    expect(second.items.map((e) => e.delta)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    expect(second.nextCursor).toBeNull();
    const small = await readLedger(channel.id, { limit: 7 });
    expect(small.items).toHaveLength(7);
    const ids = new Set([...first.items, ...second.items].map((e) => e.id));
    expect(ids.size).toBe(130);
  });

  it('the ledger filters by kind, date range and conversation, and names the contact of each charge', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', credits: 100 });
    t.clock.advance(DAY);
    const start = t.clock.now();
    const tanaka = await charge(channel.id, '819011112222', { name: '田中 太郎' });
    await charge(channel.id, '819033334444', { refund: true });
    t.clock.advance(DAY);
    const end = t.clock.now();
    t.clock.advance(DAY);
    await topUp(channel.id, 5);

    const kinds = async (query: Record<string, string | number>): Promise<CreditEntryKind[]> =>
      (await readLedger(channel.id, query)).items.map((e) => e.kind);
    expect(await kinds({})).toEqual(['top-up', 'refund', 'charge', 'charge', 'top-up']);
    expect(await kinds({ kind: 'charge' })).toEqual(['charge', 'charge']);
    expect(await kinds({ kind: 'refund' })).toEqual(['refund']);
    expect(await kinds({ kind: 'top-up' })).toEqual(['top-up', 'top-up']);
    expect(await kinds({ from: start, to: end })).toEqual(['refund', 'charge', 'charge']);
    expect(await kinds({ from: end })).toEqual(['top-up']);
    const ofTanaka = await readLedger(channel.id, { conversationId: tanaka });
    expect(ofTanaka.items).toMatchObject([{ kind: 'charge', delta: -3, contactName: '田中 太郎', agentId: null }]);
    const refused = await t.api('GET', ledgerPath(channel.id, { kind: 'gift' }), { token: t.adminToken });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('a low-balance threshold is stored, reaches linked agents with the balance, and can be turned off', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', credits: 10, linkAgentIds: [aiko.agent.id] });
    const sock = await t.connect(aiko.token);
    const set = await t.api('PUT', `/api/channels/${channel.id}/credits/threshold`, {
      token: t.adminToken,
      body: { threshold: 10 },
    });
    expect(set.status).toBe(200);
    expect(Credits.parse(set.body)).toMatchObject({ balance: 10, lowBalanceThreshold: 10 });
    const pushed = await sock.waitForEvent(
      (e) => e.type === 'channel.upsert' && e.channel.credits?.lowBalanceThreshold === 10,
    );
    expect(pushed.type === 'channel.upsert' && pushed.channel.credits && isCreditsLow(pushed.channel.credits)).toBe(
      true,
    );
    await t.restart();
    const seen = Channel.parse((await t.api('GET', `/api/channels/${channel.id}`, { token: aiko.token })).body);
    expect(seen.credits).toMatchObject({ lowBalanceThreshold: 10 });
    await topUp(channel.id, 1);
    const after = Channel.parse((await t.api('GET', `/api/channels/${channel.id}`, { token: aiko.token })).body);
    expect(after.credits && isCreditsLow(after.credits)).toBe(false);

    const off = await t.api('PUT', `/api/channels/${channel.id}/credits/threshold`, {
      token: t.adminToken,
      body: { threshold: null },
    });
    expect(Credits.parse(off.body).lowBalanceThreshold).toBeNull();
    const negative = await t.api('PUT', `/api/channels/${channel.id}/credits/threshold`, {
      token: t.adminToken,
      body: { threshold: -1 },
    });
    expect(negative.status).toBe(400);
    const telegram = await t.createChannel({ kind: 'telegram' });
    const uncharged = await t.api('PUT', `/api/channels/${telegram.id}/credits/threshold`, {
      token: t.adminToken,
      body: { threshold: 5 },
    });
    expect(uncharged.status).toBe(400);
  });

  it('a top-up during a scheduled cancellation is refused in the words of FAQ 24, and allowed again once cleared', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', credits: 3 });
    const cancel = (scheduled: boolean) =>
      t.api('PUT', `/api/channels/${channel.id}/credits/cancellation`, { token: t.adminToken, body: { scheduled } });
    expect(Credits.parse((await cancel(true)).body).cancellationScheduled).toBe(true);
    const refused = await topUp(channel.id, 10);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: { code: 'CANCELLATION_SCHEDULED', message: ERROR_CATALOG.CANCELLATION_SCHEDULED.en },
    });
    expect(ERROR_CATALOG.CANCELLATION_SCHEDULED.ja).toContain('サブスクリプションのキャンセルが予定されている');
    expect((await readLedger(channel.id)).items).toHaveLength(1);
    await cancel(false);
    const bought = await topUp(channel.id, 10);
    expect(Credits.parse(bought.body)).toMatchObject({ balance: 13, cancellationScheduled: false });
  });

  it('agents are refused every credit change and the threshold (403); without a token everything is 401', async () => {
    const channel = await t.createChannel({ kind: 'whatsapp', credits: 3, linkAgentIds: [aiko.agent.id] });
    const outsider = await t.createAgent({ name: 'Dan' });
    const calls: [string, string, unknown][] = [
      ['PUT', `/api/channels/${channel.id}/credits/threshold`, { threshold: 1 }],
      ['POST', `/api/channels/${channel.id}/credits/top-up`, { amount: 1 }],
      ['PUT', `/api/channels/${channel.id}/credits/cancellation`, { scheduled: true }],
    ];
    for (const [method, path, body] of calls) {
      expect((await t.api(method, path, { token: aiko.token, body })).status).toBe(403);
      expect((await t.api(method, path, { body })).status).toBe(401);
    }
    // Linked agents read the ledger (they see where the balance went); others are refused.
    expect((await t.api('GET', ledgerPath(channel.id), { token: aiko.token })).status).toBe(200);
    expect((await t.api('GET', ledgerPath(channel.id), { token: outsider.token })).status).toBe(403);
    expect((await t.api('GET', ledgerPath(channel.id))).status).toBe(401);
    expect((await t.hub.store.channels.findById(channel.id))?.credits).toMatchObject({
      balance: 3,
      lowBalanceThreshold: null,
      cancellationScheduled: false,
    });
  });
});
