/**
 * Raw HTTP for the webhook-limits tests: a provider (or an attacker) posting
 * to a real hub on loopback, with control over Content-Length, chunking and
 * how much of the body is sent, and the time each answer took.
 */
import http from 'node:http';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { ChannelKind } from '../../../src/shared/domain.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { startHub, testCredentials, type TestHub } from '../../helpers/hub.js';

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body when it was JSON, else null. */
  readonly json: unknown;
  readonly elapsedMs: number;
}

export interface RawPost {
  readonly headers?: Record<string, string>;
  /** The body is sent as it is, with its Content-Length, unless `chunked` or `declaredLength` is set. */
  readonly body?: string | Buffer;
  /** Sent with Transfer-Encoding: chunked in pieces of this many bytes (no Content-Length). */
  readonly chunked?: number;
  /** Claims this Content-Length and sends only `body`: the answer must not wait for the rest. */
  readonly declaredLength?: number;
  readonly method?: 'GET' | 'POST';
}

function answerOf(res: http.IncomingMessage, started: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = String(res.headers['content-type'] ?? '');
      const json: unknown = contentType.includes('json') && text ? JSON.parse(text) : null;
      resolve({ status: res.statusCode ?? 0, contentType, text, json, elapsedMs: Date.now() - started });
    });
  });
}

function writeBody(req: http.ClientRequest, body: Buffer, options: RawPost): void {
  if (options.declaredLength !== undefined) {
    // Half a request: the rest never comes, so only an answer that does not wait for it arrives.
    req.write(body);
    return;
  }
  if (options.chunked !== undefined) {
    for (let at = 0; at < body.length; at += options.chunked) req.write(body.subarray(at, at + options.chunked));
    req.end();
    return;
  }
  req.end(body);
}

/** One request on a fresh connection; resolves with the answer even when the hub answers before the body is sent. */
export function rawRequest(url: string, options: RawPost = {}): Promise<RawAnswer> {
  const body = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body ?? '');
  const headers: Record<string, string> = { ...options.headers };
  if (options.declaredLength !== undefined) headers['content-length'] = String(options.declaredLength);
  else if (options.chunked !== undefined) headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(body.length);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      answerOf(res, started).then(resolve, reject);
      // The hub may close while the rest of a refused body is still being written.
      if (options.declaredLength !== undefined) res.on('end', () => req.destroy());
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    writeBody(req, body, options);
  });
}

/** `{ error: { code, message } }`, the hub's one error shape, or a test failure naming what came instead. */
export function errorOf(answer: RawAnswer): { code: string; message: string } {
  const body = answer.json;
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error: unknown = body.error;
    if (
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      'message' in error &&
      typeof error.code === 'string' &&
      typeof error.message === 'string'
    )
      return { code: error.code, message: error.message };
  }
  throw new Error(`not our error body: ${answer.status} ${answer.contentType} ${answer.text.slice(0, 200)}`);
}

export interface LimitsHub {
  readonly hub: TestHub;
  readonly fake: FakeProvider;
  /** A channel of `kind` pointed at the fake provider; returns its id and credentials. */
  channel(
    kind: ChannelKind,
    extra?: Record<string, unknown>,
  ): Promise<{ id: string; credentials: Record<string, unknown> }>;
  webhookUrl(channelId: string, query?: string): string;
  stop(): Promise<void>;
}

/** A real hub with the provider routes, a movable clock and the fake provider behind every channel. */
export async function startLimitsHub(): Promise<LimitsHub> {
  const fake = await startFakeProvider();
  const hub = await startHub({
    extensions: [
      createProviderExtension({
        retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 2 },
        mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 2, sweepIntervalMs: 60_000 },
        pollTimeoutSeconds: 1,
      }),
    ],
  });
  return {
    hub,
    fake,
    async channel(kind, extra = {}) {
      const credentials = { ...testCredentials(kind), apiBaseUrl: fake.baseUrlFor(kind), ...extra };
      const created = await hub.createChannel({ kind, credentials });
      return { id: created.id, credentials };
    },
    webhookUrl: (channelId, query = '') => `${hub.url}/webhooks/${channelId}${query}`,
    async stop() {
      await hub.stop();
      await fake.close();
    },
  };
}
