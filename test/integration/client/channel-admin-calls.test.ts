/**
 * The admin console's channel calls through the real client core against a
 * real hub (and the fake provider): verify, save, change, rotate, trash,
 * restore and setup, with the hub's error codes kept for the screen.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, type TestClient } from '../../helpers/client.js';

describe('channel administration from the desktop client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    hub = await startHub({ config: { publicUrl: 'https://hub.example.com' } });
    tmp = makeTempDir();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  async function signedIn(agent: { email: string; password: string }, name: string): Promise<TestClient> {
    const dataDir = join(tmp.dir, name);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  }

  it('verifies, saves, changes, rotates, trashes and restores a channel, and reads its setup', async () => {
    const admin = (await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin')).service;
    const credentials = await hub.credentialsFor('telegram');
    const verified = await admin.adminVerifyChannel('telegram', credentials);
    expect(verified).toMatchObject({ ok: true, identity: { label: '@fake_bot' } });

    const channel = await admin.adminCreateChannel({ kind: 'telegram', name: 'Bot', credentials });
    expect(channel.verification.status).toBe('verified');
    const changed = await admin.adminUpdateChannel(channel.id, { settings: { autoAssign: false } });
    expect(changed.settings.autoAssign).toBe(false);
    const rotated = await admin.adminReplaceChannelCredentials(channel.id, {
      credentials: { ...credentials, secretToken: 'rotated_secret' },
    });
    expect(rotated.verification.status).toBe('verified');
    expect((await admin.adminGetChannelSetup(channel.id)).connection).toBe('hub-webhook');

    await admin.adminTrashChannel(channel.id);
    expect((await admin.adminListChannelTrash()).map((c) => c.id)).toEqual([channel.id]);
    expect(await admin.adminListChannels()).toEqual([]);
    expect((await admin.adminRestoreChannel(channel.id)).trashedAt).toBeNull();
    expect((await admin.adminListChannels()).map((c) => c.id)).toEqual([channel.id]);
  });

  it('keeps the provider’s refusal and the hub’s codes, and an agent is refused', async () => {
    const admin = (await signedIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin')).service;
    const credentials = await hub.credentialsFor('telegram');
    (await hub.fakeProvider()).state.revokeCredential('telegram', String(credentials['botToken']));
    const refused = await callApi(admin, 'adminCreateChannel', [{ kind: 'telegram', name: 'Bot', credentials }]);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CHANNEL_NOT_VERIFIED', message: 'Telegram: 401 Unauthorized' },
    });
    const unverified = await admin.adminCreateChannel({
      kind: 'telegram',
      name: 'Bot',
      credentials,
      saveUnverified: true,
    });
    expect(unverified.verification).toMatchObject({ status: 'unverified', reason: 'Telegram: 401 Unauthorized' });

    const aiko = await hub.createAgent({ name: 'Aiko' });
    const agent = (await signedIn(aiko, 'aiko')).service;
    expect(await callApi(agent, 'adminListChannelTrash', [])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await callApi(agent, 'adminTrashChannel', [unverified.id])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
