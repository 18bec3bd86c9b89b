/**
 * Fake WhatsApp Cloud API (Graph API v21.0): send messages, upload media,
 * resolve a media id to a download URL and serve the bytes behind it. It
 * answers the way Graph does, including its `{ error: { code, ... } }` bodies.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_FAKE_ACCOUNTS } from './accounts.js';
import { recordedCall, type FakeProviderState } from './server.js';
import { checkTemplateSend } from './whatsapp-template-checks.js';
import { registerWhatsappTemplateRoutes } from './whatsapp-template-routes.js';
import { whatsappTemplatesOf } from './whatsapp-templates.js';

function graphError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).send({
    error: {
      message,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: message },
      fbtrace_id: 'AfakeTrace',
    },
  });
}

/** Graph's body for a token it does not accept: an OAuthException without error_data. */
function oauthError(reply: FastifyReply): FastifyReply {
  return reply.code(401).send({
    error: { message: INVALID_TOKEN, type: 'OAuthException', code: 190, fbtrace_id: 'AfakeTrace' },
  });
}

function hasBearer(header: string | undefined): boolean {
  return typeof header === 'string' && /^Bearer \S+$/.test(header);
}

/** Graph's answer for a token it does not accept (a wrong, expired or revoked one). */
const INVALID_TOKEN = 'Invalid OAuth access token - Cannot parse access token';

/**
 * The business number behind every phone number id (`GET /{phone-number-id}?fields=…`), unless the fake
 * was started with other accounts.
 */
export const FAKE_WHATSAPP_NUMBER = DEFAULT_FAKE_ACCOUNTS.whatsappNumber;

/** Graph's phone number fields a test can change: quality (GREEN, YELLOW, RED, NA), tier, status (FLAGGED …). */
export type FakeNumberQuality = Partial<
  Pick<typeof FAKE_WHATSAPP_NUMBER, 'quality_rating' | 'messaging_limit_tier' | 'status'>
>;

const QUALITY = new WeakMap<FakeProviderState, Map<string, FakeNumberQuality>>();

/** From now on Graph reports these fields for the phone number id (Meta re-rated the number). */
export function setWhatsappNumberQuality(
  state: FakeProviderState,
  phoneNumberId: string,
  quality: FakeNumberQuality,
): void {
  const numbers = QUALITY.get(state) ?? new Map<string, FakeNumberQuality>();
  QUALITY.set(state, numbers);
  numbers.set(phoneNumberId, { ...numbers.get(phoneNumberId), ...quality });
}

const NUMBERS = new WeakMap<FakeProviderState, Map<string, ReadonlySet<string>>>();

/**
 * Declares the phone number ids an access token may send from (the numbers of its Meta app). A token
 * declared here is refused for any other number, as Graph refuses an object the token cannot see;
 * tokens never declared may send from any number.
 */
export function grantWhatsappNumbers(state: FakeProviderState, token: string, phoneNumberIds: string[]): void {
  const grants = NUMBERS.get(state) ?? new Map<string, ReadonlySet<string>>();
  NUMBERS.set(state, grants);
  grants.set(token, new Set(phoneNumberIds));
}

function numberIsGranted(state: FakeProviderState, header: string | undefined, phoneNumberId: string): boolean {
  const granted = NUMBERS.get(state)?.get((header ?? '').slice('Bearer '.length));
  return granted === undefined || granted.has(phoneNumberId);
}

/** Graph's answer for a node the token cannot see (code 100, subcode 33). */
function unsupportedPost(reply: FastifyReply, id: string): FastifyReply {
  const message = `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`;
  return reply.code(400).send({
    error: { message, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AfakeTrace' },
  });
}

function tokenIsAccepted(state: FakeProviderState, header: string | undefined): boolean {
  return hasBearer(header) && !state.isRevoked('whatsapp', (header ?? '').slice('Bearer '.length));
}

/** Graph answers only the fields asked for, plus the id. */
function phoneNumberFields(state: FakeProviderState, id: string, fields: string): Record<string, string> {
  const known: Record<string, string> = { ...state.accounts.whatsappNumber, ...QUALITY.get(state)?.get(id) };
  const asked = fields.split(',').filter((f) => Object.hasOwn(known, f));
  return { ...Object.fromEntries(asked.map((f) => [f, known[f] ?? ''])), id };
}

function readSendBody(json: unknown): { to: string; type: string; template: unknown } | null {
  if (typeof json !== 'object' || json === null) return null;
  const to: unknown = Reflect.get(json, 'to');
  const type: unknown = Reflect.get(json, 'type');
  const product: unknown = Reflect.get(json, 'messaging_product');
  if (product !== 'whatsapp' || typeof to !== 'string' || typeof type !== 'string') return null;
  return { to, type, template: Reflect.get(json, 'template') };
}

/**
 * The template object of the Cloud API's published OpenAPI: a name, `language {policy: deterministic, code}`
 * and components of type header, body or button, each with its parameters.
 */
function templateShapeProblem(template: unknown): string | null {
  if (typeof template !== 'object' || template === null) return 'template is required';
  if (typeof Reflect.get(template, 'name') !== 'string') return 'template.name is required';
  const language: unknown = Reflect.get(template, 'language');
  if (typeof language !== 'object' || language === null || typeof Reflect.get(language, 'code') !== 'string')
    return 'template.language.code is required';
  if (Reflect.get(language, 'policy') !== 'deterministic') return 'template.language.policy must be deterministic';
  const components: unknown = Reflect.get(template, 'components');
  if (components === undefined) return null;
  if (!Array.isArray(components)) return 'template.components must be a list';
  for (const c of components) {
    const type: unknown = Reflect.get(Object(c), 'type');
    if (type !== 'header' && type !== 'body' && type !== 'button')
      return `template.components: unknown type ${String(type)}`;
    if (!Array.isArray(Reflect.get(Object(c), 'parameters'))) return 'template.components: parameters are required';
    if (type === 'button' && typeof Reflect.get(Object(c), 'index') !== 'string')
      return 'template.components: a button needs its index';
  }
  return null;
}

export function registerWhatsappFake(app: FastifyInstance, state: FakeProviderState): void {
  registerWhatsappTemplateRoutes(app, state, (header) => tokenIsAccepted(state, header), oauthError);
  app.post('/v21.0/:phoneNumberId/messages', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsAccepted(state, call.headers.authorization)) return oauthError(reply);
    const phoneNumberId = call.path.split('/')[2] ?? '';
    if (!numberIsGranted(state, call.headers.authorization, phoneNumberId))
      return unsupportedPost(reply, phoneNumberId);
    const body = readSendBody(call.json);
    if (!body) return graphError(reply, 400, 100, '(#100) Invalid parameter');
    if (body.type === 'template') {
      const shape = templateShapeProblem(body.template);
      if (shape) return graphError(reply, 400, 100, `(#100) Invalid parameter: ${shape}`);
      // A number linked to a fake WABA is checked against its templates, as the Cloud API checks them.
      const templates = whatsappTemplatesOf(state);
      const wabaId = templates.wabaOfNumber(call.path.split('/')[2] ?? '');
      const problem =
        wabaId === null
          ? null
          : checkTemplateSend((name, language) => templates.byName(wabaId, name, language), body.template);
      if (problem) return graphError(reply, 400, problem.code, problem.message);
    }
    const id = state.nextId('wamid.FAKE');
    state.reportSent({ kind: 'whatsapp', providerMessageId: id, recipient: body.to, statusCallback: null });
    return reply.send({
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id }],
    });
  });

  // Media upload: multipart with messaging_product, type and file (Graph `POST /{phone-number-id}/media`).
  app.post('/v21.0/:phoneNumberId/media', async (req, reply) => {
    const call = recordedCall(req);
    if (!hasBearer(call.headers.authorization)) return graphError(reply, 401, 190, 'Invalid OAuth access token.');
    const phoneNumberId = call.path.split('/')[2] ?? '';
    if (!numberIsGranted(state, call.headers.authorization, phoneNumberId))
      return unsupportedPost(reply, phoneNumberId);
    const file = call.parts?.find((p) => p.name === 'file');
    if (!file) return graphError(reply, 400, 100, '(#100) The parameter file is required.');
    const id = state.nextId('9000000');
    state.addMedia('whatsapp', id, {
      bytes: file.data,
      mimeType: file.contentType ?? 'application/octet-stream',
      fileName: file.fileName ?? undefined,
    });
    return reply.send({ id });
  });

  // Media id → short-lived URL (Graph `GET /{media-id}`); with `fields`, a phone number id → its fields.
  app.get('/v21.0/:mediaId', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsAccepted(state, call.headers.authorization)) return oauthError(reply);
    const mediaId = call.path.split('/')[2] ?? '';
    if (call.query.fields !== undefined) return reply.send(phoneNumberFields(state, mediaId, call.query.fields));
    const media = state.getMedia('whatsapp', mediaId);
    if (!media)
      return graphError(reply, 404, 100, `Unsupported get request. Object with ID '${mediaId}' does not exist`);
    return reply.send({
      messaging_product: 'whatsapp',
      url: `${state.baseUrlFor('whatsapp')}/lookaside/${encodeURIComponent(mediaId)}`,
      mime_type: media.mimeType,
      sha256: 'fake',
      file_size: media.bytes.length,
      id: mediaId,
    });
  });

  // The download URL itself also needs the bearer token.
  app.get('/lookaside/:mediaId', async (req, reply) => {
    const call = recordedCall(req);
    if (!hasBearer(call.headers.authorization)) return reply.code(401).send('unauthorized');
    const mediaId = decodeURIComponent(call.path.split('/')[2] ?? '');
    const media = state.getMedia('whatsapp', mediaId);
    if (!media) return reply.code(404).send('not found');
    return reply.type(media.mimeType).send(media.bytes);
  });
}
