/**
 * Fake WeChat Official Account API: access tokens (`GET /cgi-bin/token`),
 * customer-service messages (`POST /cgi-bin/message/custom/send`), temporary
 * media upload and download (`/cgi-bin/media/upload`, `/cgi-bin/media/get`),
 * user info (`GET /cgi-bin/user/info`, `setWechatUser`),
 * and permanent account QR codes (`POST /cgi-bin/qrcode/create`).
 * Like WeChat it answers HTTP 200 with `{ errcode, errmsg }` for every error,
 * and 40001 for an access token it did not issue or has expired
 * (`expireWechatAccessTokens`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordedCall, type FakeProviderState, type RecordedCall } from './server.js';

const TOKEN_TTL_SECONDS = 7200;

interface WechatFakeMemory {
  readonly validTokens: Set<string>;
  /** openid → what `GET /cgi-bin/user/info` answers beyond the defaults. */
  readonly users: Map<string, FakeWechatUser>;
  /** name → a profile picture (`headimgurl`), which WeChat serves from its CDN (thirdwx.qlogo.cn/mmopen/…). */
  readonly pictures: Map<string, { bytes: Buffer; contentType: string }>;
}

/**
 * A follower's basic info. Since 2021-12-27 WeChat answers most accounts with an empty `nickname` and
 * `headimgurl`; that is what a follower nobody set up gets here too.
 */
export interface FakeWechatUser {
  openid: string;
  subscribe?: 0 | 1;
  nickname?: string;
  headimgurl?: string;
  language?: string;
  /** When the user followed the account, Unix seconds. */
  subscribeTime?: number;
}

export function setWechatUser(state: FakeProviderState, user: FakeWechatUser): void {
  memoryOf(state).users.set(user.openid, user);
}

/**
 * Serves `bytes` as a profile picture; returns its path under the fake's WeChat base URL, ending in the
 * size (0, 46, 64, 96 or 132) as a `headimgurl` does.
 */
export function setWechatPicture(state: FakeProviderState, name: string, bytes: Buffer, contentType: string): string {
  memoryOf(state).pictures.set(name, { bytes, contentType });
  return `/mmopen/${encodeURIComponent(name)}/132`;
}

const MEMORY = new WeakMap<FakeProviderState, WechatFakeMemory>();

function memoryOf(state: FakeProviderState): WechatFakeMemory {
  const existing = MEMORY.get(state);
  if (existing) return existing;
  const created: WechatFakeMemory = { validTokens: new Set(), users: new Map(), pictures: new Map() };
  MEMORY.set(state, created);
  return created;
}

/** Every access token issued so far stops working (the next call gets errcode 40001). */
export function expireWechatAccessTokens(state: FakeProviderState): void {
  memoryOf(state).validTokens.clear();
}

function wxError(reply: FastifyReply, errcode: number, errmsg: string): FastifyReply {
  return reply.send({ errcode, errmsg: `${errmsg} rid: fake-${errcode}` });
}

function tokenIsValid(state: FakeProviderState, call: RecordedCall): boolean {
  return memoryOf(state).validTokens.has(call.query.access_token ?? '');
}

const INVALID_TOKEN = 'invalid credential, access_token is invalid or not latest';
const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'thumb']);
const SEND_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'msgmenu',
  'wxcard',
  'miniprogrampage',
]);

function sendBodyIsValid(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const touser: unknown = Reflect.get(json, 'touser');
  const msgtype: unknown = Reflect.get(json, 'msgtype');
  if (typeof touser !== 'string' || touser === '' || typeof msgtype !== 'string' || !SEND_TYPES.has(msgtype))
    return false;
  return typeof Reflect.get(json, msgtype) === 'object';
}

export function registerWechatFake(app: FastifyInstance, state: FakeProviderState): void {
  app.get('/cgi-bin/token', async (req, reply) => {
    const { query } = recordedCall(req);
    if (query.grant_type !== 'client_credential') return wxError(reply, 40002, 'invalid grant_type');
    if (!query.appid) return wxError(reply, 41002, 'appid missing');
    if (!query.secret) return wxError(reply, 41004, 'appsecret missing');
    if (state.isRevoked('wechat', query.secret)) return wxError(reply, 40125, 'invalid appsecret');
    const token = state.nextId('FAKE_ACCESS_TOKEN_');
    memoryOf(state).validTokens.add(token);
    return reply.send({ access_token: token, expires_in: TOKEN_TTL_SECONDS });
  });

  app.post('/cgi-bin/message/custom/send', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsValid(state, call)) return wxError(reply, 40001, INVALID_TOKEN);
    if (!sendBodyIsValid(call.json)) return wxError(reply, 44002, 'empty post data');
    // The customer-service API answers no message id.
    const touser: unknown = Reflect.get(Object(call.json), 'touser');
    state.reportSent({
      kind: 'wechat',
      providerMessageId: '',
      recipient: typeof touser === 'string' ? touser : null,
      statusCallback: null,
    });
    return reply.send({ errcode: 0, errmsg: 'ok' });
  });

  // Account QR codes: the same scene always gets the same ticket; `url` is what WeChat's QR encodes.
  app.post('/cgi-bin/qrcode/create', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsValid(state, call)) return wxError(reply, 40001, INVALID_TOKEN);
    const json: unknown = call.json;
    const action = typeof json === 'object' && json !== null ? Reflect.get(json, 'action_name') : undefined;
    const info: unknown = typeof json === 'object' && json !== null ? Reflect.get(json, 'action_info') : undefined;
    const scene: unknown = typeof info === 'object' && info !== null ? Reflect.get(info, 'scene') : undefined;
    const sceneStr: unknown = typeof scene === 'object' && scene !== null ? Reflect.get(scene, 'scene_str') : undefined;
    if (action !== 'QR_LIMIT_STR_SCENE' || typeof sceneStr !== 'string' || sceneStr === '') {
      return wxError(reply, 40053, 'invalid action info');
    }
    const ticket = `gQFAKE${Buffer.from(sceneStr).toString('base64url')}`;
    return reply.send({ ticket, url: `http://weixin.qq.com/q/fake_${sceneStr}` });
  });

  app.post('/cgi-bin/media/upload', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsValid(state, call)) return wxError(reply, 40001, INVALID_TOKEN);
    const type = call.query.type ?? '';
    if (!MEDIA_TYPES.has(type)) return wxError(reply, 40004, 'invalid media type');
    const file = call.parts?.find((p) => p.name === 'media' && p.fileName !== null);
    if (!file) return wxError(reply, 41005, 'media data missing');
    const mediaId = state.nextId(`FAKE_MEDIA_${type}_`);
    state.addMedia('wechat', mediaId, {
      bytes: file.data,
      mimeType: file.contentType ?? 'application/octet-stream',
      fileName: file.fileName ?? undefined,
    });
    return reply.send({ type, media_id: mediaId, created_at: Math.floor(Date.now() / 1000) });
  });

  app.get('/cgi-bin/user/info', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsValid(state, call)) return wxError(reply, 40001, INVALID_TOKEN);
    const openid = call.query.openid ?? '';
    if (openid === '') return wxError(reply, 40003, 'invalid openid');
    const user = memoryOf(state).users.get(openid);
    // A user who does not follow the account: nothing but the openid.
    if (user?.subscribe === 0) return reply.send({ subscribe: 0, openid });
    return reply.send({
      subscribe: 1,
      openid,
      nickname: user?.nickname ?? '',
      sex: 0,
      language: user?.language ?? 'zh_CN',
      city: '',
      province: '',
      country: '',
      headimgurl: user?.headimgurl ?? '',
      subscribe_time: user?.subscribeTime ?? 1_700_000_000,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    });
  });

  app.get('/cgi-bin/media/get', async (req, reply) => {
    const call = recordedCall(req);
    if (!tokenIsValid(state, call)) return wxError(reply, 40001, INVALID_TOKEN);
    const mediaId = call.query.media_id ?? '';
    const media = state.getMedia('wechat', mediaId);
    if (!media) return wxError(reply, 40007, 'invalid media_id');
    // WeChat answers a video media id with a JSON link instead of the bytes.
    if (media.mimeType.startsWith('video/')) {
      return reply.send({ video_url: `${state.baseUrlFor('wechat')}/video-cdn/${encodeURIComponent(mediaId)}` });
    }
    const fileName = media.fileName ?? `${mediaId}.bin`;
    return reply
      .type(media.mimeType)
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(media.bytes);
  });

  app.get('/mmopen/:name/:size', async (req, reply) => {
    const call = recordedCall(req);
    const picture = memoryOf(state).pictures.get(decodeURIComponent(call.path.split('/')[2] ?? ''));
    if (!picture) return reply.code(404).send('not found');
    return reply.header('content-type', picture.contentType).send(picture.bytes);
  });

  app.get('/video-cdn/:mediaId', async (req, reply) => {
    const call = recordedCall(req);
    const media = state.getMedia('wechat', decodeURIComponent(call.path.split('/')[2] ?? ''));
    if (!media) return reply.code(404).send('not found');
    return reply.type(media.mimeType).send(media.bytes);
  });
}
