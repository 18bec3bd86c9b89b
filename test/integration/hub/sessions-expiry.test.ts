import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSocket, startHub, type TestHub, type TestSocket } from '../../helpers/hub.js';

const DAY = 24 * 60 * 60 * 1000;
const TTL = 30 * DAY;

/** Resolves once the hub closed the socket. */
function closedByHub(sock: TestSocket): Promise<string> {
  return new Promise((resolve) => sock.socket.once('disconnect', (reason) => resolve(reason)));
}

async function connectError(url: string, token: string): Promise<unknown> {
  try {
    await openSocket(url, token);
  } catch (error) {
    return error;
  }
  throw new Error('the hub accepted the socket');
}

describe('a socket lives only as long as its session', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub({ config: { tokenTtlMs: TTL } });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('a socket whose token expired gets no further live events: it is told "expired" and disconnected', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id, ben.agent.id] });
    const expiring = await t.connect(aiko.token);
    const closed = closedByHub(expiring);
    t.clock.advance(TTL - 60_000);
    // Ben signs in later: his session is still valid when Aiko's ends.
    const benLogin = await t.login(ben.email, ben.password);
    const fresh = await t.connect(benLogin.token);

    t.clock.advance(60_000);
    await t.ingestText(channel.id, { from: 'customer', text: 'after expiry' });

    await fresh.waitForEvent((e) => e.type === 'message.upsert');
    expect(await expiring.waitForPush('signed-out')).toEqual({ reason: 'expired' });
    expect(await closed).toBe('io server disconnect');
    expect(expiring.events.filter((e) => e.type === 'message.upsert')).toEqual([]);
    expect(await connectError(t.url, aiko.token)).toMatchObject({
      message: expect.any(String),
      data: { code: 'UNAUTHENTICATED', details: { reason: 'expired' } },
    });
  });

  it('a quiet socket is disconnected when its token expires, by the hub’s own timer', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    // Signed in 30 days minus a second ago: the socket has a second left.
    t.clock.advance(TTL - 1000);
    const sock = await t.connect(aiko.token);
    const closed = closedByHub(sock);
    expect(await sock.waitForPush('signed-out', () => true, 5000)).toEqual({ reason: 'expired' });
    expect(await closed).toBe('io server disconnect');
  });

  it('a command after expiry is refused with the reason, and the socket is disconnected', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const sock = await t.connect(aiko.token);
    const closed = closedByHub(sock);
    // Set up while the session was valid (the hub tells a new socket who is online, itself included): the
    // command is what finds it expired.
    await sock.waitForPush('presence', (p) => (p as { agentId?: string }).agentId === aiko.agent.id);
    t.clock.advance(TTL);
    const ack = await sock.command('sync', { after: 0 });
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', details: { reason: 'expired' } } });
    expect(await closed).toBe('io server disconnect');
  });

  it('signing out, a password change and deactivation tell the sockets "revoked" before disconnecting them', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const ben = await t.createAgent({ name: 'Ben' });
    const chika = await t.createAgent({ name: 'Chika' });
    const socks = [await t.connect(aiko.token), await t.connect(ben.token), await t.connect(chika.token)];
    const closed = socks.map(closedByHub);

    expect((await t.api('POST', '/api/auth/logout', { token: aiko.token })).status).toBe(204);
    const newPassword = { password: 'a-new-password-456' };
    const changed = await t.api('PATCH', `/api/agents/${ben.agent.id}`, { token: t.adminToken, body: newPassword });
    expect(changed.status).toBe(200);
    const deactivated = await t.api('POST', `/api/agents/${chika.agent.id}/deactivate`, { token: t.adminToken });
    expect(deactivated.status).toBe(200);

    for (const sock of socks) expect(await sock.waitForPush('signed-out')).toEqual({ reason: 'revoked' });
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect', 'io server disconnect']);
    expect(await connectError(t.url, aiko.token)).toMatchObject({
      data: { code: 'UNAUTHENTICATED', details: { reason: 'revoked' } },
    });
  });
});
