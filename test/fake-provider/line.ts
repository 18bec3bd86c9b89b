/**
 * Fake LINE Messaging API: reply and push (`/v2/bot/message/reply|push`) and
 * message content (`GET /v2/bot/message/{id}/content`, which LINE serves from
 * api-data.line.me). Answers like LINE: `{ sentMessages: [...] }` on success,
 * `{ message, details? }` on errors, 409 for a push whose X-Line-Retry-Key was
 * already accepted, 400 "Invalid reply token" for a reply token used twice.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordedCall, type FakeProviderState } from './server.js';

interface LineFakeMemory {
  readonly usedReplyTokens: Set<string>;
  readonly retryKeys: Map<string, string>;
  /** Channel access token → the channel id it was issued for (`/oauth2/v2.1/verify` client_id). */
  readonly tokenChannels: Map<string, string>;
}

/** The channel id of tokens no test registered. */
export const FAKE_LINE_CHANNEL_ID = '1600000000';
/** What `GET /v2/bot/info` answers. */
export const FAKE_LINE_BOT = {
  userId: 'Ufakebot0000000000000000000000000',
  basicId: '@123abcde',
  displayName: 'Switchboard Test Shop',
  pictureUrl: 'https://profile.line-scdn.net/fake',
  chatMode: 'chat',
  markAsReadMode: 'manual',
};

/** Declares the channel `token` belongs to. */
export function issueLineToken(state: FakeProviderState, token: string, channelId: string): void {
  memoryOf(state).tokenChannels.set(token, channelId);
}

const MEMORY = new WeakMap<FakeProviderState, LineFakeMemory>();

function memoryOf(state: FakeProviderState): LineFakeMemory {
  const existing = MEMORY.get(state);
  if (existing) return existing;
  const created: LineFakeMemory = { usedReplyTokens: new Set(), retryKeys: new Map(), tokenChannels: new Map() };
  MEMORY.set(state, created);
  return created;
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

function stringField(json: unknown, key: string): string | null {
  if (typeof json !== 'object' || json === null) return null;
  const value: unknown = Reflect.get(json, key);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function sentMessages(state: FakeProviderState, count: number): { id: string; quoteToken: string }[] {
  return Array.from({ length: count }, () => ({ id: state.nextId('4610000000000'), quoteToken: state.nextId('q') }));
}

const AUTH_FAILED = 'Authentication failed. Confirm that the access token in the authorization header is valid.';

function bearerIsAccepted(state: FakeProviderState, header: string | undefined): boolean {
  return hasBearer(header) && !state.isRevoked('line', (header ?? '').slice('Bearer '.length));
}

export function registerLineFake(app: FastifyInstance, state: FakeProviderState): void {
  app.get('/v2/bot/info', async (req, reply) => {
    const call = recordedCall(req);
    if (!bearerIsAccepted(state, call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    return reply.send(FAKE_LINE_BOT);
  });

  // The OAuth endpoint takes the token in the query and answers errors in OAuth's shape.
  app.get('/oauth2/v2.1/verify', async (req, reply) => {
    const token = recordedCall(req).query.access_token ?? '';
    if (token === '' || state.isRevoked('line', token)) {
      return reply.code(400).send({ error: 'invalid_request', error_description: 'access token expired' });
    }
    const clientId = memoryOf(state).tokenChannels.get(token) ?? FAKE_LINE_CHANNEL_ID;
    return reply.send({ client_id: clientId, expires_in: 2_591_000, scope: 'profile chat_message.write' });
  });

  app.post('/v2/bot/message/reply', async (req, reply) => {
    const call = recordedCall(req);
    if (!hasBearer(call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const messages = messagesOf(call.json);
    if (!messages) return lineError(reply, 400, 'The request body has 1 error(s)');
    const token = stringField(call.json, 'replyToken');
    const memory = memoryOf(state);
    if (!token || memory.usedReplyTokens.has(token)) return lineError(reply, 400, 'Invalid reply token');
    memory.usedReplyTokens.add(token);
    return reply.send({ sentMessages: sentMessages(state, messages.length) });
  });

  app.post('/v2/bot/message/push', async (req, reply) => {
    const call = recordedCall(req);
    if (!hasBearer(call.headers.authorization)) return lineError(reply, 401, AUTH_FAILED);
    const messages = messagesOf(call.json);
    if (!messages || !stringField(call.json, 'to')) return lineError(reply, 400, 'The request body has 1 error(s)');
    const retryKey = call.headers['x-line-retry-key'];
    const memory = memoryOf(state);
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
    return reply.header('x-line-request-id', requestId).send({ sentMessages: sentMessages(state, messages.length) });
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
