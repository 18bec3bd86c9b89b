/**
 * Fake Telegram Bot API: `POST /bot<token>/<method>` for the send methods,
 * getFile, setWebhook/deleteWebhook/getWebhookInfo and getUpdates (long polling), and
 * `GET /file/bot<token>/<file_path>` for downloads. Answers like the Bot API:
 * `{ ok: true, result }` or `{ ok: false, error_code, description }`.
 *
 * Tests feed long polling with `enqueueTelegramUpdate(state, token, update)`;
 * a getUpdates call with `offset` confirms (drops) every earlier update, as
 * Telegram does. Errors (403 blocked, 429 retry_after …) come from
 * `state.script(...)`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordedCall, type FakeProviderState, type RecordedCall } from './server.js';

const MEDIA_FIELDS: Readonly<Record<string, string>> = {
  sendPhoto: 'photo',
  sendDocument: 'document',
  sendVideo: 'video',
  sendAudio: 'audio',
  sendAnimation: 'animation',
  sendVoice: 'voice',
};

export function telegramUpdatesQueue(token: string): string {
  return `telegram:updates:${token}`;
}

export type FakeTelegramUpdate = { readonly update_id: number } & Readonly<Record<string, unknown>>;

/** Makes `update` available to getUpdates for the bot `token`. */
export function enqueueTelegramUpdate(state: FakeProviderState, token: string, update: FakeTelegramUpdate): void {
  state.enqueue(telegramUpdatesQueue(token), update);
}

/** What getWebhookInfo reports for one bot: set by setWebhook, cleared by deleteWebhook, errors set by tests. */
interface FakeWebhook {
  url: string;
  pendingUpdateCount: number;
  lastErrorDate: number | null;
  lastErrorMessage: string | null;
}

const WEBHOOKS = new WeakMap<FakeProviderState, Map<string, FakeWebhook>>();

function webhookOf(state: FakeProviderState, token: string): FakeWebhook {
  const bots = WEBHOOKS.get(state) ?? new Map<string, FakeWebhook>();
  WEBHOOKS.set(state, bots);
  const existing = bots.get(token);
  if (existing) return existing;
  const created: FakeWebhook = { url: '', pendingUpdateCount: 0, lastErrorDate: null, lastErrorMessage: null };
  bots.set(token, created);
  return created;
}

/**
 * Telegram failed to deliver to the bot's webhook: getWebhookInfo now reports `last_error_date` (Unix
 * seconds of `at`), `last_error_message` (e.g. "Wrong response from the webhook: 502 Bad Gateway") and
 * `pending` updates waiting.
 */
export function failTelegramWebhook(
  state: FakeProviderState,
  token: string,
  error: { readonly message: string; readonly at: number; readonly pending: number },
): void {
  const webhook = webhookOf(state, token);
  webhook.lastErrorDate = Math.floor(error.at / 1000);
  webhook.lastErrorMessage = error.message;
  webhook.pendingUpdateCount = error.pending;
}

/** The WebhookInfo object: an empty url when no webhook is set (the bot uses getUpdates). */
function webhookInfo(state: FakeProviderState, token: string): Record<string, unknown> {
  const webhook = webhookOf(state, token);
  return {
    url: webhook.url,
    has_custom_certificate: false,
    pending_update_count:
      webhook.url === '' ? state.peek(telegramUpdatesQueue(token)).length : webhook.pendingUpdateCount,
    ...(webhook.url === '' ? {} : { max_connections: 40, ip_address: '203.0.113.10' }),
    ...(webhook.lastErrorDate === null
      ? {}
      : { last_error_date: webhook.lastErrorDate, last_error_message: webhook.lastErrorMessage }),
  };
}

function fail(reply: FastifyReply, status: number, description: string): FastifyReply {
  return reply.code(status).send({ ok: false, error_code: status, description });
}

/** Bot API parameters may come in the query, as JSON, form fields or multipart text parts. */
function paramsOf(call: RecordedCall): Record<string, string> {
  const out: Record<string, string> = { ...call.query, ...(call.form ?? {}) };
  if (typeof call.json === 'object' && call.json !== null) {
    for (const [k, v] of Object.entries(call.json)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  for (const part of call.parts ?? []) if (part.fileName === null) out[part.name] = part.data.toString('utf8');
  return out;
}

function updateIdOf(item: unknown): number {
  if (typeof item !== 'object' || item === null) return -1;
  const id: unknown = Reflect.get(item, 'update_id');
  return typeof id === 'number' ? id : -1;
}

function sentMessage(state: FakeProviderState, chatId: string, extra: Record<string, unknown>): unknown {
  const id = Number(chatId);
  return {
    message_id: Number(state.nextId('')),
    from: { id: 1, is_bot: true, ...state.accounts.telegramBot },
    chat: { id: Number.isFinite(id) ? id : chatId, type: id < 0 ? 'group' : 'private' },
    date: Math.floor(Date.now() / 1000),
    ...extra,
  };
}

/** Answers a sent message and tells the fake's listeners (`state.onSent`). */
function sent(state: FakeProviderState, reply: FastifyReply, chatId: string, message: unknown): FastifyReply {
  const messageId: unknown = Reflect.get(Object(message), 'message_id');
  state.reportSent({
    kind: 'telegram',
    providerMessageId: `${chatId}:${String(messageId)}`,
    recipient: chatId,
    statusCallback: null,
  });
  return reply.send({ ok: true, result: message });
}

async function getUpdates(state: FakeProviderState, token: string, params: Record<string, string>): Promise<unknown> {
  const queue = telegramUpdatesQueue(token);
  const offset = Number(params.offset ?? '0');
  if (offset > 0) state.prune(queue, (u) => updateIdOf(u) >= offset);
  // Held up to `timeout` seconds, but never longer than the fake allows (options.longPollHoldMs).
  const timeoutMs = Math.min(Number(params.timeout ?? '0') * 1000, state.longPollHoldMs);
  if (timeoutMs > 0) await state.waitUntil(() => state.peek(queue).length > 0, timeoutMs);
  const limit = Number(params.limit ?? '100');
  return { ok: true, result: state.peek(queue).slice(0, limit) };
}

function sendMedia(state: FakeProviderState, call: RecordedCall, field: string, reply: FastifyReply): FastifyReply {
  const params = paramsOf(call);
  const chatId = params.chat_id;
  if (!chatId) return fail(reply, 400, 'Bad Request: chat_id is empty');
  const file = call.parts?.find((p) => p.name === field && p.fileName !== null);
  if (!file) return fail(reply, 400, `Bad Request: there is no ${field} in the request`);
  const fileId = state.nextId(`${field}-file-`);
  state.addMedia('telegram', fileId, {
    bytes: file.data,
    mimeType: file.contentType ?? 'application/octet-stream',
    fileName: file.fileName ?? undefined,
  });
  const described = { file_id: fileId, file_unique_id: `u${fileId}`, file_size: file.data.length };
  const content =
    field === 'photo' ? [{ ...described, width: 1, height: 1 }] : { ...described, file_name: file.fileName };
  const caption = params.caption === undefined ? {} : { caption: params.caption };
  return sent(state, reply, chatId, sentMessage(state, chatId, { [field]: content, ...caption }));
}

export function registerTelegramFake(app: FastifyInstance, state: FakeProviderState): void {
  app.post('/:bot/:method', async (req, reply) => {
    const call = recordedCall(req);
    const [, bot = '', method = ''] = call.path.split('/');
    if (!/^bot\d+:[A-Za-z0-9_-]+$/.test(bot)) return fail(reply, 401, 'Unauthorized');
    const token = bot.slice(3);
    if (state.isRevoked('telegram', token)) return fail(reply, 401, 'Unauthorized');
    const params = paramsOf(call);
    const mediaField = MEDIA_FIELDS[method];
    if (mediaField) return sendMedia(state, call, mediaField, reply);
    switch (method) {
      case 'sendMessage':
        if (!params.chat_id) return fail(reply, 400, 'Bad Request: chat_id is empty');
        if (!params.text) return fail(reply, 400, 'Bad Request: message text is empty');
        return sent(state, reply, params.chat_id, sentMessage(state, params.chat_id, { text: params.text }));
      case 'getFile': {
        const media = state.getMedia('telegram', params.file_id ?? '');
        if (!media) return fail(reply, 400, 'Bad Request: invalid file_id');
        const result = { file_id: params.file_id, file_size: media.bytes.length, file_path: `files/${params.file_id}` };
        return reply.send({ ok: true, result });
      }
      case 'setWebhook':
        webhookOf(state, token).url = params.url ?? '';
        return reply.send({ ok: true, result: true, description: 'Webhook was set' });
      case 'deleteWebhook':
        webhookOf(state, token).url = '';
        return reply.send({ ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return reply.send({ ok: true, result: webhookInfo(state, token) });
      case 'getMe':
        return reply.send({
          ok: true,
          result: {
            id: Number(token.split(':')[0]),
            is_bot: true,
            ...state.accounts.telegramBot,
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        });
      case 'getUpdates':
        return reply.send(await getUpdates(state, token, params));
      default:
        return fail(reply, 404, 'Not Found');
    }
  });

  app.get('/file/:bot/files/:fileId', async (req, reply) => {
    const call = recordedCall(req);
    const fileId = decodeURIComponent(call.path.split('/')[4] ?? '');
    const media = state.getMedia('telegram', fileId);
    if (!media) return reply.code(404).send({ ok: false, error_code: 404, description: 'Not Found' });
    return reply.type(media.mimeType).send(media.bytes);
  });
}
