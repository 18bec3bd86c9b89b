/**
 * Fake LINE Messaging API: reply and push (`/v2/bot/message/reply|push`),
 * user profiles (`GET /v2/bot/profile/{userId}`, `setLineProfile`) and their pictures (`GET /pictures/{name}`,
 * `setLinePicture`; LINE serves them from profile.line-scdn.net),
 * message content (`GET /v2/bot/message/{id}/content`, which LINE serves from
 * api-data.line.me) and the channel's webhook settings (`GET|PUT
 * /v2/bot/channel/webhook/endpoint`, `POST /v2/bot/channel/webhook/test`).
 * Answers like LINE: `{ sentMessages: [...] }` on success, `{ message,
 * details? }` on errors, 409 for a push whose X-Line-Retry-Key was already
 * accepted, 400 "Invalid reply token" for a reply token used twice, 401 for a
 * revoked channel access token (`state.revokeCredential('line', token)`).
 * Media messages are held to the Messaging API reference: a video's
 * `previewImageUrl` must serve a JPEG or PNG of at most 1 MB (fetched when its
 * origin was made reachable with `serveLineMediaFrom`, else it must at least not
 * be the video's own URL), an audio message needs a positive integer `duration`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_FAKE_ACCOUNTS } from './accounts.js';
import { recordedCall, type FakeProviderState } from './server.js';

interface LineFakeMemory {
  readonly usedReplyTokens: Set<string>;
  readonly retryKeys: Map<string, string>;
  /** Channel access token → the channel id it was issued for (`/oauth2/v2.1/verify` client_id). */
  readonly tokenChannels: Map<string, string>;
  /** Channel access token → its channel's webhook settings (`/v2/bot/channel/webhook/*`). */
  readonly webhooks: Map<string, FakeLineWebhook>;
  /** userId → the profile `GET /v2/bot/profile/{userId}` answers; others are 404 (not a friend). */
  readonly profiles: Map<string, FakeLineProfile>;
  /** name → the bytes `GET /pictures/{name}` answers, with their Content-Type. */
  readonly pictures: Map<string, { bytes: Buffer; contentType: string }>;
  /** Public origin (the hub's SWITCHBOARD_PUBLIC_URL) → where the fake can actually fetch it. */
  readonly mediaOrigins: Map<string, string>;
}

/** Lets the fake fetch media links under `publicOrigin` (e.g. https://hub.example.com) from `reachableOrigin`. */
export function serveLineMediaFrom(state: FakeProviderState, publicOrigin: string, reachableOrigin: string): void {
  memoryOf(state).mediaOrigins.set(new URL(publicOrigin).origin, reachableOrigin.replace(/\/+$/, ''));
}

/** Serves `bytes` as a profile picture; returns its path under the fake's LINE base URL. */
export function setLinePicture(state: FakeProviderState, name: string, bytes: Buffer, contentType: string): string {
  memoryOf(state).pictures.set(name, { bytes, contentType });
  return `/pictures/${name}`;
}

/** A LINE user's profile as the Messaging API answers it (optional fields are left out when unset). */
export interface FakeLineProfile {
  displayName: string;
  userId: string;
  language?: string;
  pictureUrl?: string;
  statusMessage?: string;
}

/** Makes `userId` a friend of the account with this profile. */
export function setLineProfile(state: FakeProviderState, profile: FakeLineProfile): void {
  memoryOf(state).profiles.set(profile.userId, profile);
}

/** A channel's webhook as the LINE Developers Console holds it, and what LINE's test call gets back. */
export interface FakeLineWebhook {
  endpoint: string;
  active: boolean;
  /** The answer of `POST /v2/bot/channel/webhook/test` (LINE's call to the endpoint). */
  test: { success: boolean; statusCode: number; reason: string; detail: string };
}

const WEBHOOK_TEST_OK = { success: true, statusCode: 200, reason: 'OK', detail: '200' };

/** The channel id of tokens no test registered (unless the fake was started with other accounts). */
export const FAKE_LINE_CHANNEL_ID = DEFAULT_FAKE_ACCOUNTS.lineChannelId;
/** What `GET /v2/bot/info` answers (unless the fake was started with other accounts). */
export const FAKE_LINE_BOT = DEFAULT_FAKE_ACCOUNTS.lineBot;

/** Declares the channel `token` belongs to. */
export function issueLineToken(state: FakeProviderState, token: string, channelId: string): void {
  memoryOf(state).tokenChannels.set(token, channelId);
}

const MEMORY = new WeakMap<FakeProviderState, LineFakeMemory>();

function memoryOf(state: FakeProviderState): LineFakeMemory {
  const existing = MEMORY.get(state);
  if (existing) return existing;
  const created: LineFakeMemory = {
    usedReplyTokens: new Set(),
    retryKeys: new Map(),
    tokenChannels: new Map(),
    webhooks: new Map(),
    profiles: new Map(),
    pictures: new Map(),
    mediaOrigins: new Map(),
  };
  MEMORY.set(state, created);
  return created;
}

/**
 * Sets the channel's webhook as an admin would in the console (or `PUT …/webhook/endpoint`), and what
 * LINE's test call to it answers (default: 200 OK).
 */
export function setLineWebhook(
  state: FakeProviderState,
  token: string,
  webhook: { endpoint: string; active?: boolean; test?: Partial<FakeLineWebhook['test']> },
): void {
  memoryOf(state).webhooks.set(token, {
    endpoint: webhook.endpoint,
    active: webhook.active ?? true,
    test: { ...WEBHOOK_TEST_OK, ...webhook.test },
  });
}

/** Marks a reply token as already used (or expired): the next reply with it gets 400. */
export function expireLineReplyToken(state: FakeProviderState, token: string): void {
  memoryOf(state).usedReplyTokens.add(token);
}

function lineError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ message });
}

function hasBearer(header: string | undefined): boolean {
  return typeof header === 'string' && /^Bearer \S+$/.test(header);
}

function messagesOf(json: unknown): unknown[] | null {
  if (typeof json !== 'object' || json === null) return null;
  const messages: unknown = Reflect.get(json, 'messages');
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) return null;
  const wellFormed = messages.every(
    (m) => typeof m === 'object' && m !== null && typeof Reflect.get(m, 'type') === 'string',
  );
  return wellFormed ? messages : null;
}

const MAX_PREVIEW_BYTES = 1024 * 1024;
const isPng = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Why a previewImageUrl is not a JPEG or PNG preview, or null when it is one. */
async function previewProblem(memory: LineFakeMemory, preview: unknown, original: unknown): Promise<string | null> {
  if (typeof preview !== 'string' || !preview.startsWith('https://') || preview.length > 2000)
    return 'must be an HTTPS URL of at most 2000 characters';
  if (preview === original) return 'must be a JPEG or PNG preview image, not the video';
  const url = new URL(preview);
  const reachable = memory.mediaOrigins.get(url.origin);
  if (reachable === undefined) return null;
  const res = await fetch(`${reachable}${url.pathname}${url.search}`);
  if (!res.ok) return `could not be fetched (HTTP ${res.status})`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim();
  const bytes = Buffer.from(await res.arrayBuffer());
  if (type !== 'image/png' && type !== 'image/jpeg') return `must be a JPEG or PNG, not ${type || 'untyped'}`;
  if (!(type === 'image/png' ? isPng(bytes) : isJpeg(bytes))) return `is not a ${type} image`;
  if (bytes.length > MAX_PREVIEW_BYTES) return 'must be at most 1 MB';
  return null;
}

/** LINE's 400 detail for the first media message that breaks the reference, or null. */
async function mediaProblem(
  memory: LineFakeMemory,
  messages: unknown[],
): Promise<{ message: string; property: string } | null> {
  for (const [i, m] of messages.entries()) {
    const type: unknown = Reflect.get(Object(m), 'type');
    if (type === 'video') {
      const preview: unknown = Reflect.get(Object(m), 'previewImageUrl');
      const problem = await previewProblem(memory, preview, Reflect.get(Object(m), 'originalContentUrl'));
      if (problem) return { message: problem, property: `messages[${i}].previewImageUrl` };
    }
    if (type === 'audio') {
      const duration: unknown = Reflect.get(Object(m), 'duration');
      if (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0)
        return { message: 'must be a positive integer (milliseconds)', property: `messages[${i}].duration` };
    }
  }
  return null;
}

function bodyError(reply: FastifyReply, detail: { message: string; property: string }): FastifyReply {
  return reply.code(400).send({ message: 'The request body has 1 error(s)', details: [detail] });
}

function stringField(json: unknown, key: string): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const value: unknown = Reflect.get(json, key);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function sentMessages(state: FakeProviderState, count: number): { id: string; quoteToken: string }[] {
  return Array.from({ length: count }, () => ({ id: state.nextId('4610000000000'), quoteToken: state.nextId('q') }));
}

/** New sentMessages, each told to the fake's listeners (`state.onSent`); a reply names no recipient. */
function accepted(state: FakeProviderState, count: number, to: string | null): { id: string; quoteToken: string }[] {
  const sent = sentMessages(state, count);
  for (const m of sent)
    state.reportSent({ kind: 'line', providerMessageId: m.id, recipient: to, statusCallback: null });
  return sent;
}

const AUTH_FAILED = 'Authentication failed. Confirm that the access token in the authorization header is valid.';

function bearerOf(header: string | undefined): string {
  return (header ?? '').slice('Bearer '.length);
}

function bearerIsAccepted(state: FakeProviderState, header: string | undefined): boolean {
  return hasBearer(header) && !state.isRevoked('line', bearerOf(header));
}

export function registerLineFake(app: FastifyInstance, state: FakeProviderState): void {
  app.get('/v2/bot/info', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    return reply.send(state.accounts.lineBot);
  });

  // The OAuth endpoint takes the token in the query and answers errors in OAuth's shape.
  app.get('/oauth2/v2.1/verify', async (req, reply) => {
    const token = recordedCall(req).query.access_token ?? '';
    if (token === '' || state.isRevoked('line', token)) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'access token expired' });
    }
    const clientId = memoryOf(state).tokenChannels.get(token) ?? state.accounts.lineChannelId;
    return reply.send({ client_id: clientId, expires_in: 2_591_000, scope: 'profile chat_message.write' });
  });

  app.post('/v2/bot/message/reply', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const messages = messagesOf(call.json);
    if (!messages) return lineError(reply, 400, 'The request body has 1 error(s)');
    const memory = memoryOf(state);
    const problem = await mediaProblem(memory, messages);
    if (problem) return bodyError(reply, problem);
    const token = stringField(call.json, 'replyToken');
    if (!token || memory.usedReplyTokens.has(token)) return lineError(reply, 400, 'Invalid reply token');
    memory.usedReplyTokens.add(token);
    return reply.send({ sentMessages: accepted(state, messages.length, null) });
  });

  app.post('/v2/bot/message/push', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const messages = messagesOf(call.json);
    if (!messages || !stringField(call.json, 'to')) return lineError(reply, 400, 'The request body has 1 error(s)');
    const memory = memoryOf(state);
    const problem = await mediaProblem(memory, messages);
    if (problem) return bodyError(reply, problem);
    const retryKey = call.headers['x-line-retry-key'];
    const requestId = state.nextId('req-');
    if (retryKey !== undefined) {
      const accepted = memory.retryKeys.get(retryKey);
      if (accepted !== undefined) {
        return reply
          .code(409)
          .header('x-line-accepted-request-id', accepted)
          .send({ message: 'The retry key is already accepted', sentMessages: sentMessages(state, messages.length) });
      }
      memory.retryKeys.set(retryKey, requestId);
    }
    const sent = accepted(state, messages.length, stringField(call.json, 'to'));
    return reply.header('x-line-request-id', requestId).send({ sentMessages: sent });
  });

  // https://developers.line.biz/en/reference/messaging-api/#get-profile: 404 for a user who is not a friend.
  app.get('/v2/bot/profile/:userId', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const userId = decodeURIComponent(call.path.split('/')[4] ?? '');
    const profile = memoryOf(state).profiles.get(userId);
    if (!profile) return lineError(reply, 404, 'Not found');
    return reply.send(profile);
  });

  app.get('/pictures/:name', async (req, reply) => {
    const call = recordedCall(req);
    const picture = memoryOf(state).pictures.get(decodeURIComponent(call.path.split('/')[2] ?? ''));
    if (!picture) return reply.status(404).send('not found');
    return reply.header('content-type', picture.contentType).send(picture.bytes);
  });

  app.get('/v2/bot/channel/webhook/endpoint', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const webhook = memoryOf(state).webhooks.get(bearerOf(call.headers.authorization));
    if (!webhook) return lineError(reply, 404, 'Not found');
    return reply.send({ endpoint: webhook.endpoint, active: webhook.active });
  });

  app.put('/v2/bot/channel/webhook/endpoint', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const endpoint = stringField(call.json, 'endpoint');
    if (!endpoint?.startsWith('https://')) return lineError(reply, 400, 'The request body has 1 error(s)');
    const token = bearerOf(call.headers.authorization);
    const current = memoryOf(state).webhooks.get(token);
    setLineWebhook(state, token, { endpoint, active: current?.active ?? true, test: current?.test });
    return reply.send({});
  });

  // LINE calls the endpoint (the one in the body, else the one set) and answers what came back.
  app.post('/v2/bot/channel/webhook/test', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const webhook = memoryOf(state).webhooks.get(bearerOf(call.headers.authorization));
    if (!webhook && !stringField(call.json, 'endpoint')) return lineError(reply, 400, 'Webhook URL is not set');
    return reply.send({ ...(webhook?.test ?? WEBHOOK_TEST_OK), timestamp: new Date().toISOString() });
  });

  app.get('/v2/bot/message/:messageId/content', async (req, reply) => {
    const call = recordedCall(req);
    if (!hasBearer(call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const messageId = decodeURIComponent(call.path.split('/')[4] ?? '');
    const media = state.getMedia('line', messageId);
    if (!media) return lineError(reply, 404, 'Not found');
    return reply.type(media.mimeType).send(media.bytes);
  });
}
