/**
 * A fake of every provider's published HTTP API on 127.0.0.1:0, for the tests
 * and for the demo (`--demo`, src/hub/demo/), which runs the hub against it.
 * Shipped code: it imports nothing from test/.
 *
 * One Fastify server; each kind's routes live in src/fake-provider/<kind>.ts as
 * `register<Kind>Fake(app, state)` and are mounted under `/<kind>`, so a channel
 * points its `apiBaseUrl` at `fake.baseUrlFor(kind)`. The server parses no
 * bodies itself beyond what the modules need: every request is recorded with its
 * raw bytes and, by content type, as JSON, form fields or multipart parts.
 * Tests script failures (`state.script(...)`) that answer the next matching
 * calls before the module sees them, so every module gets 5xx/429/error bodies
 * for free.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CHANNEL_KINDS, type ChannelKind } from '../shared/domain.js';
import { DEFAULT_FAKE_ACCOUNTS, type FakeAccounts } from './accounts.js';
import { registerWhatsappFake } from './whatsapp.js';
import { registerTwilioFake } from './twilio.js';
import { registerTelegramFake } from './telegram.js';
import { registerLineFake } from './line.js';
import { registerWechatFake } from './wechat.js';

const DEFAULT_LONG_POLL_HOLD_MS = 5_000;

export interface MultipartPart {
  readonly name: string;
  readonly fileName: string | null;
  readonly contentType: string | null;
  readonly data: Buffer;
}

export interface RecordedCall {
  readonly kind: ChannelKind;
  readonly method: string;
  /** Path below the kind's prefix, e.g. `/v21.0/123/messages`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly rawBody: Buffer;
  /** Parsed when the content type is JSON; null otherwise or when it does not parse. */
  readonly json: unknown;
  /** Parsed when the content type is application/x-www-form-urlencoded. */
  readonly form: Readonly<Record<string, string>> | null;
  /** Parsed when the content type is multipart/form-data. */
  readonly parts: readonly MultipartPart[] | null;
  readonly at: number;
}

export interface FakeMedia {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName?: string;
}

export interface FakeResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

interface Scripted {
  readonly kind: ChannelKind;
  readonly method: string | null;
  readonly pathIncludes: string;
  readonly response: FakeResponse;
  remaining: number;
}

/** A message the fake accepted from the hub (its id, and who it was for), e.g. for delivery receipts. */
export interface SentNotice {
  readonly kind: ChannelKind;
  readonly providerMessageId: string;
  /** Who it was sent to, as the hub named them: WhatsApp `to`, Twilio `To`, Telegram `chat_id`, LINE `to`, WeChat `touser`. */
  readonly recipient: string | null;
  /** Twilio: where the message's receipts go (its StatusCallback). */
  readonly statusCallback: string | null;
}

export interface FakeProviderOptions {
  /** Who the accounts are (names the providers' "who am I" calls answer); the test accounts by default. */
  readonly accounts?: Partial<FakeAccounts>;
  /** The longest a Telegram getUpdates is held open, whatever its `timeout` asks (5 s: keeps tests fast). */
  readonly longPollHoldMs?: number;
  /** How many recorded calls are kept for `calls` / `waitForCall` (all by default; the demo keeps none). */
  readonly keepCalls?: number;
  /**
   * Digits put into every id the fake makes, so the ids of one run never repeat those of an earlier run
   * on the same hub database (the demo keeps its data across restarts). None by default.
   */
  readonly idTag?: string;
}

interface Waiter {
  readonly check: () => boolean;
  readonly resolve: () => void;
  /** Ends the wait now, whatever `check` says (the fake is closing). */
  readonly release: () => void;
}

/** Everything the fake remembers; modules read and write it, tests inspect and script it. */
export class FakeProviderState {
  /** `http://127.0.0.1:<port>` once listening. */
  baseUrl = '';
  readonly calls: RecordedCall[] = [];
  readonly accounts: FakeAccounts;
  readonly longPollHoldMs: number;
  readonly idTag: string;
  private readonly keepCalls: number;
  private readonly sentListeners = new Set<(notice: SentNotice) => void>();
  private readonly mediaStore = new Map<string, FakeMedia>();
  private readonly scripted: Scripted[] = [];
  private readonly queues = new Map<string, unknown[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly revoked = new Set<string>();
  private counter = 0;

  constructor(options: FakeProviderOptions = {}) {
    this.accounts = { ...DEFAULT_FAKE_ACCOUNTS, ...options.accounts };
    this.longPollHoldMs = options.longPollHoldMs ?? DEFAULT_LONG_POLL_HOLD_MS;
    this.keepCalls = options.keepCalls ?? Number.POSITIVE_INFINITY;
    this.idTag = options.idTag ?? '';
  }

  baseUrlFor(kind: ChannelKind): string {
    return `${this.baseUrl}/${kind}`;
  }

  /** A fresh id, unique in this fake: `${prefix}${idTag}${n}`. */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.idTag}${this.counter}`;
  }

  record(call: RecordedCall): void {
    this.calls.push(call);
    if (this.calls.length > this.keepCalls) this.calls.splice(0, this.calls.length - this.keepCalls);
    this.notify();
  }

  /** Tells `listener` of every message the fake accepts from now on; returns the way to stop. */
  onSent(listener: (notice: SentNotice) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Called by the kind modules once they accepted a message. */
  reportSent(notice: SentNotice): void {
    for (const listener of [...this.sentListeners]) listener(notice);
  }

  callsTo(kind: ChannelKind, pathIncludes = ''): RecordedCall[] {
    return this.calls.filter((c) => c.kind === kind && c.path.includes(pathIncludes));
  }

  addMedia(kind: ChannelKind, id: string, media: FakeMedia): void {
    this.mediaStore.set(`${kind}:${id}`, media);
  }

  getMedia(kind: ChannelKind, id: string): FakeMedia | null {
    return this.mediaStore.get(`${kind}:${id}`) ?? null;
  }

  /** From now on the provider refuses this token or secret as its real API refuses a wrong one. */
  revokeCredential(kind: ChannelKind, secret: string): void {
    this.revoked.add(`${kind}:${secret}`);
  }

  /** The provider accepts the token or secret again (an admin fixed it at the provider's console). */
  restoreCredential(kind: ChannelKind, secret: string): void {
    this.revoked.delete(`${kind}:${secret}`);
  }

  isRevoked(kind: ChannelKind, secret: string): boolean {
    return this.revoked.has(`${kind}:${secret}`);
  }

  /** The next `times` calls of `kind` whose path contains `pathIncludes` get `response` instead. */
  script(
    kind: ChannelKind,
    pathIncludes: string,
    response: FakeResponse,
    times = 1,
    method: string | null = null,
  ): void {
    this.scripted.push({ kind, method, pathIncludes, response, remaining: times });
  }

  takeScripted(kind: ChannelKind, method: string, path: string): FakeResponse | null {
    const hit = this.scripted.find(
      (s) =>
        s.kind === kind &&
        s.remaining > 0 &&
        path.includes(s.pathIncludes) &&
        (s.method === null || s.method === method),
    );
    if (!hit) return null;
    hit.remaining -= 1;
    return hit.response;
  }

  /** Appends to a named queue (e.g. Telegram updates served by getUpdates). */
  enqueue(queue: string, item: unknown): void {
    const items = this.queues.get(queue) ?? [];
    items.push(item);
    this.queues.set(queue, items);
    this.notify();
  }

  /** Items in a queue without removing them. */
  peek(queue: string): readonly unknown[] {
    return this.queues.get(queue) ?? [];
  }

  /** Removes items for which `keep` is false (e.g. updates confirmed by a getUpdates offset). */
  prune(queue: string, keep: (item: unknown) => boolean): void {
    this.queues.set(queue, (this.queues.get(queue) ?? []).filter(keep));
  }

  /** Resolves when `check` holds, or after `timeoutMs` (long polling, test waits). */
  waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
        release: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(check());
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(check());
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for a recorded call matching `predicate`; throws after `timeoutMs`. */
  async waitForCall(
    kind: ChannelKind,
    predicate: (call: RecordedCall) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedCall> {
    const find = (): RecordedCall | undefined => this.calls.find((c) => c.kind === kind && predicate(c));
    await this.waitUntil(() => find() !== undefined, timeoutMs);
    const found = find();
    if (!found) throw new Error(`fake ${kind}: no matching call within ${timeoutMs} ms`);
    return found;
  }

  /** Wakes waiters; also callable by modules after they change their own state. */
  notify(): void {
    for (const w of [...this.waiters]) if (w.check()) w.resolve();
  }

  /** Ends every wait at once (held long polls answer what they have): the fake is closing. */
  releaseWaiters(): void {
    for (const w of [...this.waiters]) w.release();
  }
}

export interface FakeProvider {
  readonly state: FakeProviderState;
  readonly url: string;
  baseUrlFor(kind: ChannelKind): string;
  close(): Promise<void>;
}

export type RegisterFake = (app: FastifyInstance, state: FakeProviderState) => void;

const MODULES: Readonly<Record<ChannelKind, RegisterFake>> = {
  whatsapp: registerWhatsappFake,
  twilio: registerTwilioFake,
  telegram: registerTelegramFake,
  line: registerLineFake,
  wechat: registerWechatFake,
};

function headerMap(req: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function queryMap(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://fake').searchParams);
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    // A body that does not parse is recorded raw; the module decides what to answer.
    return { unparsable: String(err) };
  }
}

/** A small multipart/form-data reader: enough for Telegram and WeChat uploads. */
export function parseMultipart(raw: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const chunk = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    if (split >= 0) {
      const head = chunk.subarray(0, split).toString('utf8');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      parts.push({
        name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
        fileName: /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim() ?? null,
        data: Buffer.from(chunk.subarray(split + 4)),
      });
    }
    start = next;
  }
  return parts;
}

function kindOf(url: string): ChannelKind | null {
  const first = url.split('/')[1]?.split('?')[0] ?? '';
  return CHANNEL_KINDS.find((k) => k === first) ?? null;
}

function recordRequest(state: FakeProviderState, req: FastifyRequest, kind: ChannelKind): void {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const path = req.url.split('?')[0]?.slice(kind.length + 1) ?? '';
  const call: RecordedCall = {
    kind,
    method: req.method,
    path,
    query: queryMap(req.url),
    headers: headerMap(req),
    rawBody: raw,
    json: type.includes('json') && raw.length > 0 ? parseJson(raw) : null,
    form: type.includes('x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) : null,
    parts: type.includes('multipart/form-data') ? parseMultipart(raw, type) : null,
    at: Date.now(),
  };
  CALL_OF.set(req, call);
  state.record(call);
}

function answer(reply: FastifyReply, response: FakeResponse): FastifyReply {
  reply.code(response.status);
  for (const [k, v] of Object.entries(response.headers ?? {})) reply.header(k, v);
  if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) return reply.send(response.body);
  return reply.type('application/json').send(JSON.stringify(response.body));
}

/** Starts the fake on 127.0.0.1 with an OS-chosen port. */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const state = new FakeProviderState(options);
  // Long polls the client gave up on leave keep-alive sockets behind: close them all on shutdown.
  const app = Fastify({ logger: false, bodyLimit: 300 * 1024 * 1024, forceCloseConnections: true });
  // Bodies stay raw: modules read `RecordedCall` (json/form/parts) or the Buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('preHandler', async (req, reply) => {
    const kind = kindOf(req.url);
    if (!kind) return;
    recordRequest(state, req, kind);
    const scripted = state.takeScripted(kind, req.method, req.url.split('?')[0]?.slice(kind.length + 1) ?? '');
    if (scripted) return answer(reply, scripted);
  });
  for (const kind of CHANNEL_KINDS) {
    const register = MODULES[kind];
    await app.register(
      async (scope) => {
        register(scope, state);
      },
      { prefix: `/${kind}` },
    );
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake provider has no TCP address');
  state.baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    state,
    url: state.baseUrl,
    baseUrlFor: (kind) => state.baseUrlFor(kind),
    close: async () => {
      state.releaseWaiters();
      await app.close();
    },
  };
}

const CALL_OF = new WeakMap<FastifyRequest, RecordedCall>();

/** What the server recorded for this request (parsed json/form/parts): modules read bodies here. */
export function recordedCall(req: FastifyRequest): RecordedCall {
  const call = CALL_OF.get(req);
  if (!call) throw new Error(`fake provider: ${req.method} ${req.url} was not recorded`);
  return call;
}
