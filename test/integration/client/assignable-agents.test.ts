import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

describe('the reassign list offers only agents the hub accepts', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let client: TestClient;
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
  });
  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  it('a linked agent without the view permission is not offered, and choosing them is refused before asking the hub', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko' });
    const blind = await hub.createAgent({
      name: 'Blind',
      permissions: { view: false, create: true, update: true, delete: false },
    });
    const channelId = (await hub.createChannel({ linkAgentIds: [aiko.agent.id, blind.agent.id] })).id;
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    const conversationId = await ingestCustomerText(hub, channelId, { from: 'c1', text: 'hello' });
    const agents = await waitFor(async () => {
      const rows = (await client.service.listConversations({})).rows;
      return rows.some((r) => r.conversation.id === conversationId)
        ? client.service.listAssignableAgents(conversationId)
        : undefined;
    });
    expect(agents.map((a) => a.agent.name)).toEqual(['Aiko']);
    await expect(client.service.assignConversation(conversationId, blind.agent.id)).rejects.toMatchObject({
      code: 'NOT_LINKED_TO_CHANNEL',
    });
  });
});
