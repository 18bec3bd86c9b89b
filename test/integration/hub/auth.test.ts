import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginResponse } from '../../../src/shared/protocol.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, openSocket, startHub, type TestHub } from '../../helpers/hub.js';

const DAY = 24 * 60 * 60 * 1000;

describe('signing in', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub({ config: { loginThrottle: { freeAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 600_000 } } });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('an agent signs in with the right password and gets a token and its profile', async () => {
    const res = await t.api('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agent: { email: ADMIN_EMAIL, role: 'admin' } });
    const me = await t.api('GET', '/api/auth/me', { token: LoginResponse.parse(res.body).token });
    expect(me.status).toBe(200);
  });

  it('a wrong password is refused with INVALID_CREDENTIALS, an unknown email too', async () => {
    const wrong = await t.api('POST', '/api/auth/login', {
      body: { email: ADMIN_EMAIL, password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } });
    const unknown = await t.api('POST', '/api/auth/login', { body: { email: 'nobody@example.com', password: 'x' } });
    expect(unknown.status).toBe(401);
  });

  it('repeated failed sign-ins are slowed down, even with the right password afterwards, until the wait is over', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.api('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: `wrong-${i}` } });
      expect(res.status).toBe(401);
    }
    const blocked = await t.api('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    t.clock.advance(61_000);
    const ok = await t.api('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(ok.status).toBe(200);
  });

  it('a token stops working when it expires', async () => {
    const { token } = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await t.api('GET', '/api/auth/me', { token })).status).toBe(200);
    t.clock.advance(31 * DAY);
    const res = await t.api('GET', '/api/auth/me', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await expect(openSocket(t.url, token)).rejects.toThrow();
  });

  it('logging out revokes the token and disconnects its sockets', async () => {
    const { token } = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    const sock = await t.connect(token);
    const disconnected = new Promise((resolve) => sock.socket.once('disconnect', resolve));
    expect((await t.api('POST', '/api/auth/logout', { token })).status).toBe(204);
    await disconnected;
    expect((await t.api('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await t.api('GET', '/api/auth/me', { token: t.adminToken })).status).toBe(200);
  });

  it('a deactivated agent can no longer sign in and its sockets are closed', async () => {
    const a = await t.createAgent();
    const sock = await t.connect(a.token);
    const disconnected = new Promise((resolve) => sock.socket.once('disconnect', resolve));
    const res = await t.api('POST', `/api/agents/${a.agent.id}/deactivate`, { token: t.adminToken });
    expect(res.status).toBe(200);
    await disconnected;
    const again = await t.api('POST', '/api/auth/login', { body: { email: a.email, password: a.password } });
    expect(again.body).toMatchObject({ error: { code: 'AGENT_INACTIVE' } });
  });

  it('requests without a token get 401 and unknown routes 404 in the same error shape', async () => {
    const res = await t.api('GET', '/api/conversations');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const missing = await t.api('GET', '/api/nothing-here', { token: t.adminToken });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
