/**
 * Provider webhooks: GET/POST /webhooks/:channelId. Cheap checks run before
 * expensive ones, and each refusal answers our error body:
 *   1. the channel exists (404), is not in the trash (410, nothing of the body is
 *      read or kept: restoring the channel is what brings its traffic back), and its
 *      credentials parse (503) — before the body is read;
 *   2. the body fits the provider's declared limit (413): Content-Length before
 *      reading, a running count while reading (chunked bodies);
 *   3. the content type is one the provider sends (415) — before reading;
 *   4. the signature holds (401/403), over the raw bytes;
 *   5. only then the body is parsed (400 when malformed);
 *   6. events the body addresses to another identity of the same provider account (a WhatsApp app's
 *      other number, FAQ 13) go to the live channel holding it when its own credentials verify the
 *      same signature, else they are dropped with a warning — never stored on this channel.
 * The limits are the adapter's `webhook` capability, not a list of kinds here.
 * Events are stored in one transaction and answered at once; media downloads
 * start only after the answer. A store failure answers 500 so the provider
 * redelivers (dedup makes that harmless).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelKind } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { getAdapter } from '../channels/registry.js';
import type {
  AddressedEvents,
  ChannelAdapter,
  InboundEvent,
  WebhookLimits,
  WebhookRequest,
  WebhookResponse,
} from '../channels/types.js';
import type { TemplateCategoryUpdate, TemplateStatusChange } from '../channels/template-types.js';
import { readCredentials } from '../providers/credentials.js';

export interface WebhookChannel {
  readonly kind: ChannelKind;
  readonly credentials: unknown;
}

export interface WebhookDeps {
  /** The live channel with decrypted credentials, or null when there is none. */
  channelOf(channelId: string): Promise<WebhookChannel | null>;
  /** Whether a channel that is not live is in the trash (answered 410 instead of 404). */
  isTrashed?(channelId: string): Promise<boolean>;
  /** The live channel of `kind` holding a provider identity (a WhatsApp phone_number_id), or null. */
  channelWithIdentity?(kind: ChannelKind, identity: string): Promise<{ readonly channelId: string } | null>;
  /** Stores events (InboundService.ingestInbound); returns how many attachments wait for download. */
  ingest(channelId: string, events: readonly InboundEvent[]): Promise<{ readonly pendingAttachments: number }>;
  /** Called after the answer went out when new media waits for download. */
  onMediaPending(): void;
  /** Template status changes the provider reported (TemplateSyncService.applyStatusChanges). */
  ingestTemplateStatuses?(channelId: string, changes: readonly TemplateStatusChange[]): void;
  /** Template category changes the provider reported (TemplateSyncService.applyCategoryUpdates). */
  ingestTemplateCategories?(channelId: string, updates: readonly TemplateCategoryUpdate[]): void;
  /** SWITCHBOARD_PUBLIC_URL: what the provider called (Twilio signs the full URL). */
  readonly publicUrl: string | null;
  /** The hub's clock: signed timestamps are judged against it. */
  readonly now: () => number;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
}

type Params = { Params: { channelId: string } };

/** What the first hook learned about a request, for the body parser and the handler. */
interface WebhookTarget {
  readonly adapter: ChannelAdapter<unknown>;
  readonly credentials: unknown;
  readonly receivedAt: number;
}

const OK: WebhookResponse = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' };
/** Read by the body parser when a body grew past its provider's limit; the handler answers 413. */
const BODY_TOO_LARGE = Symbol('webhook body too large');

const targets = new WeakMap<FastifyRequest, WebhookTarget>();

function refuse(reply: FastifyReply, error: AppError, status: number = error.status): FastifyReply {
  return reply.status(status).send({ error: error.toBody() });
}

function tooLarge(limits: WebhookLimits): AppError {
  return new AppError('VALIDATION_FAILED', `The webhook body is larger than ${limits.maxBodyBytes} bytes.`);
}

/** The media type of a Content-Type header: lower case, parameters dropped. */
function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/** What the headers alone already refuse: a declared size over the limit (413), a foreign content type (415). */
function refusalBeforeBody(req: FastifyRequest, limits: WebhookLimits): { error: AppError; status: number } | null {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) return { error: tooLarge(limits), status: 413 };
  const type = mediaTypeOf(req.headers['content-type']);
  if (!limits.contentTypes.includes(type)) {
    const expected = limits.contentTypes.join(' or ');
    const message = `This channel's provider posts ${expected}, not ${type === '' ? 'a body without a content type' : type}.`;
    return { error: new AppError('VALIDATION_FAILED', message), status: 415 };
  }
  return null;
}

/** onRequest: everything that needs no body, before Fastify reads a byte of it. */
async function admit(deps: WebhookDeps, req: FastifyRequest<Params>, reply: FastifyReply) {
  const channel = await deps.channelOf(req.params.channelId);
  if (!channel && (await deps.isTrashed?.(req.params.channelId))) {
    req.log.warn({ channelId: req.params.channelId }, 'webhook for a channel in the trash refused');
    const trashed = new AppError('CHANNEL_IN_TRASH', 'This channel is in the trash; restore it to receive messages.');
    return refuse(reply, trashed, 410);
  }
  if (!channel) return refuse(reply, new AppError('NOT_FOUND', 'No such channel.'));
  const adapter = (deps.adapterOf ?? getAdapter)(channel.kind);
  const credentials = readCredentials(adapter, channel.credentials);
  if (!credentials.success) {
    req.log.error({ channelId: req.params.channelId }, 'stored credentials do not parse; webhook refused');
    return refuse(reply, new AppError('INTERNAL', 'The channel is misconfigured.'), 503);
  }
  if (req.method === 'POST') {
    const refusal = refusalBeforeBody(req, adapter.webhook);
    if (refusal) {
      req.log.warn({ channelId: req.params.channelId, status: refusal.status }, refusal.error.message);
      return refuse(reply, refusal.error, refusal.status);
    }
  }
  targets.set(req, { adapter, credentials: credentials.data, receivedAt: deps.now() });
  return undefined;
}

/** Collects at most `limit` bytes; past it, stops collecting (Node discards the rest) and yields BODY_TOO_LARGE. */
function readBounded(payload: NodeJS.ReadableStream, limit: number): Promise<Buffer | typeof BODY_TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit) {
        stop();
        resolve(BODY_TOO_LARGE);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (err: Error) => {
      stop();
      reject(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}

function toWebhookRequest(req: FastifyRequest, publicUrl: string | null, target: WebhookTarget): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  const query: Record<string, string> = {};
  // A repeated query parameter keeps its first value (no provider repeats one).
  for (const [name, value] of new URLSearchParams(search)) if (!(name in query)) query[name] = value;
  const base = publicUrl ?? `${req.protocol}://${req.host}`;
  return {
    method: req.method === 'GET' ? 'GET' : 'POST',
    publicUrl: `${base}${req.url}`,
    query,
    headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    receivedAt: target.receivedAt,
  };
}

function answer(reply: FastifyReply, response: WebhookResponse): FastifyReply {
  return reply.status(response.status).type(response.contentType).send(response.body);
}

function answerHandshake(reply: FastifyReply, response: WebhookResponse | null): FastifyReply {
  if (!response) return refuse(reply, new AppError('NOT_FOUND', 'This channel has no GET handshake.'));
  if (response.status < 400) return answer(reply, response);
  // A refused handshake speaks our error body like every other refusal; the adapter's words are the message.
  return refuse(reply, new AppError('SIGNATURE_INVALID', response.body), response.status);
}

/**
 * Hands events addressed to another identity to the live channel holding it, when that channel's own
 * credentials verify the request too (the same Meta app); returns what could be stored and how many
 * events were dropped.
 */
async function routeElsewhere(
  deps: WebhookDeps,
  req: FastifyRequest<Params>,
  webhook: WebhookRequest,
  adapter: ChannelAdapter<unknown>,
  groups: readonly AddressedEvents[],
): Promise<{ pendingAttachments: number; dropped: number }> {
  let pendingAttachments = 0;
  let dropped = 0;
  for (const group of groups) {
    const log = { channelId: req.params.channelId, identity: group.identity, events: group.events.length };
    const target = (await deps.channelWithIdentity?.(adapter.kind, group.identity)) ?? null;
    const channel = target && target.channelId !== req.params.channelId ? await deps.channelOf(target.channelId) : null;
    const credentials = channel ? readCredentials(adapter, channel.credentials) : null;
    if (!target || !credentials?.success) {
      req.log.warn(log, 'webhook events for a number no live channel holds were not stored');
      dropped += group.events.length;
      continue;
    }
    if (!adapter.verify(webhook, credentials.data).ok) {
      req.log.warn({ ...log, to: target.channelId }, 'webhook events for a channel of another app were not stored');
      dropped += group.events.length;
      continue;
    }
    pendingAttachments += (await deps.ingest(target.channelId, group.events)).pendingAttachments;
  }
  return { pendingAttachments, dropped };
}

async function handleWebhook(deps: WebhookDeps, req: FastifyRequest<Params>, reply: FastifyReply) {
  const target = targets.get(req);
  if (!target) throw new AppError('INTERNAL', 'The webhook was not admitted.');
  const { adapter, credentials } = target;
  if (req.body === BODY_TOO_LARGE) return refuse(reply, tooLarge(adapter.webhook), 413);
  const webhook = toWebhookRequest(req, deps.publicUrl, target);
  if (webhook.method === 'GET') return answerHandshake(reply, adapter.handshake(webhook, credentials));
  const verdict = adapter.verify(webhook, credentials);
  if (!verdict.ok) {
    req.log.warn({ channelId: req.params.channelId, reason: verdict.reason }, 'webhook signature refused');
    return refuse(reply, new AppError('SIGNATURE_INVALID', verdict.reason), verdict.status);
  }
  const parsed = adapter.parse(webhook, credentials);
  if (parsed.skipped && parsed.skipped.length > 0)
    req.log.warn({ channelId: req.params.channelId, skipped: parsed.skipped }, 'webhook entries skipped as unreadable');
  const stored = await deps.ingest(req.params.channelId, parsed.events);
  const routed = await routeElsewhere(deps, req, webhook, adapter, parsed.elsewhere ?? []);
  if (parsed.templateStatuses && parsed.templateStatuses.length > 0)
    deps.ingestTemplateStatuses?.(req.params.channelId, parsed.templateStatuses);
  if (parsed.templateCategories && parsed.templateCategories.length > 0)
    deps.ingestTemplateCategories?.(req.params.channelId, parsed.templateCategories);
  // Downloads start after the answer has been written, never before.
  if (stored.pendingAttachments + routed.pendingAttachments > 0) reply.raw.once('finish', () => deps.onMediaPending());
  // 200 all the same: a redelivery cannot make a number the hub does not hold appear.
  const note = `OK; ${routed.dropped} event(s) for a number this hub has no channel for were not stored`;
  const dropped: WebhookResponse = { ...OK, body: note };
  return answer(reply, parsed.response ?? (routed.dropped > 0 ? dropped : OK));
}

/** Registers the webhook routes in their own scope, with a body parser that keeps every body raw and bounded. */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    // Parsing JSON here would turn a forged malformed body into 400 before its signature is checked.
    scope.removeAllContentTypeParsers();
    // admit() has refused every content type the provider does not send, so '*' sees only those.
    scope.addContentTypeParser('*', (request: FastifyRequest, payload: NodeJS.ReadableStream, done) => {
      const limit = targets.get(request)?.adapter.webhook.maxBodyBytes ?? 0;
      readBounded(payload, limit).then(
        (body) => done(null, body),
        (err: unknown) => done(err instanceof Error ? err : new Error(String(err)), undefined),
      );
    });
    scope.route<Params>({
      method: ['GET', 'POST'],
      url: '/webhooks/:channelId',
      // The hub's hottest route (thousands a second under load): no "incoming request"/"request completed"
      // info lines per webhook; refusals and failures still log at warn and error.
      logLevel: 'warn',
      onRequest: (req, reply) => admit(deps, req, reply),
      handler: (req, reply) => handleWebhook(deps, req, reply),
    });
  });
}
