import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import type { Logger } from '../../../src/main/core/logger.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  fileTokenStore,
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

const DAY = 24 * 60 * 60 * 1000;
const TTL = 30 * DAY;

/** A logger that keeps every line, so a test can see what the client reported. */
function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at =
    (level: string) =>
    (_fields: object, message = ''): void =>
      void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('the client when the hub ends its session', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let aiko: TestAgent;
  let channelId: string;
  let client: TestClient;
  beforeEach(async () => {
    hub = await startHub({ config: { tokenTtlMs: TTL } });
    tmp = makeTempDir();
    aiko = await hub.createAgent({ name: 'Aiko' });
    channelId = (await hub.createChannel({ linkAgentIds: [aiko.agent.id] })).id;
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
  });
  afterEach(async () => {
    await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const signedOut = () =>
    waitFor(async () => {
      const state = await client.service.getConnection();
      return state.status === 'signed-out' ? state : undefined;
    });

  it('signs out when the token expires, says it expired, and shows nothing that arrived afterwards', async () => {
    hub.clock.advance(TTL);
    const conversationId = await ingestCustomerText(hub, channelId, { from: 'c1', text: 'after expiry' });

    expect(await signedOut()).toMatchObject({ signOutReason: 'expired' });
    expect(await client.service.getSession()).toBeNull();
    expect(client.events).toContainEqual({ type: 'session', session: null });
    expect(client.events).toContainEqual({
      type: 'connection',
      state: expect.objectContaining({ status: 'signed-out', signOutReason: 'expired' }),
    });
    expect(existsSync(join(tmp.dir, 'session.json'))).toBe(false);
    expect(client.events).not.toContainEqual(
      expect.objectContaining({ type: 'changes', conversationIds: [conversationId] }),
    );
  });

  it('signs out saying the session was ended when an admin deactivates the agent', async () => {
    const res = await hub.api('POST', `/api/agents/${aiko.agent.id}/deactivate`, { token: hub.adminToken });
    expect(res.status).toBe(200);
    expect(await signedOut()).toMatchObject({ signOutReason: 'revoked' });
    expect(await client.service.getSession()).toBeNull();
  });

  it('an agent who signs out themselves gets no reason, and signing in again clears the last one', async () => {
    hub.clock.advance(TTL);
    await ingestCustomerText(hub, channelId, { from: 'c1', text: 'after expiry' });
    expect(await signedOut()).toMatchObject({ signOutReason: 'expired' });
    await client.service.signIn({ hubUrl: hub.url, email: aiko.email, password: aiko.password });
    await client.waitForSynced();
    expect(await client.service.getConnection()).not.toHaveProperty('signOutReason');
    await client.service.signOut();
    expect(await client.service.getConnection()).toEqual(expect.not.objectContaining({ signOutReason: 'expired' }));
  });
});

describe('the client when the hub finds its handshake malformed', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let service: ClientService;
  afterEach(async () => {
    await service.stop();
    await hub.stop();
    tmp.cleanup();
  });

  it('stays signed in, logs it as a bug and tries again later instead of signing out', async () => {
    hub = await startHub();
    tmp = makeTempDir();
    const aiko = await hub.createAgent({ name: 'Aiko' });
    // A token the hub's handshake schema refuses (over 512 characters): a client bug, not a bad session.
    const sessionFile = join(tmp.dir, 'session.json');
    writeFileSync(sessionFile, JSON.stringify({ hubUrl: hub.url, token: 'x'.repeat(600), agent: aiko.agent }));
    const logger = recordingLogger();
    service = createClientService({
      dataDir: join(tmp.dir, 'accounts'),
      tokenStore: fileTokenStore(sessionFile),
      mediaUrlFor: (id) => `sbmedia://attachment/${id}`,
      logger,
      random: () => 0,
    });
    await service.start();

    const refusals = () => logger.lines.filter((l) => l.level === 'error' && l.message.includes('handshake'));
    await waitFor(() => refusals().length >= 2, 10_000, 'a second attempt');
    expect(await service.getSession()).toMatchObject({ agent: { id: aiko.agent.id } });
    expect(await service.getConnection()).toMatchObject({ status: 'offline', error: { code: 'VALIDATION_FAILED' } });
    expect(existsSync(sessionFile)).toBe(true);
  });
});
