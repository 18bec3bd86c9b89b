/**
 * Requests as a chosen client, for tests of the hub behind a TLS proxy: over
 * https with the test's own certificate trusted (`ca`) or plain http, from a
 * chosen local address (127.0.0.2, 127.0.0.3 … are all this machine, so one
 * test can be several clients), and uploads streamed chunk by chunk with
 * their sha256, never held whole in memory.
 */
import { createHash } from 'node:crypto';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';

export interface ClientAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON when it says it is JSON, else null. */
  readonly json: unknown;
}

export interface ClientOptions {
  /** The certificate to trust (https). */
  readonly ca?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** The address the request comes from (any of 127.0.0.0/8 on loopback). */
  readonly localAddress?: string;
}

function readAnswer(res: IncomingMessage): Promise<ClientAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const isJson = String(res.headers['content-type'] ?? '').includes('json') && text !== '';
      resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: isJson ? JSON.parse(text) : null });
    });
  });
}

/** Until the socket takes more, or the request is over (answered early and closed). */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

function open(url: string, options: ClientOptions, headers: Record<string, string>): ClientRequest {
  const common = {
    method: options.method ?? 'GET',
    headers,
    localAddress: options.localAddress,
    // A new connection per request: a kept-alive one would come from the first request's address.
    agent: false,
  };
  return url.startsWith('https:') ? https.request(url, { ...common, ca: options.ca }) : http.request(url, common);
}

export function clientRequest(url: string, options: ClientOptions): Promise<ClientAnswer> {
  const body = options.body;
  const headers = { ...options.headers };
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = open(url, options, headers);
    req.once('error', reject);
    req.once('response', (res) => readAnswer(res).then(resolve, reject));
    req.end(body);
  });
}

/** Sends `total` bytes (a repeating pattern) with `Content-Length: total`; the answer and the body's sha256. */
export async function clientUpload(
  url: string,
  total: number,
  options: ClientOptions,
): Promise<{ answer: ClientAnswer; sha256: string }> {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i += 1) chunk[i] = (i * 31 + 7) & 0xff;
  const hash = createHash('sha256');
  const req = open(url, { ...options, method: 'POST' }, { ...options.headers, 'content-length': String(total) });
  const answer = new Promise<ClientAnswer>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => readAnswer(res).then(resolve, reject));
  });
  for (let sent = 0; sent < total && !req.destroyed;) {
    const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
    hash.update(part);
    sent += part.length;
    if (!req.write(part)) await drained(req);
  }
  req.end();
  return { answer: await answer, sha256: hash.digest('hex') };
}

/** Sends only the headers of a request announcing `declaredBytes`: for refusals made before any body. */
export function clientAnnounce(url: string, declaredBytes: number, options: ClientOptions): Promise<ClientAnswer> {
  const req = open(
    url,
    { ...options, method: 'POST' },
    { ...options.headers, 'content-length': String(declaredBytes) },
  );
  req.flushHeaders();
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) =>
      readAnswer(res).then((answer) => {
        req.destroy();
        resolve(answer);
      }, reject),
    );
  });
}
