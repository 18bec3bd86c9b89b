/**
 * Every refusal of the HTTP layer, whoever notices the problem (Node's
 * parser, Fastify's router, a route schema), answers our error body
 * `{error: {code, message}}` with a fitting status, never Fastify's own.
 */
import net from 'node:net';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../src/shared/errors.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { rawRequest, type RawAnswer } from '../../helpers/raw-http.js';

const OurError = z.object({ error: ErrorBody }).strict();

function expectRefusal(answer: RawAnswer, status: number, code: string): z.infer<typeof ErrorBody> {
  expect({ status: answer.status, type: answer.headers['content-type'] }).toEqual({
    status,
    type: 'application/json; charset=utf-8',
  });
  const body = OurError.parse(answer.json).error;
  expect(body.code).toBe(code);
  return body;
}

/** Writes raw bytes on a socket and returns what the hub answered before closing. */
function rawExchange(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(request));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
    socket.on('error', (error) => (received ? resolve(received) : reject(error)));
  });
}

describe('HTTP refusals', () => {
  let t: TestHub;
  let auth: Record<string, string>;
  beforeEach(async () => {
    t = await startHub();
    auth = { authorization: `Bearer ${t.adminToken}` };
  });
  afterEach(async () => {
    await t.stop();
  });

  it('ids up to the schema’s 128 characters reach the route; longer ones are refused as invalid', async () => {
    const id128 = 'a'.repeat(128);
    const missing = expectRefusal(await rawRequest(`${t.url}/api/agents/${id128}`, 'GET', auth), 404, 'NOT_FOUND');
    expect(missing.message).toBe('No such agent.');
    const channel = await t.createChannel();
    // Unlinking an agent who is not linked changes nothing: the route answered, the id was accepted.
    const unlink = await rawRequest(`${t.url}/api/channels/${channel.id}/agents/${id128}`, 'DELETE', auth);
    expect(unlink.status).toBe(200);

    for (const length of [129, 1000, 5000]) {
      const long = 'a'.repeat(length);
      const body = expectRefusal(
        await rawRequest(`${t.url}/api/agents/${long}`, 'GET', auth),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.message).toMatch(/^params\.id: /);
      const pair = await rawRequest(`${t.url}/api/channels/${channel.id}/agents/${long}`, 'DELETE', auth);
      expect(expectRefusal(pair, 400, 'VALIDATION_FAILED').message).toMatch(/^params\.agentId: /);
    }
  });

  it('headers larger than the hub accepts are answered 431 with our error body', async () => {
    const request =
      `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n` +
      'Connection: close\r\n\r\n';
    const answer = await rawExchange(t.url, request);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    expect(head.toLowerCase()).toContain('content-type: application/json; charset=utf-8');
    expect(OurError.parse(JSON.parse(body)).error.code).toBe('HEADERS_TOO_LARGE');

    const garbage = await rawExchange(t.url, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(OurError.parse(JSON.parse(garbage.split('\r\n\r\n')[1] ?? '')).error.code).toBe('VALIDATION_FAILED');
  });

  it('an unknown route, a malformed URL, bad JSON, a wrong content type and a missing body each get our error body', async () => {
    expectRefusal(await rawRequest(`${t.url}/api/nothing-here`, 'GET', auth), 404, 'NOT_FOUND');
    expectRefusal(await rawRequest(`${t.url}/nothing-here`, 'POST', {}), 404, 'NOT_FOUND');
    expectRefusal(await rawRequest(`${t.url}/api/agents/%E0%A4%A`, 'GET', auth), 400, 'VALIDATION_FAILED');

    const json = { ...auth, 'content-type': 'application/json' };
    const bad = expectRefusal(
      await rawRequest(`${t.url}/api/agents`, 'POST', json, '{"email":'),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.message).toMatch(/JSON/);
    const poisoned = '{"email":"a@example.com","__proto__":{"role":"admin"}}';
    expectRefusal(await rawRequest(`${t.url}/api/agents`, 'POST', json, poisoned), 400, 'VALIDATION_FAILED');

    const text = { ...auth, 'content-type': 'text/plain' };
    const wrongType = await rawRequest(`${t.url}/api/agents`, 'POST', text, 'email=a@example.com');
    expect(expectRefusal(wrongType, 415, 'UNSUPPORTED_MEDIA_TYPE').message).toMatch(/application\/json/);
    const form = { ...auth, 'content-type': 'application/x-www-form-urlencoded' };
    expectRefusal(await rawRequest(`${t.url}/api/auth/login`, 'POST', form, 'email=a'), 415, 'UNSUPPORTED_MEDIA_TYPE');

    for (const headers of [json, auth]) {
      const empty = expectRefusal(await rawRequest(`${t.url}/api/agents`, 'POST', headers), 400, 'VALIDATION_FAILED');
      expect(empty.message).toBe('body: a JSON body is required');
    }
    const query = await rawRequest(`${t.url}/api/conversations?limit=0`, 'GET', auth);
    expect(expectRefusal(query, 400, 'VALIDATION_FAILED').message).toMatch(/^query\.limit: /);
  });
});
