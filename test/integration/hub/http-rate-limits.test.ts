/**
 * Rate limits of the HTTP API (@fastify/rate-limit): sign-ins per client
 * address and uploads per agent. A refusal is our error body with
 * RATE_LIMITED, a Retry-After header and `details.retryAfterMs`, and comes
 * before any expensive work (the password hash, the upload's body).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../src/shared/errors.js';
import { SIGN_IN_LIMIT, UPLOAD_LIMIT } from '../../../src/hub/http/rate-limits.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { streamUpload } from '../../helpers/raw-http.js';

function expectRateLimited(status: number, body: unknown, retryAfter: string | string[] | null | undefined): void {
  expect(status).toBe(429);
  const error = ErrorBody.parse((body as { error: unknown }).error);
  expect(error.code).toBe('RATE_LIMITED');
  const seconds = Number(retryAfter);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(60);
  expect(error.details).toMatchObject({ retryAfterMs: expect.any(Number) });
}

describe('HTTP rate limits', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('sign-ins from one address beyond the limit are refused with RATE_LIMITED and Retry-After, even with the right password', async () => {
    // startHub signed the admin in once already.
    const attempts = Array.from({ length: SIGN_IN_LIMIT.max + 5 }, (_, i) =>
      t.api('POST', '/api/auth/login', { body: { email: `guess-${i}@example.com`, password: 'wrong-password' } }),
    );
    const answers = await Promise.all(attempts);
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(SIGN_IN_LIMIT.max - 1);
    expect(refused).toHaveLength(6);
    for (const a of refused) expectRateLimited(a.status, a.body, a.headers.get('retry-after'));

    const right = await t.api('POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expectRateLimited(right.status, right.body, right.headers.get('retry-after'));
  });

  it('uploads beyond the per-agent limit are refused before their body is read, while other agents still upload', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const uploadAs = (agent: TestAgent) =>
      t.api('POST', '/api/media', {
        token: agent.token,
        body: Buffer.from('x'),
        headers: { 'content-type': 'text/plain', 'x-file-name': 'note.txt' },
      });
    for (let sent = 0; sent < UPLOAD_LIMIT.max; sent += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => uploadAs(aiko)));
      expect(batch.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 201));
    }
    const held = streamUpload(`${t.url}/api/media`, {
      total: 1024 * 1024,
      pauseAt: 0,
      headers: { authorization: `Bearer ${aiko.token}`, 'content-type': 'text/plain', 'x-file-name': 'more.txt' },
    });
    const refused = await held.answer;
    expectRateLimited(refused.status, refused.json, refused.headers['retry-after']);
    expect(refused.sentWhenAnswered).toBe(0);
    expect((await uploadAs(ben)).status).toBe(201);
  });
});
