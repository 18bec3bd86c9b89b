/** The client core's changePassword: the signed-in agent's own password, through the hub. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, type TestClient } from '../../helpers/client.js';

const NEW_PASSWORD = 'a-brand-new-password-789';

describe('the client changing the agent’s own password', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let client: TestClient;
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
  });
  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  it('changes the password at the hub and stays signed in and online', async () => {
    await client.service.changePassword(aiko.password, NEW_PASSWORD);

    expect((await hub.login(aiko.email, NEW_PASSWORD)).agent.id).toBe(aiko.agent.id);
    const old = await hub.api('POST', '/api/auth/login', { body: { email: aiko.email, password: aiko.password } });
    expect(old.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    // The helper's own token for Aiko was another session: revoked.
    expect((await hub.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(401);
    expect((await client.service.getSession())?.agent.id).toBe(aiko.agent.id);
    expect((await client.waitForSynced()).status).toBe('online');
  });

  it('answers a wrong current password with INVALID_CREDENTIALS and changes nothing', async () => {
    const result = await callApi(client.service, 'changePassword', ['not-my-password', NEW_PASSWORD]);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect((await hub.login(aiko.email, aiko.password)).agent.id).toBe(aiko.agent.id);
    expect((await client.service.getConnection()).status).toBe('online');
  });

  it('refuses a new password shorter than the hub accepts before asking the hub', async () => {
    const result = await callApi(client.service, 'changePassword', [aiko.password, 'short']);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await hub.login(aiko.email, aiko.password)).agent.id).toBe(aiko.agent.id);
  });
});
