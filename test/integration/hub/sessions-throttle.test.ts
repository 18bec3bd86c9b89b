import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import type { ApiResponse } from '../../helpers/hub-api.js';

const FREE_ATTEMPTS = 3;
const GUESSES = 200;
describe('the sign-in throttle under parallel guesses', () => {
  let t: TestHub;
  let victim: TestAgent;
  beforeEach(async () => {
    t = await startHub({
      config: { loginThrottle: { freeAttempts: FREE_ATTEMPTS, baseDelayMs: 60_000, maxDelayMs: 600_000 } },
    });
    victim = await t.createAgent({ name: 'Victim' });
  });
  afterEach(async () => {
    await t.stop();
  });

  const guess = (password: string): Promise<ApiResponse> =>
    t.api('POST', '/api/auth/login', { body: { email: victim.email, password } });

  it('200 parallel wrong guesses get only the allowance checked, and the right password sent among them is refused with a wait', async () => {
    const answers: ApiResponse[] = [];
    let firstRefusal: () => void = () => undefined;
    const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
    const burst = Promise.all(
      Array.from({ length: GUESSES }, (_, i) =>
        guess(`wrong-guess-${i}`).then((res) => {
          answers.push(res);
          if (res.status === 429) firstRefusal();
        }),
      ),
    );
    // The right password goes out while the wrong ones are still being checked (as soon as one is refused).
    await Promise.race([refused, burst]);
    const right = await guess(victim.password);
    await burst;

    const checked = answers.filter((res) => res.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(FREE_ATTEMPTS);
    for (const res of checked) expect(res.body).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(right.status).toBe(429);
    // The account throttle's TOO_MANY_ATTEMPTS, or RATE_LIMITED if the per-address HTTP limit counted the burst first.
    expect(right.body).toMatchObject({
      error: {
        code: expect.stringMatching(/^(TOO_MANY_ATTEMPTS|RATE_LIMITED)$/),
        details: { retryAfterMs: expect.any(Number) },
      },
    });
  });

  it('a sign-in refused by the throttle says how long to wait in Retry-After as well as in its body', async () => {
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) expect((await guess(`wrong-${i}`)).status).toBe(401);
    const refused = await guess(victim.password);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    const seconds = Number(refused.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
  });
});
