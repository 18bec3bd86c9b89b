import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  startNetworkLink,
  waitFor,
  type NetworkLink,
  type TestClient,
} from '../../helpers/client.js';

describe('the inbox of a signed-in agent', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let link: NetworkLink;
  let aiko: TestAgent;
  let ben: TestAgent;
  let carol: TestAgent;
  let channelId: string;
  let client: TestClient;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    link = await startNetworkLink(hub.url);
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    carol = await hub.createAgent({ name: 'Carol' });
    channelId = (
      await hub.createChannel({ kind: 'whatsapp', name: 'WhatsApp JP', linkAgentIds: [aiko.agent.id, ben.agent.id] })
    ).id;
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: link.url, agent: aiko });
  });

  afterEach(async () => {
    await client.stop();
    await link.close();
    await hub.stop();
    tmp.cleanup();
  });

  const conversationShows = (conversationId: string) =>
    waitFor(async () =>
      (await client.service.listConversations({})).rows.find((r) => r.conversation.id === conversationId),
    );

  it('offers only agents linked to the conversation’s channel, with presence, open count and the current assignee', async () => {
    const conversationId = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: 'hello',
    });
    await conversationShows(conversationId);
    expect((await client.service.getConversation(conversationId)).row.conversation.assigneeId).toBe(aiko.agent.id);
    const agents = await waitFor(async () => {
      const list = await client.service.listAssignableAgents(conversationId);
      return list[0]?.presence === 'online' ? list : undefined;
    });
    expect(agents.map((a) => [a.agent.name, a.presence, a.openCount, a.isCurrent])).toEqual([
      ['Aiko', 'online', 1, true],
      ['Ben', 'offline', 0, false],
    ]);
    expect(agents.some((a) => a.agent.id === carol.agent.id)).toBe(false);
    await expect(client.service.assignConversation(conversationId, carol.agent.id)).rejects.toMatchObject({
      code: 'NOT_LINKED_TO_CHANNEL',
    });
    const reassigned = await client.service.assignConversation(conversationId, ben.agent.id);
    expect(reassigned.assigneeId).toBe(ben.agent.id);
    const after = await client.service.listAssignableAgents(conversationId);
    expect(after.find((a) => a.isCurrent)?.agent.name).toBe('Ben');
    expect((await client.service.getConversation(conversationId)).row.assigneeName).toBe('Ben');
  });

  it('notifies a new message live, and after an outage shows one summary for everything that arrived', async () => {
    const first = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: '返品できますか？',
    });
    const live = await waitFor(() => client.notifications.find((n) => n.conversationId === first));
    expect(live).toEqual({
      conversationId: first,
      title: 'Hanako · WhatsApp JP',
      body: '返品できますか？',
      channelKind: 'whatsapp',
      silent: false,
    });

    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    const before = client.notifications.length;
    await ingestCustomerText(hub, channelId, { from: '819011112222', name: 'Hanako', text: 'もしもし' });
    await ingestCustomerText(hub, channelId, { from: '819033334444', name: 'Taro', text: '配送はいつ？' });
    await ingestCustomerText(hub, channelId, { from: '819055556666', name: 'Jiro', text: 'hello?' });
    link.restore();
    client.service.networkChanged();
    await client.waitForSynced();
    await waitFor(() => client.notifications.length > before);
    const summaries = client.notifications.slice(before);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.conversationId).toBeNull();
    expect(summaries[0]?.title).toBe('3 conversations need you');
    expect(await client.service.getUnreadCount()).toBe(4);
    const unreadEvents = client.events.filter((e) => e.type === 'unread');
    expect(unreadEvents.at(-1)).toEqual({ type: 'unread', total: 4 });
  });

  it('marks a conversation read offline: the badge is right at once and the hub learns it on reconnect', async () => {
    const conversationId = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: 'one',
    });
    await ingestCustomerText(hub, channelId, { from: '819011112222', name: 'Hanako', text: 'two' });
    await waitFor(async () => (await client.service.getUnreadCount()) === 2);
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    await client.service.markRead(conversationId);
    expect(await client.service.getUnreadCount()).toBe(0);
    expect((await client.service.getConversation(conversationId)).row.unreadCount).toBe(0);
    link.restore();
    client.service.networkChanged();
    await client.waitForSynced();
    const socket = await hub.connect(aiko.token);
    const read = await waitFor(async () => {
      const log = await socket.command('sync', { after: 0, limit: 5000 });
      if (!log.ok || log.data.reset) return undefined;
      return log.data.events.find((e) => e.type === 'conversation.read' && e.conversationId === conversationId);
    });
    expect(read.type).toBe('conversation.read');
  });

  it('shows earlier conversations of a channel the agent is linked to later, and forgets an unlinked one', async () => {
    const telegram = await hub.createChannel({ kind: 'telegram', name: 'Bot', linkAgentIds: [ben.agent.id] });
    const earlier = await ingestCustomerText(hub, telegram.id, {
      from: 'tg-1',
      name: 'Early bird',
      text: 'before you joined',
    });
    await hub.linkAgent(telegram.id, aiko.agent.id);
    const row = await conversationShows(earlier);
    expect(row.channelName).toBe('Bot');
    expect((await client.service.listChannels()).map((c) => c.name).sort()).toEqual(['Bot', 'WhatsApp JP']);

    await hub.api('DELETE', `/api/channels/${telegram.id}/agents/${aiko.agent.id}`, { token: hub.adminToken });
    await waitFor(async () => (await client.service.listChannels()).length === 1, 10_000, 'the channel to go');
    expect((await client.service.listConversations({})).rows.some((r) => r.conversation.id === earlier)).toBe(false);
    expect(await client.service.search({ query: 'joined' })).toEqual([]);
  });

  it('keeps drafts per conversation and exports a transcript', async () => {
    const conversationId = await ingestCustomerText(hub, channelId, {
      from: '819011112222',
      name: 'Hanako',
      text: 'こんにちは',
    });
    await conversationShows(conversationId);
    await client.service.saveDraft(conversationId, 'half-written reply');
    expect(await client.service.getDraft(conversationId)).toBe('half-written reply');
    const transcript = await client.service.exportTranscript(conversationId, { timeZone: 'UTC', includeNotes: false });
    expect(transcript.fileName).toMatch(/^transcript-Hanako-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(transcript.text).toContain('Channel: WhatsApp JP (whatsapp)');
    expect(transcript.text).toMatch(/\] Hanako: こんにちは\n/);
  });

  it('signs the agent out when the hub revokes the session', async () => {
    await hub.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: hub.adminToken });
    await waitFor(async () => (await client.service.getSession()) === null, 10_000, 'sign-out');
    expect(client.events.some((e) => e.type === 'session' && e.session === null)).toBe(true);
    expect((await client.service.getConnection()).status).toBe('signed-out');
  });
});
