/** POST /api/auth/password: an agent changes their own password, proving the current one. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import type { ApiResponse } from '../../helpers/hub-api.js';

const FREE_ATTEMPTS = 3;
const NEW_PASSWORD = 'a-brand-new-password-789';

describe('an agent changing their own password', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub({
      config: { loginThrottle: { freeAttempts: FREE_ATTEMPTS, baseDelayMs: 60_000, maxDelayMs: 600_000 } },
    });
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const change = (token: string | null, body: unknown): Promise<ApiResponse> =>
    t.api('POST', '/api/auth/password', { token, body });
  const signIn = (password: string): Promise<ApiResponse> =>
    t.api('POST', '/api/auth/login', { body: { email: aiko.email, password } });

  it('takes the new password, refuses the old one, keeps this session and signs out the other ones', async () => {
    const other = await t.login(aiko.email, aiko.password);
    const otherSocket = await t.connect(other.token);
    const thisSocket = await t.connect(aiko.token);

    const res = await change(aiko.token, { currentPassword: aiko.password, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);

    expect(await otherSocket.waitForPush('signed-out')).toEqual({ reason: 'revoked' });
    expect((await t.api('GET', '/api/auth/me', { token: other.token })).status).toBe(401);
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).body).toMatchObject({
      agent: { id: aiko.agent.id },
    });
    // The socket of the session that changed the password was not told to sign out, and still answers.
    expect(thisSocket.pushes.filter((p) => p.name === 'signed-out')).toEqual([]);
    expect(await thisSocket.command('sync', { after: 0 })).toMatchObject({ ok: true });

    expect((await signIn(aiko.password)).body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect((await signIn(NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses a wrong current password as a failed sign-in, counted by the sign-in throttle', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) {
      const res = await change(aiko.token, { currentPassword: `wrong-guess-${i}`, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    // The allowance is spent: the right password is not even checked, neither here nor at sign-in.
    const refused = await change(aiko.token, { currentPassword: aiko.password, newPassword: NEW_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: { code: 'TOO_MANY_ATTEMPTS', details: { retryAfterMs: expect.any(Number) } },
    });
    expect((await signIn(aiko.password)).body).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    // Nothing changed: the session still works, and the old password is still the password.
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(200);
    t.clock.advance(600_000);
    expect((await signIn(aiko.password)).status).toBe(200);
  });

  it('refuses a new password that is too short, or the same as the current one, with VALIDATION_FAILED', async () => {
    const short = await change(aiko.token, { currentPassword: aiko.password, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('newPassword') },
    });
    const same = await change(aiko.token, { currentPassword: aiko.password, newPassword: aiko.password });
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('differ') },
    });
    const tooLong = await change(aiko.token, { currentPassword: aiko.password, newPassword: 'x'.repeat(1025) });
    expect(tooLong.status).toBe(400);
    expect((await signIn(aiko.password)).status).toBe(200);
  });

  it('refuses a request without a valid token with 401 UNAUTHENTICATED', async () => {
    const body = { currentPassword: aiko.password, newPassword: NEW_PASSWORD };
    for (const token of [null, 'not-a-token']) {
      const res = await change(token, body);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
    expect((await signIn(aiko.password)).status).toBe(200);
  });
});
