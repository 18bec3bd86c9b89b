/**
 * A hub's stop always ends: requests in flight get a grace period (server.ts closeHttp), and a connection
 * still open after it — here a client that sent half a request and went quiet — is cut.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../helpers/hub.js';

describe('stopping the hub', () => {
  it('ends even while a client holds a half-sent request open, and closes that connection', async () => {
    const t = await startHub();
    const { port } = new URL(t.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    // Headers without their final blank line: the server waits for the rest, which never comes.
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await t.stop();
    await closed;
    // Within the grace period and a little, not Node's minute-long header timeout.
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);
});
