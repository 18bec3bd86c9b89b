/**
 * HTTP at the byte level, for tests of what the hub does before and while it
 * reads a body: requests with exactly the headers given (no JSON defaults),
 * and uploads written chunk by chunk that can pause, stop or be cut off, so a
 * test can tell whether an answer came before the body was sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or null when it is not JSON. */
  readonly json: unknown;
}

export interface StreamAnswer extends RawAnswer {
  /** Body bytes the client had written when the answer's headers arrived. */
  readonly sentWhenAnswered: number;
}

export interface StreamOptions {
  readonly headers: Record<string, string>;
  /** Body size to send. */
  readonly total: number;
  /** Declare `Content-Length: total` (default); false sends the body chunked. */
  readonly declareLength?: boolean;
  /** Stop writing after this many bytes until `resume()` (default: never pause). */
  readonly pauseAt?: number;
}

export interface StreamedUpload {
  /** The hub's answer; rejects only when the connection fails before any answer. */
  readonly answer: Promise<StreamAnswer>;
  /** Resolves once `pauseAt` bytes have been handed to the socket. */
  readonly paused: Promise<void>;
  /** Body bytes written so far. */
  sent(): number;
  /** sha256 (hex) of everything written so far. */
  sha256(): string;
  resume(): void;
  /** Cuts the connection, like a client that crashed mid-upload. */
  abort(): void;
}

const CHUNK = randomBytes(64 * 1024);

function toAnswer(res: http.IncomingMessage, text: string): RawAnswer {
  let json: unknown = null;
  if (res.headers['content-type']?.includes('json') && text !== '') json = JSON.parse(text);
  return { status: res.statusCode ?? 0, headers: res.headers, text, json };
}

function readAnswer(res: http.IncomingMessage): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(toAnswer(res, Buffer.concat(chunks).toString('utf8'))));
    res.on('error', reject);
  });
}

/** One request on its own connection, with exactly these headers and body. */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      readAnswer(res).then(resolve, reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Starts writing `total` bytes to `url` (POST) in 64 KiB chunks, respecting back-pressure. */
export function streamUpload(url: string, options: StreamOptions): StreamedUpload {
  const { total } = options;
  let pauseAt = options.pauseAt ?? Infinity;
  const headers = { ...options.headers };
  if (options.declareLength !== false) headers['content-length'] = String(total);
  const hash = createHash('sha256');
  let sent = 0;
  let answered = false;
  let holding = pauseAt <= 0;
  let onPaused: () => void = () => undefined;
  const paused = new Promise<void>((resolve) => (onPaused = resolve));
  const req = http.request(url, { method: 'POST', headers, agent: false });

  const pump = (): void => {
    while (!answered && !holding && sent < total) {
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent, pauseAt > sent ? pauseAt - sent : total));
      sent += chunk.length;
      hash.update(chunk);
      if (sent >= pauseAt && pauseAt < total) holding = true;
      if (!req.write(chunk)) return void req.once('drain', pump);
    }
    if (holding) onPaused();
    else if (!answered && sent >= total) req.end();
  };

  const answer = new Promise<StreamAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      readAnswer(res).then((a) => {
        resolve({ ...a, sentWhenAnswered });
        req.destroy();
      }, reject);
    });
    // Writing into a connection the hub closed after answering fails (EPIPE, ECONNRESET): that is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
  });
  if (holding) {
    // Nothing to write yet: send the headers alone, as a client waiting for `100 Continue` would.
    req.flushHeaders();
    onPaused();
  } else pump();
  return {
    answer,
    paused,
    sent: () => sent,
    sha256: () => hash.copy().digest('hex'),
    resume() {
      holding = false;
      pauseAt = Infinity;
      pump();
    },
    abort() {
      answered = true;
      req.destroy();
    },
  };
}
