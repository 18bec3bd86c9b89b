/** An admin who is not linked to any channel sees every channel: in the channel filter and in the unread total. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('an admin not linked to channels', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let kenji: TestAgent;
  let admin: TestAgent;
  let client: TestClient;
  let tokyoId: string;
  let osakaId: string;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    kenji = await hub.createAgent({ name: 'Kenji' });
    admin = await hub.createAgent({ name: 'Ada', role: 'admin' });
    tokyoId = (await hub.createChannel({ kind: 'whatsapp', name: 'Tokyo', linkAgentIds: [kenji.agent.id] })).id;
    osakaId = (await hub.createChannel({ kind: 'telegram', name: 'Osaka', linkAgentIds: [] })).id;
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: admin });
  });

  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  it('lists every channel and counts the unread messages the rows show', async () => {
    const a = await ingestCustomerText(hub, tokyoId, { from: '819011112222', name: 'Hanako', text: 'one' });
    await ingestCustomerText(hub, tokyoId, { from: '819011112222', name: 'Hanako', text: 'two' });
    const b = await ingestCustomerText(hub, osakaId, { from: 'tg-9', name: 'Taro', text: 'three' });
    const rows = await waitFor(async () => {
      const list = (await client.service.listConversations({})).rows;
      return list.length === 2 ? list : undefined;
    });
    const shown = rows.reduce((sum, r) => sum + r.unreadCount, 0);
    expect(shown).toBeGreaterThan(0);
    expect(rows.map((r) => r.conversation.id).sort()).toEqual([a, b].sort());
    expect((await client.service.listChannels()).map((c) => c.name)).toEqual(['Osaka', 'Tokyo']);
    expect(await client.service.getUnreadCount()).toBe(shown);
  });
});
