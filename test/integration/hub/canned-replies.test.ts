import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CannedReply, type Channel } from '../../../src/shared/domain.js';
import { SnapshotResult, SyncResult, type HubEvent } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';

const Items = z.object({ items: z.array(CannedReply) });

function syncedEvents(ack: { ok: boolean; data?: unknown; error?: unknown }): HubEvent[] {
  if (!ack.ok) throw new Error(`sync failed: ${JSON.stringify(ack.error)}`);
  const result = SyncResult.parse(ack.data);
  if (result.reset) throw new Error('unexpected reset');
  return result.events;
}

/** The canned replies a socket's agent would have after syncing from the start: upserts minus removes. */
async function syncedReplies(sock: TestSocket): Promise<Map<string, CannedReply>> {
  const replies = new Map<string, CannedReply>();
  for (const event of syncedEvents(await sock.command('sync', { after: 0, limit: 5000 }))) {
    if (event.type === 'cannedReply.upsert') replies.set(event.cannedReply.id, event.cannedReply);
    if (event.type === 'cannedReply.remove') replies.delete(event.cannedReplyId);
  }
  return replies;
}

const titles = (replies: Iterable<CannedReply>): string[] => [...replies].map((r) => r.title).sort();

describe('canned replies', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let ben: TestAgent;
  let line: Channel;
  let telegram: Channel;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
    ben = await t.createAgent({ name: 'Ben' });
    line = await t.createChannel({ kind: 'line', name: 'LINE', linkAgentIds: [aiko.agent.id, ben.agent.id] });
    telegram = await t.createChannel({ kind: 'telegram', name: 'Telegram', linkAgentIds: [aiko.agent.id] });
  });
  afterEach(async () => {
    await t.stop();
  });

  const create = (token: string, body: Record<string, unknown>) =>
    t.api('POST', '/api/canned-replies', { token, body: { text: 'Thank you, {{contact.name}}.', ...body } });
  const created = async (token: string, body: Record<string, unknown>): Promise<CannedReply> => {
    const res = await create(token, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return CannedReply.parse(res.body);
  };
  const list = async (token: string, query = ''): Promise<CannedReply[]> => {
    const res = await t.api('GET', `/api/canned-replies${query}`, { token });
    expect(res.status).toBe(200);
    return Items.parse(res.body).items;
  };

  it('an admin creates, changes and deletes a team reply, for one channel or for all', async () => {
    const forLine = await created(t.adminToken, {
      scope: 'team',
      channelId: line.id,
      title: 'お礼',
      shortcut: 'thanks',
      text: '{{contact.name}} 様、お問い合わせありがとうございます。担当の {{agent.name}} です。',
    });
    expect(forLine).toMatchObject({ ownerId: null, channelId: line.id, title: 'お礼', shortcut: 'thanks' });
    const everywhere = await created(t.adminToken, {
      scope: 'team',
      title: 'Ticket',
      text: 'Your ticket is #{{ticket.number}}.',
    });
    expect(everywhere).toMatchObject({ channelId: null, shortcut: null });
    expect(titles(await list(t.adminToken))).toEqual(['Ticket', 'お礼']);

    const changed = await t.api('PATCH', `/api/canned-replies/${forLine.id}`, {
      token: t.adminToken,
      body: { title: 'Thanks', channelId: null, shortcut: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: forLine.id, title: 'Thanks', channelId: null, shortcut: null });
    expect(CannedReply.parse(changed.body).text).toBe(forLine.text);

    expect((await t.api('DELETE', `/api/canned-replies/${everywhere.id}`, { token: t.adminToken })).status).toBe(204);
    expect(titles(await list(t.adminToken))).toEqual(['Thanks']);
    expect((await t.api('DELETE', `/api/canned-replies/${everywhere.id}`, { token: t.adminToken })).status).toBe(404);
  });

  it('refuses texts over 4,096 characters, unknown placeholders, blank titles and shortcuts that are not one word', async () => {
    const team = { scope: 'team', title: 'x' };
    expect((await create(t.adminToken, { ...team, text: 'あ'.repeat(4097) })).status).toBe(400);
    expect((await create(t.adminToken, { ...team, text: 'あ'.repeat(4096) })).status).toBe(201);
    const unknown = await create(t.adminToken, { ...team, text: 'Hello {{customer}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('{{customer}}') },
    });
    expect((await create(t.adminToken, { ...team, title: '   ' })).status).toBe(400);
    expect((await create(t.adminToken, { ...team, text: ' \n ' })).status).toBe(400);
    expect((await create(t.adminToken, { ...team, shortcut: 'two words' })).status).toBe(400);
    expect((await create(t.adminToken, { ...team, shortcut: '/thanks' })).status).toBe(400);
    expect((await create(t.adminToken, { ...team, scope: 'everyone' })).status).toBe(400);
  });

  it('cleans text like every other text: control characters go, a title stays on one line', async () => {
    const reply = await created(aiko.token, {
      scope: 'personal',
      title: 'Line\none',
      shortcut: 'お礼',
      text: 'Hello\u0000 there\r\nbye',
    });
    expect(reply).toMatchObject({ title: 'Line one', shortcut: 'お礼', text: 'Hello there\r\nbye' });
  });

  it('team replies are for admins only: an agent is refused, whatever the reply', async () => {
    expect((await create(aiko.token, { scope: 'team', title: 'x' })).status).toBe(403);
    const team = await created(t.adminToken, { scope: 'team', channelId: line.id, title: 'Team' });
    const patch = await t.api('PATCH', `/api/canned-replies/${team.id}`, {
      token: aiko.token,
      body: { title: 'Mine now' },
    });
    expect(patch.status).toBe(403);
    expect((await t.api('DELETE', `/api/canned-replies/${team.id}`, { token: aiko.token })).status).toBe(403);
    expect(titles(await list(t.adminToken))).toEqual(['Team']);
  });

  it('a personal reply is its owner’s alone: anyone else, an admin too, is answered as if it did not exist', async () => {
    const mine = await created(aiko.token, { scope: 'personal', channelId: telegram.id, title: 'Aiko’s' });
    expect(mine).toMatchObject({ ownerId: aiko.agent.id, channelId: telegram.id });
    for (const token of [ben.token, t.adminToken]) {
      const patch = await t.api('PATCH', `/api/canned-replies/${mine.id}`, { token, body: { title: 'stolen' } });
      expect(patch.status).toBe(404);
      expect((await t.api('DELETE', `/api/canned-replies/${mine.id}`, { token })).status).toBe(404);
      expect(await list(token)).toEqual([]);
    }
    const renamed = await t.api('PATCH', `/api/canned-replies/${mine.id}`, {
      token: aiko.token,
      body: { title: 'Mine' },
    });
    expect(renamed.body).toMatchObject({ title: 'Mine' });
    expect(titles(await list(aiko.token, '?scope=personal'))).toEqual(['Mine']);
    expect((await t.api('DELETE', `/api/canned-replies/${mine.id}`, { token: aiko.token })).status).toBe(204);
  });

  it('a reply for one channel needs that channel to be visible to its owner', async () => {
    expect((await create(ben.token, { scope: 'personal', channelId: telegram.id, title: 'x' })).status).toBe(403);
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    expect((await create(ben.token, { scope: 'personal', channelId: unknown, title: 'x' })).status).toBe(404);
    expect((await create(t.adminToken, { scope: 'team', channelId: unknown, title: 'x' })).status).toBe(404);
    const bens = await created(ben.token, { scope: 'personal', channelId: line.id, title: 'Ben’s' });
    const moved = await t.api('PATCH', `/api/canned-replies/${bens.id}`, {
      token: ben.token,
      body: { channelId: telegram.id },
    });
    expect(moved.status).toBe(403);
    expect((await created(ben.token, { scope: 'personal', title: 'Everywhere' })).channelId).toBeNull();
  });

  it('an agent lists the team’s replies of its channels and for all, and its own; a channel filter keeps the all-channel ones', async () => {
    await created(t.adminToken, { scope: 'team', channelId: line.id, title: 'Team LINE' });
    await created(t.adminToken, { scope: 'team', channelId: telegram.id, title: 'Team Telegram' });
    await created(t.adminToken, { scope: 'team', title: 'Team all' });
    await created(aiko.token, { scope: 'personal', title: 'Aiko all' });
    await created(ben.token, { scope: 'personal', channelId: line.id, title: 'Ben LINE' });

    expect(titles(await list(ben.token))).toEqual(['Ben LINE', 'Team LINE', 'Team all']);
    expect(titles(await list(ben.token, '?scope=team'))).toEqual(['Team LINE', 'Team all']);
    expect(titles(await list(aiko.token, `?channelId=${telegram.id}`))).toEqual([
      'Aiko all',
      'Team Telegram',
      'Team all',
    ]);
    expect((await t.api('GET', `/api/canned-replies?channelId=${telegram.id}`, { token: ben.token })).status).toBe(403);
    expect(titles(await list(t.adminToken))).toEqual(['Team LINE', 'Team Telegram', 'Team all']);
  });

  it('sync gives each agent only what it may use: never another agent’s personal replies, nor team replies of channels it is not linked to', async () => {
    const aikoSock = await t.connect(aiko.token);
    const benSock = await t.connect(ben.token);
    const aikoPersonal = await created(aiko.token, { scope: 'personal', channelId: line.id, title: 'Aiko LINE' });
    await created(aiko.token, { scope: 'personal', title: 'Aiko all' });
    await created(t.adminToken, { scope: 'team', channelId: telegram.id, title: 'Team Telegram' });
    await created(t.adminToken, { scope: 'team', channelId: line.id, title: 'Team LINE' });
    const teamAll = await created(t.adminToken, { scope: 'team', title: 'Team all' });

    expect(titles((await syncedReplies(benSock)).values())).toEqual(['Team LINE', 'Team all']);
    expect(titles((await syncedReplies(aikoSock)).values())).toEqual([
      'Aiko LINE',
      'Aiko all',
      'Team LINE',
      'Team Telegram',
      'Team all',
    ]);
    // Live, too: the last team reply reached Ben, Aiko's own never did.
    await benSock.waitForEvent((e) => e.type === 'cannedReply.upsert' && e.cannedReply.id === teamAll.id);
    expect(benSock.events.some((e) => e.type === 'cannedReply.upsert' && e.cannedReply.ownerId !== null)).toBe(false);
    const adminSock = await t.connect(t.adminToken);
    expect([...(await syncedReplies(adminSock)).values()].some((r) => r.id === aikoPersonal.id)).toBe(false);
  });

  it('a deletion, and a team reply moved to a channel an agent is not linked to, leave that agent’s cache', async () => {
    const benSock = await t.connect(ben.token);
    const moving = await created(t.adminToken, { scope: 'team', channelId: line.id, title: 'Moving' });
    const deleted = await created(t.adminToken, { scope: 'team', title: 'Deleted' });
    await created(t.adminToken, { scope: 'team', title: 'Kept' });
    expect(titles((await syncedReplies(benSock)).values())).toEqual(['Deleted', 'Kept', 'Moving']);

    await t.api('PATCH', `/api/canned-replies/${moving.id}`, { token: t.adminToken, body: { channelId: telegram.id } });
    await t.api('DELETE', `/api/canned-replies/${deleted.id}`, { token: t.adminToken });
    await benSock.waitForEvent((e) => e.type === 'cannedReply.remove' && e.cannedReplyId === deleted.id);
    expect(benSock.events.some((e) => e.type === 'cannedReply.remove' && e.cannedReplyId === moving.id)).toBe(true);
    expect(titles((await syncedReplies(benSock)).values())).toEqual(['Kept']);
  });

  it('a snapshot holds the replies the agent may use now', async () => {
    await created(aiko.token, { scope: 'personal', title: 'Aiko all' });
    await created(t.adminToken, { scope: 'team', channelId: telegram.id, title: 'Team Telegram' });
    await created(t.adminToken, { scope: 'team', channelId: line.id, title: 'Team LINE' });
    await created(ben.token, { scope: 'personal', channelId: line.id, title: 'Ben LINE' });
    const benSock = await t.connect(ben.token);
    const ack = await benSock.command('snapshot', { cursor: null, limit: 5000 });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const snapshot = SnapshotResult.parse(ack.data);
    const replies = snapshot.items.flatMap((item) => (item.type === 'cannedReply.upsert' ? [item.cannedReply] : []));
    expect(titles(replies)).toEqual(['Ben LINE', 'Team LINE']);
  });

  it('channel settings no longer take canned replies: the old field is refused by name', async () => {
    const res = await t.api('PATCH', `/api/channels/${line.id}`, {
      token: t.adminToken,
      body: { settings: { cannedReplies: [{ title: 'x', text: 'y' }] } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { message: expect.stringContaining('/api/canned-replies') } });
  });
});
