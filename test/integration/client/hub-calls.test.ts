/**
 * The hub-call methods (src/shared/admin): one authenticated request each,
 * answered by the client core for any entry of the table. Checked here with
 * the channel reads against a real hub; each area's own tests cover its calls.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startClient, startSignedInClient, type TestClient } from '../../helpers/client.js';

describe('hub-call methods of the client API', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let clients: TestClient[];
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  function folder(name: string): string {
    const dir = join(tmp.dir, name);
    mkdirSync(dir);
    return dir;
  }

  async function signedIn(agent: { email: string; password: string }, name: string): Promise<TestClient> {
    const client = await startSignedInClient({ dataDir: folder(name), hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  }

  it('reads from the hub with the session’s token: an admin sees every channel, an agent only linked ones', async () => {
    const line = await hub.createChannel({ kind: 'line', name: 'LINE 公式' });
    const telegram = await hub.createChannel({ kind: 'telegram', name: 'Telegram bot' });
    const aiko = await hub.createAgent({ name: 'Aiko' });
    await hub.linkAgent(line.id, aiko.agent.id);

    const admin = await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    const agent = await signedIn(aiko, 'aiko');

    const all = await admin.service.adminListChannels();
    expect(all.map((c) => c.name).sort()).toEqual(['LINE 公式', 'Telegram bot']);
    expect((await agent.service.adminListChannels()).map((c) => c.id)).toEqual([line.id]);
    expect((await admin.service.adminGetChannel(telegram.id)).kind).toBe('telegram');
  });

  it('keeps the hub’s error code across IPC and refuses bad arguments before asking the hub', async () => {
    const admin = await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    const missing = await callApi(admin.service, 'adminGetChannel', ['0190a0a0-0000-7000-8000-000000000000']);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await callApi(admin.service, 'adminGetChannel', [42]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('says UNAUTHENTICATED signed out and HUB_UNREACHABLE when the hub is gone', async () => {
    const signedOut = startClient({ dataDir: folder('nobody') });
    clients.push(signedOut);
    expect(await callApi(signedOut.service, 'adminListChannels', [])).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });

    const admin = await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    await hub.halt();
    expect(await callApi(admin.service, 'adminListChannels', [])).toMatchObject({
      ok: false,
      error: { code: 'HUB_UNREACHABLE' },
    });
    await hub.resume();
  });
});
