/**
 * A hub restored from a backup issues sequence numbers again from the
 * backup's. A client that had synced past them must not take the new events
 * for ones it already applied: the restored hub has a new log identity, the
 * client is told to rebuild, and it shows what the restored hub holds.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../src/hub/store/sqlite/backup.js';
import { makeTempDir, startSignedInClient, type TestClient } from '../../helpers/client.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

let hub: TestHub;
let agent: TestAgent;
let channelId: string;
let temp: { dir: string; cleanup: () => void };
let clientDir: { dir: string; cleanup: () => void };

beforeEach(async () => {
  hub = await startHub();
  agent = await hub.createAgent();
  channelId = (await hub.createChannel({ linkAgentIds: [agent.agent.id] })).id;
  temp = makeTempDir('sb-backup-');
  clientDir = makeTempDir();
});
afterEach(async () => {
  await hub.stop();
  temp.cleanup();
  clientDir.cleanup();
});

const say = async (text: string) => await hub.ingestText(channelId, { from: '819000000077', text });

async function texts(client: TestClient): Promise<string[]> {
  const inbox = await client.service.listConversations({});
  const conversationId = inbox.rows[0]?.conversation.id ?? '';
  const page = await client.service.listMessages({ conversationId, limit: 100 });
  return page.messages.map((m) => m.text ?? '').sort();
}

describe('restoring the hub from a backup', () => {
  it('a client that synced past the backup rebuilds and shows the restored hub’s messages, not the lost ones', async () => {
    await say('before the backup');
    const backup = join(temp.dir, 'hub-backup.sqlite');
    backupDatabase(hub.dataDir, backup);
    for (const text of ['lost 1', 'lost 2', 'lost 3']) await say(text);

    const options = { dataDir: clientDir.dir, hubUrl: hub.url, agent };
    const first = await startSignedInClient(options);
    expect(await texts(first)).toEqual(['before the backup', 'lost 1', 'lost 2', 'lost 3']);
    await first.stop();

    // The documented restore: stop, move the damaged files aside, copy the backup in, start.
    await hub.halt();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(hub.dataDir, `hub.sqlite${suffix}`), { force: true });
    copyFileSync(backup, join(hub.dataDir, 'hub.sqlite'));
    await hub.resume();
    // The restored hub issues the lost events' sequence numbers again, for other events.
    for (const text of ['after the restore 1', 'after the restore 2', 'after the restore 3']) await say(text);

    const again = await startSignedInClient(options);
    try {
      expect(await texts(again)).toEqual([
        'after the restore 1',
        'after the restore 2',
        'after the restore 3',
        'before the backup',
      ]);
    } finally {
      await again.stop();
    }
  });

  it('a hub restarted on its own database keeps its log identity, so clients do not rebuild', async () => {
    await say('hello');
    const socket = await hub.connect(agent.token);
    const before = await socket.command('sync', { after: 0, limit: 10 });
    socket.close();
    await hub.restart();
    const after = await (await hub.connect(agent.token)).command('sync', { after: 0, limit: 10 });
    const idOf = (ack: typeof before) => (ack.ok ? ack.data.logId : null);
    expect(idOf(after)).toBe(idOf(before));
    expect(after.ok && after.data.reset).toBe(false);
  });
});
