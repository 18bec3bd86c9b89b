/**
 * An agent's first way in, issued by an admin: a temporary password the agent
 * must replace before anything else works, or a single-use invitation link
 * that expires; and an admin's password reset, which ends every session.
 */
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IssuedAccess } from '../../../src/shared/agent-access.js';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { INVITATION_TTL_MS } from '../../../src/hub/services/agent-access.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import type { ApiResponse } from '../../helpers/hub-api.js';

const CHOSEN = 'my-own-password-2024';

/** The connect_error data of a handshake with `token`, or 'connected'. */
async function handshakeAnswer(url: string, token: string): Promise<unknown> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve(error.data));
    });
  } finally {
    socket.close();
  }
}

describe('a new agent with a temporary password', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  const invite = async (delivery: 'temporary-password' | 'invitation', email = 'kenji@example.com') => {
    const res = await t.api('POST', '/api/agents/invite', {
      token: t.adminToken,
      body: { email, name: 'Kenji', delivery, permissions: { view: true, create: true, update: false, delete: false } },
    });
    expect(res.status).toBe(201);
    return IssuedAccess.parse(res.body);
  };
  const signIn = (email: string, password: string): Promise<ApiResponse> =>
    t.api('POST', '/api/auth/login', { body: { email, password } });

  it('is shown the password once, signs in with it and can do nothing but replace it', async () => {
    const issued = await invite('temporary-password');
    expect(issued.temporaryPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(issued.invitation).toBeNull();
    expect(issued.access).toMatchObject({
      agent: { email: 'kenji@example.com', role: 'agent', permissions: { update: false } },
      passwordChangeRequired: true,
    });

    const login = LoginResponse.parse((await signIn('kenji@example.com', issued.temporaryPassword ?? '')).body);
    expect(login.passwordChangeRequired).toBe(true);
    const token = login.token;
    for (const [method, path] of [
      ['GET', '/api/channels'],
      ['GET', '/api/conversations'],
      ['GET', '/api/agents'],
    ] as const) {
      const refused = await t.api(method, path, { token });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });
    }
    expect(await handshakeAnswer(t.url, token)).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    // Who am I, and signing out, still work.
    expect((await t.api('GET', '/api/auth/me', { token })).body).toMatchObject({ agent: { name: 'Kenji' } });

    const same = await t.api('POST', '/api/auth/password/replace-temporary', {
      token,
      body: { newPassword: issued.temporaryPassword },
    });
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('differ') },
    });

    const replaced = await t.api('POST', '/api/auth/password/replace-temporary', {
      token,
      body: { newPassword: CHOSEN },
    });
    expect(replaced.status).toBe(204);
    // The same session now opens everything, the socket included.
    expect((await t.api('GET', '/api/channels', { token })).status).toBe(200);
    expect(await handshakeAnswer(t.url, token)).toBe('connected');
    expect((await signIn('kenji@example.com', issued.temporaryPassword ?? '')).status).toBe(401);
    const again = LoginResponse.parse((await signIn('kenji@example.com', CHOSEN)).body);
    expect(again.passwordChangeRequired).toBe(false);
    const listed = await t.api('GET', '/api/agents/access', { token: t.adminToken });
    expect(listed.body).toMatchObject({
      items: expect.arrayContaining([
        expect.objectContaining({ agent: expect.objectContaining({ name: 'Kenji' }), passwordChangeRequired: false }),
      ]),
    });
  });

  it('replacing the temporary password is refused to a session that was not opened with one', async () => {
    const res = await t.api('POST', '/api/auth/password/replace-temporary', {
      token: t.adminToken,
      body: { newPassword: CHOSEN },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'CONFLICT', message: expect.stringContaining('/api/auth/password') },
    });
    const anonymous = await t.api('POST', '/api/auth/password/replace-temporary', { body: { newPassword: CHOSEN } });
    expect(anonymous.status).toBe(401);
  });

  it('an invitation signs the agent in once, setting their password; a second use is refused', async () => {
    const issued = await invite('invitation');
    expect(issued.temporaryPassword).toBeNull();
    // No public URL configured: the client builds the link from the hub address it uses.
    expect(issued.invitation).toMatchObject({ token: expect.any(String), link: null });
    expect(issued.access.invitation).toMatchObject({ expired: false });
    const token = issued.invitation?.token ?? '';
    // Before it is used no password opens the account.
    expect((await signIn('kenji@example.com', 'anything-at-all-123')).status).toBe(401);

    const used = await t.api('POST', '/api/auth/invitation', { body: { token, newPassword: CHOSEN } });
    expect(used.status).toBe(200);
    const session = LoginResponse.parse(used.body);
    expect(session).toMatchObject({ agent: { email: 'kenji@example.com' }, passwordChangeRequired: false });
    expect((await t.api('GET', '/api/channels', { token: session.token })).status).toBe(200);
    expect((await signIn('kenji@example.com', CHOSEN)).status).toBe(200);

    const twice = await t.api('POST', '/api/auth/invitation', { body: { token, newPassword: 'another-password-99' } });
    expect(twice.status).toBe(410);
    expect(twice.body).toMatchObject({
      error: { code: 'INVITATION_INVALID', message: expect.stringContaining('used') },
    });
    expect((await signIn('kenji@example.com', CHOSEN)).status).toBe(200);
    const listed = await t.api('GET', '/api/agents/access', { token: t.adminToken });
    expect(listed.body).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ invitation: null, passwordChangeRequired: false })]),
    });
  });

  it('an invitation expires by the hub clock after seven days, and a newer one replaces it', async () => {
    const first = await invite('invitation');
    t.clock.advance(INVITATION_TTL_MS + 1);
    const listed = await t.api('GET', '/api/agents/access', { token: t.adminToken });
    expect(listed.body).toMatchObject({
      items: expect.arrayContaining([
        expect.objectContaining({ invitation: expect.objectContaining({ expired: true }) }),
      ]),
    });
    const late = await t.api('POST', '/api/auth/invitation', {
      body: { token: first.invitation?.token, newPassword: CHOSEN },
    });
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({
      error: { code: 'INVITATION_INVALID', message: expect.stringContaining('expired') },
    });

    const id = first.access.agent.id;
    const second = IssuedAccess.parse(
      (
        await t.api('POST', `/api/agents/${id}/reset-password`, {
          token: t.adminToken,
          body: { delivery: 'invitation' },
        })
      ).body,
    );
    const third = IssuedAccess.parse(
      (
        await t.api('POST', `/api/agents/${id}/reset-password`, {
          token: t.adminToken,
          body: { delivery: 'invitation' },
        })
      ).body,
    );
    const replaced = await t.api('POST', '/api/auth/invitation', {
      body: { token: second.invitation?.token, newPassword: CHOSEN },
    });
    expect(replaced.body).toMatchObject({
      error: { code: 'INVITATION_INVALID', message: expect.stringContaining('replaced') },
    });
    const ok = await t.api('POST', '/api/auth/invitation', {
      body: { token: third.invitation?.token, newPassword: CHOSEN },
    });
    expect(ok.status).toBe(200);
  });

  it('an invitation of a hub with a public URL is a link to paste in the app', async () => {
    await t.stop();
    t = await startHub({ config: { publicUrl: 'https://hub.example.com' } });
    const issued = await invite('invitation');
    expect(issued.invitation?.link).toBe(`https://hub.example.com/invite#${issued.invitation?.token}`);
    const page = await t.api('GET', '/invite');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(String(page.body)).toContain('I have an invitation');
    expect(String(page.body)).toContain('招待を受けた');
  });

  it('a malformed or unknown invitation token is refused without telling which agents exist', async () => {
    const malformed = await t.api('POST', '/api/auth/invitation', { body: { token: 'x', newPassword: CHOSEN } });
    expect(malformed.status).toBe(400);
    const unknown = await t.api('POST', '/api/auth/invitation', {
      body: { token: 'A'.repeat(43), newPassword: CHOSEN },
    });
    expect(unknown.status).toBe(410);
    expect(unknown.body).toMatchObject({ error: { code: 'INVITATION_INVALID' } });
    const short = await t.api('POST', '/api/auth/invitation', {
      body: { token: 'A'.repeat(43), newPassword: 'short' },
    });
    expect(short.status).toBe(400);
  });
});

describe('an admin resetting an agent’s password', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('ends every session and socket of the agent and hands out a temporary password to replace', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const other = await t.login(aiko.email, aiko.password);
    const sockets = [await t.connect(aiko.token), await t.connect(other.token)];

    const res = await t.api('POST', `/api/agents/${aiko.agent.id}/reset-password`, {
      token: t.adminToken,
      body: { delivery: 'temporary-password' },
    });
    expect(res.status).toBe(200);
    const issued = IssuedAccess.parse(res.body);
    expect(issued.access.passwordChangeRequired).toBe(true);

    for (const socket of sockets) expect(await socket.waitForPush('signed-out')).toEqual({ reason: 'revoked' });
    for (const token of [aiko.token, other.token]) {
      expect((await t.api('GET', '/api/auth/me', { token })).status).toBe(401);
    }
    expect(
      (await t.api('POST', '/api/auth/login', { body: { email: aiko.email, password: aiko.password } })).status,
    ).toBe(401);
    const login = await t.login(aiko.email, issued.temporaryPassword ?? '');
    expect(login.passwordChangeRequired).toBe(true);
  });

  it('refuses a deactivated agent until they are reactivated, and an unknown one', async () => {
    const aiko = await t.createAgent();
    await t.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: t.adminToken });
    const inactive = await t.api('POST', `/api/agents/${aiko.agent.id}/reset-password`, {
      token: t.adminToken,
      body: {},
    });
    expect(inactive.status).toBe(409);
    expect(inactive.body).toMatchObject({
      error: { code: 'AGENT_INACTIVE', message: expect.stringContaining('Reactivate') },
    });
    const unknown = await t.api('POST', '/api/agents/nobody/reset-password', { token: t.adminToken, body: {} });
    expect(unknown.status).toBe(404);
  });
});
