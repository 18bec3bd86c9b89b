/**
 * Provider webhooks: GET/POST /webhooks/:channelId. The route keeps the raw
 * body (providers sign the exact bytes), answers GET handshakes, refuses a
 * bad signature with 401/403 before anything is parsed or stored, refuses a
 * malformed body with 400, stores the events in one transaction and answers
 * at once; media downloads start only after the answer. A store failure
 * answers 500 so the provider redelivers (dedup makes that harmless).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelKind } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { getAdapter } from '../channels/registry.js';
import type { ChannelAdapter, InboundEvent, WebhookRequest, WebhookResponse } from '../channels/types.js';

export interface WebhookChannel {
  readonly kind: ChannelKind;
  readonly credentials: unknown;
}

export interface WebhookDeps {
  /** The live channel with decrypted credentials, or null when there is none. */
  channelOf(channelId: string): WebhookChannel | null;
  /** Stores events (InboundService.ingestInbound); returns how many attachments wait for download. */
  ingest(channelId: string, events: readonly InboundEvent[]): { readonly pendingAttachments: number };
  /** Called after the answer went out when new media waits for download. */
  onMediaPending(): void;
  /** SWITCHBOARD_PUBLIC_URL: what the provider called (Twilio signs the full URL). */
  readonly publicUrl: string | null;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
}

const OK: WebhookResponse = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' };
/** Providers send small bodies; 5 MB leaves room for batched LINE/WhatsApp deliveries. */
const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

function toWebhookRequest(req: FastifyRequest, publicUrl: string | null): WebhookRequest {
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
  };
}

function answer(reply: FastifyReply, response: WebhookResponse): FastifyReply {
  return reply.status(response.status).type(response.contentType).send(response.body);
}

function refuse(reply: FastifyReply, error: AppError, status: number = error.status): FastifyReply {
  return reply.status(status).send({ error: error.toBody() });
}

async function handleWebhook(
  deps: WebhookDeps,
  req: FastifyRequest<{ Params: { channelId: string } }>,
  reply: FastifyReply,
) {
  const channel = deps.channelOf(req.params.channelId);
  if (!channel) return refuse(reply, new AppError('NOT_FOUND', 'No such channel.'));
  const adapter = (deps.adapterOf ?? getAdapter)(channel.kind);
  const credentials = adapter.credentialsSchema.safeParse(channel.credentials);
  if (!credentials.success) {
    req.log.error({ channelId: req.params.channelId }, 'stored credentials do not parse; webhook refused');
    return refuse(reply, new AppError('INTERNAL', 'The channel is misconfigured.'), 503);
  }
  const webhook = toWebhookRequest(req, deps.publicUrl);
  if (webhook.method === 'GET') {
    const handshake = adapter.handshake(webhook, credentials.data);
    return handshake
      ? answer(reply, handshake)
      : refuse(reply, new AppError('NOT_FOUND', 'This channel has no GET handshake.'));
  }
  const verdict = adapter.verify(webhook, credentials.data);
  if (!verdict.ok) {
    req.log.warn({ channelId: req.params.channelId, reason: verdict.reason }, 'webhook signature refused');
    return refuse(reply, new AppError('SIGNATURE_INVALID', verdict.reason), verdict.status);
  }
  const parsed = adapter.parse(webhook, credentials.data);
  const stored = deps.ingest(req.params.channelId, parsed.events);
  // Downloads start after the answer has been written, never before.
  if (stored.pendingAttachments > 0) reply.raw.once('finish', () => deps.onMediaPending());
  return answer(reply, parsed.response ?? OK);
}

/** Registers the webhook routes in their own scope, with a body parser that keeps every body raw. */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookDeps): Promise<void> {
  await app.register(async (scope) => {
    // Parsing JSON here would turn a forged malformed body into 400 before its signature is checked.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body: Buffer, done) => done(null, body),
    );
    scope.route<{ Params: { channelId: string } }>({
      method: ['GET', 'POST'],
      url: '/webhooks/:channelId',
      // The hub's hottest route (thousands a second under load): no "incoming request"/"request completed"
      // info lines per webhook; refusals and failures still log at warn and error.
      logLevel: 'warn',
      handler: (req, reply) => handleWebhook(deps, req, reply),
    });
  });
}
