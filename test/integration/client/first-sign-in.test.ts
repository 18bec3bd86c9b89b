/**
 * The client core's first sign-in: a temporary password holds the session
 * (nothing syncs, nothing is saved) until the agent replaced it; an invitation
 * link signs in and sets the password; and an admin's change of the agent's
 * permissions reaches the session live.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IssuedAccess } from '../../../src/shared/agent-access.js';
import { parseInvitationLink, invitationLink } from '../../../src/shared/invitation-link.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startClient, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

const CHOSEN = 'my-own-password-2024';

describe('the client’s first sign-in', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let client: TestClient;
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    client = startClient({ dataDir: tmp.dir });
  });
  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const invite = async (delivery: 'temporary-password' | 'invitation') =>
    IssuedAccess.parse(
      (
        await hub.api('POST', '/api/agents/invite', {
          token: hub.adminToken,
          body: { email: 'kenji@example.com', name: 'Kenji', delivery },
        })
      ).body,
    );

  it('with a temporary password waits for a new one, connecting and saving nothing until then', async () => {
    const issued = await invite('temporary-password');
    const session = await client.service.signIn({
      hubUrl: hub.url,
      email: 'kenji@example.com',
      password: issued.temporaryPassword ?? '',
    });
    expect(session).toMatchObject({ agent: { name: 'Kenji' }, passwordChangeRequired: true });
    expect(await client.service.getSession()).toMatchObject({ passwordChangeRequired: true });
    expect(client.service.account()).toBeNull();
    expect(existsSync(join(tmp.dir, 'session.json'))).toBe(false);
    // Hub calls say why they cannot be made.
    expect(await callApi(client.service, 'adminListAgents', [])).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_CHANGE_REQUIRED' },
    });

    const short = await callApi(client.service, 'replaceTemporaryPassword', ['short']);
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const same = await callApi(client.service, 'replaceTemporaryPassword', [issued.temporaryPassword ?? '']);
    expect(same).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    const opened = await client.service.replaceTemporaryPassword(CHOSEN);
    expect(opened.passwordChangeRequired).toBeUndefined();
    expect((await client.waitForSynced()).status).toBe('online');
    expect(existsSync(join(tmp.dir, 'session.json'))).toBe(true);
    // The held session first, then the opened one (announced again as the hub reports the agent online).
    const [held, ...after] = client.events.flatMap((e) => (e.type === 'session' ? [e.session] : []));
    expect(held).toMatchObject({ passwordChangeRequired: true });
    expect(after.length).toBeGreaterThanOrEqual(1);
    for (const announced of after) expect(announced).not.toMatchObject({ passwordChangeRequired: true });
    expect((await hub.login('kenji@example.com', CHOSEN)).passwordChangeRequired).toBe(false);
  });

  it('signing out while the temporary password waits forgets that session', async () => {
    const issued = await invite('temporary-password');
    await client.service.signIn({
      hubUrl: hub.url,
      email: 'kenji@example.com',
      password: issued.temporaryPassword ?? '',
    });
    await client.service.signOut();
    expect(await client.service.getSession()).toBeNull();
    expect(await callApi(client.service, 'replaceTemporaryPassword', [CHOSEN])).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('with an invitation link sets the password and signs in, once', async () => {
    const issued = await invite('invitation');
    const link = issued.invitation?.link ?? invitationLink(hub.url, issued.invitation?.token ?? '');
    const parsed = parseInvitationLink(`  ${link}\n`);
    expect(parsed).toEqual({ hubUrl: hub.url, token: issued.invitation?.token });
    if (!parsed) throw new Error('the link did not parse');
    const session = await client.service.signInWithInvitation({ ...parsed, newPassword: CHOSEN });
    expect(session).toMatchObject({ agent: { email: 'kenji@example.com' } });
    expect((await client.waitForSynced()).status).toBe('online');
    await client.service.signOut();

    const again = await callApi(client.service, 'signInWithInvitation', [{ ...parsed, newPassword: CHOSEN }]);
    expect(again).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID' } });
    const signedIn = await client.service.signIn({ hubUrl: hub.url, email: 'kenji@example.com', password: CHOSEN });
    expect(signedIn.agent.name).toBe('Kenji');
  });
});

describe('the client’s own agent', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let client: TestClient;
  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
  });

  it('follows an admin’s change of the agent’s permissions without a new sign-in', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko' });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    await hub.api('PATCH', `/api/agents/${aiko.agent.id}`, {
      token: hub.adminToken,
      body: { permissions: { view: true, create: true, update: false, delete: false } },
    });
    await waitFor(
      async () => (await client.service.getSession())?.agent.permissions.update === false,
      5000,
      'the session to follow',
    );
    expect(client.events.some((e) => e.type === 'session' && e.session?.agent.permissions.update === false)).toBe(true);
    // Saved too: the next start has the new permissions before any sync.
    await client.stop();
    client = startClient({ dataDir: tmp.dir });
    await client.service.start();
    expect((await client.service.getSession())?.agent.permissions.update).toBe(false);
  });
});
