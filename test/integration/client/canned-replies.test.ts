/**
 * Canned replies reach the client cache through the hub's log, with their visibility, and the composer
 * reads them from there: offline too. Agents manage their own with the hub-call methods.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accountFolder } from '../../../src/main/core/cache/cache-db.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { CannedReply, type Channel } from '../../../src/shared/domain.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startClient, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

const titles = (replies: readonly CannedReply[]): string[] => replies.map((r) => r.title).sort();

describe('canned replies in the client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let ben: TestAgent;
  let line: Channel;
  let telegram: Channel;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    line = await hub.createChannel({ kind: 'line', name: 'LINE', linkAgentIds: [aiko.agent.id, ben.agent.id] });
    telegram = await hub.createChannel({ kind: 'telegram', name: 'Telegram', linkAgentIds: [ben.agent.id] });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const signedIn = async (agent: TestAgent, folder: string): Promise<TestClient> => {
    const dataDir = join(tmp.dir, folder);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  };
  const teamReply = async (body: Record<string, unknown>): Promise<CannedReply> =>
    CannedReply.parse(
      (await hub.api('POST', '/api/canned-replies', { token: hub.adminToken, body: { scope: 'team', ...body } })).body,
    );
  const cached = (client: TestClient, channelId: string) => client.service.listCannedReplies(channelId);
  const cachedTitles = async (client: TestClient, channelId: string) => titles(await cached(client, channelId));

  it('the composer reads the team’s and the agent’s own replies from the cache, with the hub stopped too', async () => {
    const client = await signedIn(aiko, 'aiko');
    const bens = await signedIn(ben, 'ben');
    await teamReply({ channelId: line.id, title: 'Team LINE', text: 'Hello {{contact.name}}' });
    await teamReply({ title: 'Team all', text: 'Thanks!' });
    await teamReply({ channelId: telegram.id, title: 'Team Telegram', text: 'Not for Aiko' });
    const mine = await client.service.createMyCannedReply({ title: 'Aiko sign-off', text: 'Aiko, {{agent.name}}' });
    expect(mine).toMatchObject({ ownerId: aiko.agent.id, channelId: null });
    await bens.service.createMyCannedReply({ channelId: line.id, title: 'Ben only', text: 'Ben’s words' });

    const expected = ['Aiko sign-off', 'Team LINE', 'Team all'];
    await waitFor(async () => (await cachedTitles(client, line.id)).join() === expected.join(), 10_000, 'sync');
    await waitFor(async () => (await cachedTitles(bens, line.id)).includes('Ben only'), 10_000, 'Ben’s sync');

    await hub.halt();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect(await cachedTitles(client, line.id)).toEqual(expected);
    expect(await callApi(client.service, 'listMyCannedReplies', [])).toMatchObject({
      ok: false,
      error: { code: 'HUB_UNREACHABLE' },
    });
    await hub.resume();
  });

  it('changes and deletions reach the cache: a deleted reply and one moved to another channel are no longer offered', async () => {
    const client = await signedIn(aiko, 'aiko');
    const moving = await teamReply({ channelId: line.id, title: 'Moving', text: 'x' });
    const deleted = await teamReply({ title: 'Deleted', text: 'y' });
    await teamReply({ title: 'Kept', text: 'z' });
    await waitFor(async () => (await cached(client, line.id)).length === 3, 10_000, 'three replies');

    await hub.api('PATCH', `/api/canned-replies/${moving.id}`, {
      token: hub.adminToken,
      body: { channelId: telegram.id },
    });
    await hub.api('DELETE', `/api/canned-replies/${deleted.id}`, { token: hub.adminToken });
    const own = await client.service.createMyCannedReply({ title: 'Draft', text: 'first' });
    await client.service.updateCannedReply(own.id, { title: 'Mine', text: 'second' });
    await waitFor(
      async () => (await cachedTitles(client, line.id)).join() === ['Kept', 'Mine'].join(),
      10_000,
      'the changes',
    );
    expect((await cached(client, line.id)).find((r) => r.id === own.id)?.text).toBe('second');
    await client.service.deleteCannedReply(own.id);
    await waitFor(async () => (await cachedTitles(client, line.id)).join() === 'Kept', 10_000, 'the deletion');
  });

  it('an agent may manage only its own: another agent’s reply is NOT_FOUND and a team one FORBIDDEN', async () => {
    const client = await signedIn(aiko, 'aiko');
    const bens = await signedIn(ben, 'ben');
    const benReply = await bens.service.createMyCannedReply({ title: 'Ben’s', text: 'x' });
    const team = await teamReply({ title: 'Team', text: 'y' });
    expect(await callApi(client.service, 'deleteCannedReply', [benReply.id])).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await callApi(client.service, 'updateCannedReply', [team.id, { title: 'Mine' }])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await callApi(client.service, 'adminCreateTeamCannedReply', [{ title: 't', text: 'x' }])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(titles(await client.service.listMyCannedReplies())).toEqual([]);
  });

  it('a cache from before canned replies were cached rebuilds once and gets them', async () => {
    const first = await signedIn(aiko, 'aiko');
    await teamReply({ title: 'Team all', text: 'Thanks!' });
    await waitFor(async () => (await cached(first, line.id)).length === 1, 10_000, 'the reply');
    clients.splice(clients.indexOf(first), 1);
    await first.stop();

    // As an older client left it: no canned reply table, its cursor past the hub's canned-reply events.
    const file = join(accountFolder(join(tmp.dir, 'aiko', 'accounts'), hub.url, aiko.agent.id), 'cache.sqlite');
    const db = new Database(file);
    expect(z.number().parse(db.prepare('SELECT last_seq FROM sync_state').pluck().get())).toBeGreaterThan(0);
    // What migrations 0008 and later add goes too, so that opening it runs them as on that client's update.
    db.exec(`DROP TABLE canned_replies; DROP TABLE message_dismissals; DROP TRIGGER activity_goes_with_conversation; DROP TABLE activity;
      DROP TRIGGER messages_waiting_in; DROP TRIGGER messages_waiting_answered; DROP TRIGGER conversations_waiting_new;
      DROP INDEX conversations_by_waiting;
      ALTER TABLE conversations DROP COLUMN last_reply_at; ALTER TABLE conversations DROP COLUMN waiting_since;
      DROP TRIGGER contacts_search_text_stale; DROP INDEX contacts_search_stale; DROP INDEX contacts_by_person;
      ALTER TABLE contacts DROP COLUMN search_text;
      DROP TRIGGER queues_go_with_channel; DROP TABLE queues;
      PRAGMA user_version = 7;`);
    db.close();

    const again = startClient({ dataDir: join(tmp.dir, 'aiko') });
    clients.push(again);
    await again.service.start();
    await again.waitForSynced();
    expect(await cachedTitles(again, line.id)).toEqual(['Team all']);
  });
});
