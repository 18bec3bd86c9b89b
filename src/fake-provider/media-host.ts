/**
 * A plain HTTP file host on 127.0.0.1:0, for media-download tests: a
 * provider's CDN, an "external" content host, an attacker's server or an
 * internal service the hub must never reach. Every request is recorded with
 * its headers and how many body bytes were written before the client went
 * away; routes can answer big generated bodies (written as the client reads,
 * so the host itself holds one chunk), omit Content-Length, stall after the
 * headers, or pause mid-body until the test lets them go on.
 */
import http from 'node:http';

export interface HostRoute {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** A body of `size` bytes written in chunks; `contentLength: false` sends it chunked, without the header. */
  readonly generated?: { readonly size: number; readonly contentLength: boolean };
  /** Sends the headers, then nothing until the client closes the connection. */
  readonly stall?: boolean;
  /** Stops after `bytes` of a generated body until `resume` settles. */
  readonly pauseAt?: { readonly bytes: number; readonly resume: Promise<void> };
}

export interface HostRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Body bytes written so far. */
  bytesWritten: number;
  /** True once the client closed the connection before the whole body was written. */
  cutOff: boolean;
  /** Settles when the answer is complete or the client went away. */
  readonly finished: Promise<void>;
}

export interface FakeMediaHost {
  /** `http://127.0.0.1:<port>`, which is also its origin. */
  readonly url: string;
  readonly port: number;
  readonly requests: HostRequest[];
  route(path: string, response: HostRoute): void;
  requestsTo(path: string): HostRequest[];
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

function headerMap(req: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Resolves when the socket can take more, or is gone. */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `size` bytes, honouring backpressure, until done or the client is gone. */
async function writeGenerated(res: http.ServerResponse, record: HostRequest, route: HostRoute): Promise<void> {
  const size = route.generated?.size ?? 0;
  const gone = (): boolean => res.destroyed || record.cutOff;
  let paused = false;
  while (record.bytesWritten < size && !gone()) {
    if (route.pauseAt && !paused && record.bytesWritten >= route.pauseAt.bytes) {
      paused = true;
      await route.pauseAt.resume;
      continue;
    }
    const piece = CHUNK.subarray(0, Math.min(CHUNK.length, size - record.bytesWritten));
    record.bytesWritten += piece.length;
    if (!res.write(piece)) await drained(res);
  }
  if (!gone()) res.end();
}

function answer(res: http.ServerResponse, record: HostRequest, route: HostRoute): void {
  const headers: Record<string, string> = { ...(route.headers ?? {}) };
  if (route.body) headers['content-length'] = String(route.body.length);
  if (route.generated?.contentLength) headers['content-length'] = String(route.generated.size);
  res.writeHead(route.status ?? 200, headers);
  if (route.stall) {
    res.flushHeaders();
    return;
  }
  if (route.generated) {
    void writeGenerated(res, record, route);
    return;
  }
  record.bytesWritten = route.body?.length ?? 0;
  res.end(route.body ?? '');
}

export async function startFakeMediaHost(): Promise<FakeMediaHost> {
  const routes = new Map<string, HostRoute>();
  const requests: HostRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let settle: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const record: HostRequest = { path, headers: headerMap(req), bytesWritten: 0, cutOff: false, finished };
    requests.push(record);
    res.once('close', () => {
      record.cutOff = !res.writableFinished;
      settle();
    });
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    answer(res, record, route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('media host has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    route: (path, response) => routes.set(path, response),
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
