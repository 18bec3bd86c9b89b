/**
 * The hub's HTTP API as the test helpers call it: one request per fresh
 * connection, JSON in and out, and sign-in. What tests build on top (agents,
 * channels) lives in hub.ts.
 */
import http from 'node:http';
import { LoginResponse, type LoginResponse as LoginAnswer } from '../../src/shared/protocol.js';

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface ApiOptions {
  readonly token?: string | null;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type HubApi = (method: string, urlPath: string, options?: ApiOptions) => Promise<ApiResponse>;

/** One call to the hub at `baseUrl`: a bearer token when given, JSON bodies encoded and decoded. */
export async function callHubApi(
  baseUrl: string,
  method: string,
  urlPath: string,
  opts: ApiOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    // Node sends a DELETE body without framing unless the length is given (it chunks only POST, PUT, PATCH).
    headers['content-length'] ??= String(Buffer.byteLength(body));
  }
  const res = await request(`${baseUrl}${urlPath}`, method, headers, body);
  const isJson = res.headers.get('content-type')?.includes('json') ?? false;
  return { status: res.status, body: isJson && res.text ? JSON.parse(res.text) : res.text, headers: res.headers };
}

/** The body of a 2xx answer; any other status fails the test with what the hub said. */
export function expectOk(res: ApiResponse, what: string): unknown {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function loginAt(api: HubApi, email: string, password: string): Promise<LoginAnswer> {
  const res = await api('POST', '/api/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return LoginResponse.parse(res.body);
}

/**
 * One HTTP request on a fresh connection (no keep-alive pool), so a request
 * right after a hub restart never lands on a socket the old hub closed.
 */
function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): Promise<{ status: number; headers: Headers; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
