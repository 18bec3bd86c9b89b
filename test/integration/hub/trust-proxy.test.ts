/**
 * SWITCHBOARD_TRUST_PROXY: whose X-Forwarded-For the hub believes. By
 * default no one's, so a client cannot pick the address its sign-ins are
 * counted under; with a proxy named, requests from that proxy count under
 * the address it forwards, and requests from anywhere else still count under
 * their own. (Through a real nginx: reverse-proxy.test.ts.) 127.0.0.2 is a
 * second client on this machine: all of 127.0.0.0/8 is loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/hub/config.js';
import { SIGN_IN_LIMIT } from '../../../src/hub/http/rate-limits.js';
import { clientRequest } from '../../helpers/client-request.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/** A failed sign-in (a new email each time, so only the per-address limit can refuse it): its status. */
async function signInFrom(hubUrl: string, localAddress: string, forwardedFor: string, i: number): Promise<number> {
  const answer = await clientRequest(`${hubUrl}/api/auth/login`, {
    method: 'POST',
    localAddress,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: `guess-${i}@example.com`, password: 'wrong-password' }),
  });
  return answer.status;
}

/** SIGN_IN_LIMIT.max sign-ins, each claiming another forwarded address, then one more: the statuses. */
async function exhaust(hubUrl: string, localAddress: string): Promise<{ first: number[]; next: number }> {
  const first = await Promise.all(
    Array.from({ length: SIGN_IN_LIMIT.max }, (_, i) => signInFrom(hubUrl, localAddress, `198.51.100.${i + 1}`, i)),
  );
  const next = await signInFrom(hubUrl, localAddress, '198.51.100.200', 1000);
  return { first, next };
}

// Each failed sign-in costs a password hash: on a loaded machine SIGN_IN_LIMIT.max of them take a while.
describe('which client address the hub believes', () => {
  it('without a trusted proxy, X-Forwarded-For is ignored: forged addresses share the sender’s sign-in limit', async () => {
    t = await startHub();
    // startHub signed the admin in from 127.0.0.1 already: use another address for a clean count.
    const { first, next } = await exhaust(t.url, '127.0.0.2');
    expect(first.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMIT.max);
    expect(next).toBe(429);
  }, 60_000);

  it('with SWITCHBOARD_TRUST_PROXY=127.0.0.1, the proxy’s forwarded addresses count apart, and a client elsewhere still counts as itself', async () => {
    const config = parseCommandLine([], { SWITCHBOARD_TRUST_PROXY: '127.0.0.1' }).config;
    t = await startHub({ config: { trustProxy: config.trustProxy } });
    // From the proxy: each forwarded address is its own client, none near its limit.
    const viaProxy = await exhaust(t.url, '127.0.0.1');
    expect(viaProxy.first.filter((s) => s === 401)).toHaveLength(SIGN_IN_LIMIT.max);
    expect(viaProxy.next).toBe(401);
    // From 127.0.0.2, not a trusted proxy: its X-Forwarded-For is ignored.
    const direct = await exhaust(t.url, '127.0.0.2');
    expect(direct.next).toBe(429);
  }, 60_000);
});
