/** The signed-in agent's own presence as the session reports it: what the hub says, also after a reconnect. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  makeTempDir,
  startNetworkLink,
  startSignedInClient,
  waitFor,
  type NetworkLink,
  type TestClient,
} from '../../helpers/client.js';

describe('the agent’s own presence', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let link: NetworkLink;
  let aiko: TestAgent;
  let client: TestClient;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    link = await startNetworkLink(hub.url);
    aiko = await hub.createAgent({ name: 'Aiko' });
    await hub.createChannel({ kind: 'whatsapp', name: 'WhatsApp JP', linkAgentIds: [aiko.agent.id] });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: link.url, agent: aiko });
  });

  afterEach(async () => {
    await client.stop();
    await link.close();
    await hub.stop();
    tmp.cleanup();
  });

  const sessionPresence = async () => (await client.service.getSession())?.agent.presence;

  it('is online once connected, and online again after a reconnect, as the hub says', async () => {
    await waitFor(async () => (await sessionPresence()) === 'online', 10_000, 'online after sign-in');
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    link.restore();
    client.service.networkChanged();
    await client.waitForSynced();
    await waitFor(async () => (await sessionPresence()) === 'online', 10_000, 'online after the reconnect');
    const last = client.events.filter((e) => e.type === 'session').at(-1);
    expect(last?.type === 'session' ? last.session?.agent.presence : null).toBe('online');
  });

  it('keeps a chosen "away" across a reconnect', async () => {
    await client.service.setPresence('away');
    expect(await sessionPresence()).toBe('away');
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    link.restore();
    client.service.networkChanged();
    await client.waitForSynced();
    await waitFor(async () => (await sessionPresence()) === 'away', 10_000, 'still away');
  });
});
