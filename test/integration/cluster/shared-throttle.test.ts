/**
 * The sign-in throttle on a hub of two nodes over one PostgreSQL database (docs/scaling.md, "Shared
 * state"): wrong passwords sent to either node use up one allowance, and a refusal on one node is a
 * refusal on the other.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { createDatabase } from '../../helpers/postgres.js';

const FREE_ATTEMPTS = 3;
const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0).reverse()) await hub.stop();
});

describe('the sign-in throttle across hub nodes on one Postgres', () => {
  it('counts wrong passwords sent to either node against one allowance', async () => {
    const databaseUrl = await createDatabase();
    const config = {
      databaseUrl,
      secretKey: randomBytes(32).toString('base64'),
      loginThrottle: { freeAttempts: FREE_ATTEMPTS, baseDelayMs: 60_000, maxDelayMs: 600_000 },
    };
    const a = await startHub({ config });
    hubs.push(a);
    const b = await startHub({ config });
    hubs.push(b);
    const victim = await a.createAgent({ name: 'Victim' });
    const guess = (node: TestHub, password: string) =>
      node.api('POST', '/api/auth/login', { body: { email: victim.email, password } });

    // Three wrong guesses, alternating nodes: each is checked (401). With a count per node, B would allow more.
    const statuses = [];
    for (const [i, node] of [a, b, a].entries()) statuses.push((await guess(node, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const onB = await guess(b, victim.password);
    expect(onB.status).toBe(429);
    expect(onB.body).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    expect((await guess(a, victim.password)).status).toBe(429);

    // After the wait, the right password on node B signs in, and node A counts from zero again.
    a.clock.advance(60_000);
    b.clock.advance(60_000);
    expect((await guess(b, victim.password)).status).toBe(200);
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) expect((await guess(a, `wrong-again-${i}`)).status).toBe(401);
  }, 120_000);
});
