/**
 * Activity lines (issue 13 §4): who changed a conversation reaches every client that sees it through
 * the hub's log (live and in a snapshot), is kept in the cache with the agents' names, and is there
 * with the hub stopped.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityView } from '../../../src/shared/activity.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

describe('activity in the client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
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
  const assignments = (lines: readonly ActivityView[]) => lines.filter((l) => l.change.kind === 'assignee');

  it('an admin’s assignment is an activity line with who did it in another agent’s cache, offline too', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko', role: 'admin' });
    const kenji = await hub.createAgent({ name: 'Kenji' });
    const ben = await hub.createAgent({ name: 'Ben' });
    // Only the admin assigns it: no queue gives it to Ben as he signs in.
    const channel = await hub.createChannel({
      linkAgentIds: [kenji.agent.id, ben.agent.id],
      settings: { autoAssign: false },
    });
    const messageId = (await hub.ingestText(channel.id, { from: 'c1' })).messageIds[0] ?? '';
    const conversationId = (await hub.hub.store.messages.findById(messageId))?.message.conversationId ?? '';
    const bens = await signedIn(ben, 'ben');
    await waitFor(async () => (await bens.service.listConversations({})).rows.length === 1, 10_000, 'sync');

    const admin = await hub.connect(aiko.token);
    const ack = await admin.command('conversation.assign', { conversationId, assigneeId: kenji.agent.id });
    expect(ack.ok).toBe(true);
    const resolved = await admin.command('conversation.setStatus', {
      conversationId,
      status: 'resolved',
      snoozedUntil: null,
    });
    expect(resolved.ok).toBe(true);

    await waitFor(async () => (await bens.service.listActivity(conversationId)).length === 2, 10_000, 'activity');
    const lines = await bens.service.listActivity(conversationId);
    expect(lines.map((l) => l.change.kind)).toEqual(['assignee', 'status']);
    expect(assignments(lines)[0]).toMatchObject({
      actor: { kind: 'agent', agentId: aiko.agent.id },
      change: { from: null, to: kenji.agent.id },
      agentNames: { [aiko.agent.id]: 'Aiko', [kenji.agent.id]: 'Kenji' },
    });
    expect(lines[1]).toMatchObject({ change: { kind: 'status', from: 'open', to: 'resolved' } });

    // A client that signs in later gets the same lines from the snapshot.
    const kenjis = await signedIn(kenji, 'kenji');
    await waitFor(async () => (await kenjis.service.listActivity(conversationId)).length === 2, 10_000, 'snapshot');

    await hub.halt();
    await waitFor(async () => (await bens.service.getConnection()).status !== 'online', 10_000, 'offline');
    expect((await bens.service.listActivity(conversationId)).map((l) => l.change.kind)).toEqual(['assignee', 'status']);
    await hub.resume();
  });
});
