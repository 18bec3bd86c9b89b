/**
 * The built-in stand-in for the five providers in `--demo` mode, on
 * 127.0.0.1 with an OS-chosen port. It answers the hub's outbound calls the
 * way each provider's API does (message ids, media upload and download,
 * Telegram getUpdates, WeChat access tokens, LINE and WeChat user profiles
 * with their pictures), serves the demo customers' media, and reports each
 * accepted WhatsApp/Twilio message (with its recipient) so delivery and read
 * receipts — or WhatsApp's "undeliverable" failure — can flow back. Demo only: it checks no credentials, and it
 * answers the calls that verify them (WhatsApp phone number fields, Twilio
 * account, Telegram getMe, LINE bot info) for the demo's own accounts.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ChannelKind } from '../../shared/domain.js';
import { demoAvatar, type DemoFile } from './demo-media.js';
import { ALL_DEMO_CUSTOMERS, type DemoCustomer } from './demo-script.js';
import { DemoTemplates } from './demo-templates.js';

export interface SentNotice {
  readonly kind: ChannelKind;
  readonly providerMessageId: string;
  /** Who it was sent to: the WhatsApp id (`to`) or the Twilio `To` address, as the hub sent it. */
  readonly recipient: string | null;
  /** Twilio: where to post receipts (the message's StatusCallback). */
  readonly statusCallback: string | null;
}

/** The LINE channel the demo's access token belongs to (`/oauth2/v2.1/verify` client_id). */
export const DEMO_LINE_CHANNEL_ID = '2000000001';
/** Who the demo accounts are, as the providers' verification calls would say. */
const DEMO_NAME = 'Switchboard Demo';

/** The longest a demo getUpdates call is held open. */
const MAX_HOLD_MS = 20_000;

export class DemoProvider {
  private readonly app: FastifyInstance;
  private readonly media = new Map<string, DemoFile>();
  private readonly avatars = new Map<string, DemoFile>();
  private readonly startedAt = Date.now();
  /** The demo WhatsApp Business Account's message templates. */
  readonly templates = new DemoTemplates();
  private readonly updates = new Map<string, unknown[]>();
  private readonly waiting = new Set<() => void>();
  private counter = 0;
  private readonly run = randomBytes(3).toString('hex');
  url = '';

  constructor(private readonly onSent: (notice: SentNotice) => void) {
    this.app = Fastify({ logger: false, bodyLimit: 250 * 1024 * 1024, forceCloseConnections: true });
    this.app.removeAllContentTypeParsers();
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    this.routes();
  }

  baseUrlFor(kind: ChannelKind): string {
    return `${this.url}/${kind}`;
  }

  async start(): Promise<void> {
    await this.app.listen({ host: '127.0.0.1', port: 0 });
    const address = this.app.server.address();
    if (address === null || typeof address === 'string') throw new Error('demo provider has no TCP address');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const wake of [...this.waiting]) wake();
    await this.app.close();
  }

  /** A fresh id unique to this run (demo data persists across restarts). */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.run}${String(this.counter).padStart(6, '0')}`;
  }

  addMedia(kind: ChannelKind, id: string, file: DemoFile): void {
    this.media.set(`${kind}:${id}`, file);
  }

  /** Makes an update available to the bot's getUpdates. */
  enqueueTelegramUpdate(botToken: string, update: unknown): void {
    this.updates.set(botToken, [...(this.updates.get(botToken) ?? []), update]);
    for (const wake of [...this.waiting]) wake();
  }

  private file(reply: FastifyReply, kind: ChannelKind, id: string): FastifyReply {
    const file = this.media.get(`${kind}:${id}`);
    if (!file) return reply.code(404).send({ error: 'not found' });
    return reply
      .type(file.mimeType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.bytes);
  }

  private routes(): void {
    this.templates.register(this.app);
    this.whatsappRoutes();
    this.twilioRoutes();
    this.telegramRoutes();
    this.lineRoutes();
    this.wechatRoutes();
  }

  private whatsappRoutes(): void {
    this.app.post('/whatsapp/v21.0/:phone/messages', async (req) => {
      const id = this.nextId('wamid.DEMO');
      const to = this.jsonOrForm(req).to;
      this.onSent({
        kind: 'whatsapp',
        providerMessageId: id,
        recipient: typeof to === 'string' ? to : null,
        statusCallback: null,
      });
      return { messaging_product: 'whatsapp', contacts: [], messages: [{ id }] };
    });
    this.app.post('/whatsapp/v21.0/:phone/media', async () => ({ id: this.nextId('9') }));
    this.app.get<{ Params: { id: string }; Querystring: { fields?: string } }>('/whatsapp/v21.0/:id', async (req) =>
      // With `fields` it is the phone number being verified; without, a media id being resolved.
      req.query.fields === undefined
        ? {
            messaging_product: 'whatsapp',
            url: `${this.url}/whatsapp/download/${encodeURIComponent(req.params.id)}`,
            id: req.params.id,
          }
        : {
            id: req.params.id,
            display_phone_number: '+81 50-0000-0001',
            verified_name: DEMO_NAME,
            quality_rating: 'GREEN',
            messaging_limit_tier: 'TIER_1K',
            status: 'CONNECTED',
          },
    );
    this.app.get<{ Params: { id: string } }>('/whatsapp/download/:id', async (req, reply) =>
      this.file(reply, 'whatsapp', req.params.id),
    );
  }

  private twilioRoutes(): void {
    this.app.post<{ Params: { sid: string } }>('/twilio/2010-04-01/Accounts/:sid/Messages.json', async (req, reply) => {
      const form = new URLSearchParams(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
      const sid = this.nextId('SM');
      this.onSent({
        kind: 'twilio',
        providerMessageId: sid,
        recipient: form.get('To'),
        statusCallback: form.get('StatusCallback'),
      });
      return reply
        .code(201)
        .send({ sid, status: 'queued', to: form.get('To'), from: form.get('From'), error_code: null });
    });
    this.app.get<{ Params: { file: string } }>('/twilio/2010-04-01/Accounts/:file', async (req, reply) => {
      const sid = req.params.file.replace(/\.json$/, '');
      if (sid === req.params.file) return reply.code(404).send({ code: 20404, message: 'not found', status: 404 });
      return { sid, friendly_name: DEMO_NAME, status: 'active', type: 'Full' };
    });
    this.app.get<{ Querystring: { PhoneNumber?: string } }>(
      '/twilio/2010-04-01/Accounts/:sid/IncomingPhoneNumbers.json',
      async (req) => ({
        incoming_phone_numbers: [{ phone_number: req.query.PhoneNumber ?? '', friendly_name: DEMO_NAME }],
      }),
    );
    this.app.get<{ Params: { media: string } }>(
      '/twilio/2010-04-01/Accounts/:sid/Messages/:msg/Media/:media',
      async (req, reply) => this.file(reply, 'twilio', req.params.media),
    );
  }

  private telegramRoutes(): void {
    this.app.post<{ Params: { bot: string; method: string } }>('/telegram/:bot/:method', async (req) => {
      const token = req.params.bot.replace(/^bot/, '');
      const body = this.jsonOrForm(req);
      switch (req.params.method) {
        case 'getUpdates':
          return {
            ok: true,
            result: await this.takeUpdates(token, Number(body.offset ?? 0), Number(body.timeout ?? 0)),
          };
        case 'getFile':
          return { ok: true, result: { file_id: body.file_id, file_path: `files/${String(body.file_id)}` } };
        case 'setWebhook':
        case 'deleteWebhook':
          return { ok: true, result: true };
        case 'getMe':
          return {
            ok: true,
            result: {
              id: Number(token.split(':')[0]),
              is_bot: true,
              first_name: DEMO_NAME,
              username: 'switchboard_demo_bot',
            },
          };
        default: {
          const chatId = Number(body.chat_id ?? 0);
          const messageId = (this.counter += 1);
          return {
            ok: true,
            result: {
              message_id: messageId,
              chat: { id: chatId, type: 'private' },
              date: Math.floor(Date.now() / 1000),
            },
          };
        }
      }
    });
    this.app.get<{ Params: { id: string } }>('/telegram/file/:bot/files/:id', async (req, reply) =>
      this.file(reply, 'telegram', req.params.id),
    );
  }

  private lineRoutes(): void {
    const sent = async () => ({ sentMessages: [{ id: this.nextId(''), quoteToken: this.nextId('q') }] });
    this.app.get('/line/v2/bot/info', async () => ({
      userId: 'Udemo000000000000000000000000000',
      basicId: '@switchboard',
      displayName: DEMO_NAME,
      chatMode: 'chat',
    }));
    this.app.get('/line/oauth2/v2.1/verify', async () => ({
      client_id: DEMO_LINE_CHANNEL_ID,
      expires_in: 2_592_000,
      scope: 'profile chat_message.write',
    }));
    // Channel health asks where LINE delivers and has it call there; the demo's LINE pushes come from the player.
    this.app.get('/line/v2/bot/channel/webhook/endpoint', async () => ({
      endpoint: 'https://demo.switchboard.invalid/line-webhook',
      active: true,
    }));
    this.app.post('/line/v2/bot/channel/webhook/test', async () => ({
      success: true,
      timestamp: new Date().toISOString(),
      statusCode: 200,
      reason: 'OK',
      detail: '200',
    }));
    // Messaging API "Get profile": who a user id is (only users who added the account as a friend).
    this.app.get<{ Params: { userId: string } }>('/line/v2/bot/profile/:userId', async (req, reply) => {
      const customer = this.customer('line', req.params.userId);
      if (!customer) return reply.code(404).send({ message: 'Not found' });
      return {
        userId: customer.key,
        displayName: customer.name,
        ...(customer.avatar ? { pictureUrl: `${this.baseUrlFor('line')}/profile-images/${customer.key}` } : {}),
        ...(customer.statusMessage ? { statusMessage: customer.statusMessage } : {}),
        ...(customer.language ? { language: customer.language } : {}),
      };
    });
    this.app.get<{ Params: { userId: string } }>('/line/profile-images/:userId', async (req, reply) =>
      this.avatar(reply, 'line', req.params.userId),
    );
    this.app.post('/line/v2/bot/message/reply', sent);
    this.app.post('/line/v2/bot/message/push', sent);
    this.app.get<{ Params: { id: string } }>('/line/v2/bot/message/:id/content', async (req, reply) =>
      this.file(reply, 'line', req.params.id),
    );
  }

  private wechatRoutes(): void {
    this.app.get('/wechat/cgi-bin/token', async () => ({ access_token: this.nextId('demo-token-'), expires_in: 7200 }));
    this.app.post('/wechat/cgi-bin/message/custom/send', async () => ({ errcode: 0, errmsg: 'ok' }));
    // "Get basic user information" (cgi-bin/user/info): an unknown openid is errcode 40003.
    this.app.get<{ Querystring: { openid?: string } }>('/wechat/cgi-bin/user/info', async (req) => {
      const customer = this.customer('wechat', req.query.openid ?? '');
      if (!customer) return { errcode: 40003, errmsg: 'invalid openid' };
      const followedAt = 'startedAgoMs' in customer ? Date.now() - Number(customer.startedAgoMs) : this.startedAt;
      return {
        subscribe: 1,
        openid: customer.key,
        nickname: customer.name,
        sex: 0,
        language: customer.language ?? 'zh_CN',
        city: '',
        province: '',
        country: '',
        // The last path segment is the picture's size (0, 46, 64, 96 or 132).
        headimgurl: customer.avatar ? `${this.baseUrlFor('wechat')}/mmopen/${customer.key}/132` : '',
        subscribe_time: Math.floor(followedAt / 1000),
        remark: '',
        groupid: 0,
        tagid_list: [],
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene: 0,
        qr_scene_str: '',
      };
    });
    this.app.get<{ Params: { openid: string } }>('/wechat/mmopen/:openid/:size', async (req, reply) =>
      this.avatar(reply, 'wechat', req.params.openid),
    );
    // The account QR for click-to-chat: `url` is the content WeChat's own QR code encodes.
    this.app.post('/wechat/cgi-bin/qrcode/create', async () => ({
      ticket: 'gQDEMO_switchboard',
      url: 'http://weixin.qq.com/q/demo_switchboard',
    }));
    this.app.post('/wechat/cgi-bin/media/upload', async () => ({
      type: 'image',
      media_id: this.nextId('media-'),
      created_at: Math.floor(Date.now() / 1000),
    }));
    this.app.get<{ Querystring: { media_id?: string } }>('/wechat/cgi-bin/media/get', async (req, reply) =>
      this.file(reply, 'wechat', req.query.media_id ?? ''),
    );
  }

  private customer(kind: ChannelKind, key: string): DemoCustomer | undefined {
    return ALL_DEMO_CUSTOMERS.find((c) => c.kind === kind && c.key === key);
  }

  private avatar(reply: FastifyReply, kind: ChannelKind, key: string): FastifyReply {
    const customer = this.customer(kind, key);
    if (!customer?.avatar) return reply.code(404).send({ error: 'not found' });
    let file = this.avatars.get(`${kind}:${key}`);
    if (!file) {
      file = demoAvatar(customer.avatar);
      this.avatars.set(`${kind}:${key}`, file);
    }
    return reply.type(file.mimeType).send(file.bytes);
  }

  private jsonOrForm(req: FastifyRequest): Record<string, unknown> {
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && raw !== '') {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === 'object' && parsed !== null ? { ...parsed } : {};
    }
    // multipart and form bodies: the demo only needs chat_id, which it reads from the text.
    const chat = /name="chat_id"\r\n\r\n([^\r]*)/.exec(raw)?.[1];
    return chat === undefined ? Object.fromEntries(new URLSearchParams(raw)) : { chat_id: chat };
  }

  /** Long polling: updates past `offset`, waiting up to `timeout` seconds when there are none. */
  private async takeUpdates(token: string, offset: number, timeoutSeconds: number): Promise<unknown[]> {
    const pending = (): unknown[] => (this.updates.get(token) ?? []).filter((u) => updateId(u) >= offset);
    this.updates.set(token, pending());
    if (pending().length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(timeoutSeconds * 1000, MAX_HOLD_MS));
        this.waiting.add(wake);
      });
    }
    return pending();
  }
}

function updateId(update: unknown): number {
  if (typeof update !== 'object' || update === null) return -1;
  const id: unknown = Reflect.get(update, 'update_id');
  return typeof id === 'number' ? id : -1;
}
