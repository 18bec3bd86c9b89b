import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../helpers/hub.js';

/** What the hub answers a handshake with `auth`: the connect_error's data, or 'connected'. */
async function handshakeAnswer(url: string, auth: Record<string, unknown>): Promise<unknown> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve(error.data));
    });
  } finally {
    socket.close();
  }
}

describe('the socket handshake tells a malformed handshake from a bad token', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it.each([
    ['a token that is a number', { token: 12345 }, 'token'],
    ['batchEvents that is a string', { batchEvents: 'yes' }, 'batchEvents'],
    ['an unknown presence', { presence: 'busy' }, 'presence'],
    ['a token longer than any token', { token: 'x'.repeat(513) }, 'token'],
  ])('%s is refused as VALIDATION_FAILED naming the field, not as a bad token', async (_, fields, field) => {
    const answer = await handshakeAnswer(t.url, { token: t.adminToken, ...fields });
    expect(answer).toEqual({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(field),
      details: { issues: expect.any(Array) },
    });
  });

  it('no token, or a well-formed token the hub does not know, is UNAUTHENTICATED with the reason', async () => {
    expect(await handshakeAnswer(t.url, {})).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'unknown' } });
    expect(await handshakeAnswer(t.url, { token: 'not-a-session-token' })).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'unknown' },
    });
  });
});
