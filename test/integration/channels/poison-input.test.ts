/**
 * No signed webhook can poison the log: whatever a provider sends — too long,
 * out of range, malformed Unicode, one broken message in a batch — the hub
 * either stores it in a form `sync` gives back or refuses it, and every agent
 * of the channel can still sync from zero.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attachment, Channel, Contact, Message } from '../../../src/shared/domain.js';
import { SyncResult } from '../../../src/shared/protocol.js';
import {
  lineHeaders,
  startHarness,
  twilioHeaders,
  whatsappHeaders,
  type AgentSession,
  type Harness,
} from './harness.js';
import { LINE, TW, WA, twilioInbound, whatsappEnvelope } from './provider-bodies.js';

const TG = { botToken: '123456:ABCdef', secretToken: 'tg-secret_1' };
const WX = { appId: 'wx1234567890abcdef', appSecret: 'wx-secret', token: 'wx-token' };

let h: Harness;
let agent: AgentSession;
const channels = new Map<string, Channel>();
const channel = (kind: string): Channel => {
  const found = channels.get(kind);
  if (!found) throw new Error(`no ${kind} channel`);
  return found;
};

beforeAll(async () => {
  h = await startHarness();
  channels.set('whatsapp', await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') }));
  channels.set('twilio', await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') }));
  channels.set('telegram', await h.createChannel('telegram', { ...TG, apiBaseUrl: h.fake.baseUrlFor('telegram') }));
  channels.set('line', await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') }));
  channels.set('wechat', await h.createChannel('wechat', { ...WX, apiBaseUrl: h.fake.baseUrlFor('wechat') }));
  agent = await h.linkedAgent(...[...channels.values()].map((c) => c.id));
});
afterAll(async () => h.stop());

// ───────────────────────── provider senders ─────────────────────────
let counter = 0;
const nextId = (prefix: string): string => `${prefix}${Date.now()}${(counter += 1)}`;

function postWhatsapp(value: Record<string, unknown>): Promise<Response> {
  const body = whatsappEnvelope(value);
  return h.webhook(channel('whatsapp').id, body, whatsappHeaders(WA.appSecret, body));
}

function postTelegram(update: Record<string, unknown>): Promise<Response> {
  return h.webhook(channel('telegram').id, JSON.stringify(update), {
    'content-type': 'application/json',
    'x-telegram-bot-api-secret-token': TG.secretToken,
  });
}

function postLine(events: unknown[]): Promise<Response> {
  const body = JSON.stringify({ destination: 'U0000000000000000000000000000000', events });
  return h.webhook(channel('line').id, body, lineHeaders(LINE.channelSecret, body));
}

function postTwilio(form: URLSearchParams): Promise<Response> {
  const url = `https://hub.example.com/webhooks/${channel('twilio').id}`;
  return h.webhook(channel('twilio').id, form.toString(), twilioHeaders(TW.authToken, url, form));
}

function postWechat(xml: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(counter);
  const signature = createHash('sha1').update([WX.token, timestamp, nonce].sort().join('')).digest('hex');
  return h.webhook(
    channel('wechat').id,
    xml,
    { 'content-type': 'text/xml' },
    `?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
  );
}

const cdata = (s: string): string => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

// ───────────────────────── the check every test ends with ─────────────────────────
/** A fresh sync from zero of everything the agent may see: every event parses and is within bounds. */
async function syncEverything(): Promise<SyncResult & { reset: false }> {
  const answer = await agent.send('sync', { after: 0, limit: 5000 });
  expect(answer.error).toBeUndefined();
  const result = SyncResult.parse(answer.data);
  if (result.reset) throw new Error('unexpected reset');
  return result;
}

async function storedMessageById(id: string): Promise<Message> {
  const result = await syncEverything();
  const found = result.events
    .flatMap((e) => (e.type === 'message.upsert' && e.message.id === id ? [e.message] : []))
    .at(-1);
  if (!found) throw new Error(`message ${id} was not synced`);
  return found;
}

async function storedMessage(providerMessageId: string): Promise<Message> {
  const result = await syncEverything();
  const found = result.events
    .filter((e) => e.type === 'message.upsert')
    .map((e) => e.message)
    .findLast((m) => m.providerMessageId === providerMessageId);
  if (!found) throw new Error(`message ${providerMessageId} was not stored`);
  return found;
}

// Odd strings: long, lone surrogates, NUL and other controls, bidi overrides, CJK, emoji.
const ODD_PIECES = [
  '\ud800',
  '\udfff',
  '\u0000',
  '\u0007',
  '\u202e',
  '\r\n',
  '日本語',
  '😀',
  '"',
  '\\',
  '</x>',
  ']]>',
  '%00',
];
function oddString(seed: number, length: number): string {
  let out = '';
  let state = seed;
  while (out.length < length) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    out += ODD_PIECES[state % ODD_PIECES.length] ?? 'a';
    if (state % 3 === 0) out += 'x'.repeat(state % 50);
  }
  return out;
}

describe('values out of bounds are fitted at ingest, and sync still works for everyone', () => {
  it('a WhatsApp document with a 300-character file name is stored with a clipped name, marked, and syncs', async () => {
    const id = nextId('wamid.doc');
    const longName = `${'請求書'.repeat(100)}.pdf`;
    const res = await postWhatsapp({
      contacts: [{ profile: { name: 'Customer' }, wa_id: '819011110000' }],
      messages: [
        {
          from: '819011110000',
          id,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'document',
          document: { id: 'media-1', mime_type: 'application/pdf', filename: longName },
        },
      ],
    });
    expect(res.status).toBe(200);
    const message = await storedMessage(id);
    const fileName = message.attachments[0]?.fileName ?? '';
    expect(fileName.length).toBeLessThanOrEqual(255);
    expect(fileName.endsWith('.pdf')).toBe(true);
    expect(message.meta.clipped).toContain('media.0.fileName');
  });

  it('a WhatsApp timestamp of 1e300 and a 1,500-character button id are fitted, not refused', async () => {
    const id = nextId('wamid.btn');
    const before = Date.now();
    const res = await postWhatsapp({
      contacts: [{ profile: { name: 'Customer' }, wa_id: '819011110001' }],
      messages: [
        {
          from: '819011110001',
          id,
          timestamp: '1e300',
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'b'.repeat(1500), title: 'はい' } },
        },
      ],
    });
    expect(res.status).toBe(200);
    const message = await storedMessage(id);
    expect(message.createdAt).toBeGreaterThanOrEqual(before);
    expect(message.createdAt).toBeLessThanOrEqual(Date.now());
    expect(message.meta.interactive?.id.length).toBe(1000);
    expect(message.meta.clipped).toEqual(expect.arrayContaining(['at', 'meta.interactive.id']));
  });

  it('a Telegram date of -5 takes the hub’s time and the message syncs', async () => {
    const before = Date.now();
    const res = await postTelegram({
      update_id: 900001,
      message: {
        message_id: 77,
        date: -5,
        chat: { id: 5550001, type: 'private', first_name: 'Taro' },
        from: { id: 5550001, is_bot: false, first_name: 'Taro' },
        text: 'こんにちは',
      },
    });
    expect(res.status).toBe(200);
    const result = await syncEverything();
    const message = result.events
      .filter((e) => e.type === 'message.upsert')
      .map((e) => e.message)
      .find((m) => m.text === 'こんにちは');
    expect(message?.createdAt).toBeGreaterThanOrEqual(before);
  });

  it('a Twilio media Content-Type of 400 characters with CR/LF becomes a mime type that can be served', async () => {
    const sid = nextId('SM');
    const form = twilioInbound(sid, '+819012340000', '');
    form.set('NumMedia', '1');
    form.set(
      'MediaUrl0',
      `${h.fake.baseUrlFor('twilio')}/2010-04-01/Accounts/${TW.accountSid}/Messages/${sid}/Media/ME1`,
    );
    form.set('MediaContentType0', `image/jpeg\r\nX-Evil: 1${'a'.repeat(400)}`);
    const res = await postTwilio(form);
    expect(res.status).toBe(200);
    const message = await storedMessage(sid);
    const mimeType = message.attachments[0]?.mimeType ?? '';
    expect(mimeType).toMatch(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/);
    expect(mimeType.length).toBeLessThanOrEqual(200);
  });

  it('lone surrogates and NUL are stored one way: the log, the message API and a snapshot agree', async () => {
    const id = nextId('wamid.sur');
    const res = await postWhatsapp({
      contacts: [{ profile: { name: 'Bad\ud800Name\u0000' }, wa_id: '819011110002' }],
      messages: [
        {
          from: '819011110002',
          id,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'text',
          text: { body: 'a\udc00b\u0000c' },
        },
      ],
    });
    expect(res.status).toBe(200);
    const logged = await storedMessage(id);
    expect(logged.text).toBe('a\ufffdbc');
    const api = await h.json('GET', `/api/conversations/${logged.conversationId}/messages`, undefined, agent.token);
    const listed = Message.array()
      .parse(Reflect.get(Object(api), 'items'))
      .find((m) => m.id === logged.id);
    expect(listed?.text).toBe(logged.text);
    const snapshot = await agent.send('snapshot', { cursor: null, limit: 5000 });
    const items: unknown[] = Reflect.get(Object(snapshot.data), 'items');
    const fromSnapshot = items
      .map((item) => Message.safeParse(Reflect.get(Object(item), 'message')))
      .find((parsed) => parsed.success && parsed.data.id === logged.id);
    expect(fromSnapshot?.data?.text).toBe(logged.text);
    const contact = items
      .map((item) => Contact.safeParse(Reflect.get(Object(item), 'contact')))
      .find((parsed) => parsed.success && parsed.data.identity.externalId === '819011110002');
    expect(contact?.data?.name).toBe('Bad\ufffdName');
  });

  it('a location outside the earth drops the coordinates but keeps the message', async () => {
    const id = nextId('wamid.loc');
    const res = await postWhatsapp({
      contacts: [{ profile: { name: 'Customer' }, wa_id: '819011110003' }],
      messages: [
        {
          from: '819011110003',
          id,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'location',
          location: { latitude: 1000, longitude: -2000, name: '東京駅' },
        },
      ],
    });
    expect(res.status).toBe(200);
    const message = await storedMessage(id);
    expect(message.meta.location).toBeUndefined();
    expect(message.text).toContain('東京駅');
    expect(message.meta.clipped).toContain('meta.location');
  });
});

describe('agents’ strings are stored one way too', () => {
  it('a note with a lone surrogate and NUL is acked, synced and listed as the same cleaned text', async () => {
    const id = nextId('wamid.note');
    await postWhatsapp({
      contacts: [{ profile: { name: 'Customer' }, wa_id: '819011110009' }],
      messages: [
        {
          from: '819011110009',
          id,
          timestamp: String(Math.floor(Date.now() / 1000)),
          type: 'text',
          text: { body: 'hi' },
        },
      ],
    });
    const inbound = await storedMessage(id);
    const ack = await agent.send('message.send', {
      clientId: randomUUID(),
      conversationId: inbound.conversationId,
      kind: 'note',
      text: 'memo\ud800 \u0000done',
    });
    const acked = Message.parse(ack.data);
    expect(acked.text).toBe('memo\ufffd done');
    expect((await storedMessageById(acked.id)).text).toBe(acked.text);
  });
});

describe('HTTP bodies are cleaned the same way', () => {
  it('a channel renamed with a lone surrogate and NUL answers, lists and syncs the same cleaned name', async () => {
    const id = channel('line').id;
    const res = await h.api('PATCH', `/api/channels/${id}`, { name: 'LINE\ud800 窓口\u0000' }, h.adminToken);
    expect(res.status).toBe(200);
    const answered = Channel.parse(await res.json());
    expect(answered.name).toBe('LINE\ufffd 窓口');
    expect(Channel.parse(await h.json('GET', `/api/channels/${id}`, undefined, h.adminToken)).name).toBe(answered.name);
    const synced = (await syncEverything()).events.flatMap((e) =>
      e.type === 'channel.upsert' && e.channel.id === id ? [e.channel] : [],
    );
    expect(synced.at(-1)?.name).toBe(answered.name);
  });
});

describe('one malformed message in a batch never drops the others', () => {
  it('WhatsApp: a message with a wrong type in the middle of three is skipped, the other two are stored', async () => {
    const ids = [nextId('wamid.b1'), nextId('wamid.b2'), nextId('wamid.b3')];
    const now = String(Math.floor(Date.now() / 1000));
    const res = await postWhatsapp({
      contacts: [{ profile: { name: 'Customer' }, wa_id: '819011110004' }],
      messages: [
        { from: '819011110004', id: ids[0], timestamp: now, type: 'text', text: { body: 'one' } },
        { from: '819011110004', id: ids[1], timestamp: now, type: 'text', text: { body: 42 } },
        { from: '819011110004', id: ids[2], timestamp: now, type: 'text', text: { body: 'three' } },
      ],
    });
    expect(res.status).toBe(200);
    expect((await storedMessage(ids[0] ?? '')).text).toBe('one');
    expect((await storedMessage(ids[2] ?? '')).text).toBe('three');
  });

  it('LINE: an event with a broken message between two good ones leaves both good ones stored', async () => {
    const now = Date.now();
    const base = { mode: 'active', webhookEventId: 'W', deliveryContext: { isRedelivery: false } };
    const source = { type: 'user', userId: 'U1111111111111111111111111111111a' };
    const res = await postLine([
      {
        ...base,
        type: 'message',
        timestamp: now,
        source,
        replyToken: 'r1',
        message: { type: 'text', id: '7001', text: 'first' },
      },
      { ...base, type: 'message', timestamp: now, source, replyToken: 'r2', message: { type: 'text', id: 7002 } },
      {
        ...base,
        type: 'message',
        timestamp: now,
        source,
        replyToken: 'r3',
        message: { type: 'text', id: '7003', text: 'third' },
      },
    ]);
    expect(res.status).toBe(200);
    expect((await storedMessage('7001')).text).toBe('first');
    expect((await storedMessage('7003')).text).toBe('third');
  });
});

/** Either stored (200) or refused with a 4xx in our error shape: never a 500, never Fastify's own shape. */
async function expectStoredOrRefused(res: Response): Promise<void> {
  if (res.status === 200) return;
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const body: unknown = await res.json();
  expect(body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
}

describe('random long and odd strings through every provider, then a sync that must succeed', () => {
  it('forty webhooks of odd strings across five providers leave a log every agent can read', async () => {
    const sent: string[] = [];
    for (let seed = 1; seed <= 8; seed += 1) {
      const odd = (length: number) => oddString(seed * 7919 + length, length);
      const waId = nextId('wamid.odd');
      const wa = await postWhatsapp({
        contacts: [{ profile: { name: odd(400) }, wa_id: `8190${seed}` }],
        messages: [
          {
            from: `8190${seed}`,
            id: waId + odd(300),
            timestamp: String(seed % 2 === 0 ? -1 : 1e20),
            type: 'image',
            image: { id: odd(50), mime_type: odd(300), caption: odd(70_000), filename: odd(600) },
            context: { id: odd(400) },
          },
        ],
      });
      expect(wa.status).toBe(200);
      const tg = await postTelegram({
        update_id: 910000 + seed,
        callback_query: {
          id: odd(300),
          from: { id: 6000 + seed, is_bot: false, first_name: odd(500), username: odd(400) },
          data: odd(5000),
          chat_instance: 'ci',
          message: { message_id: seed, date: 1e15, chat: { id: 6000 + seed, type: 'private' } },
        },
      });
      expect(tg.status).toBe(200);
      const line = await postLine([
        {
          type: 'postback',
          mode: 'active',
          timestamp: seed % 2 === 0 ? -5 : 1e300,
          webhookEventId: odd(300),
          deliveryContext: { isRedelivery: false },
          source: { type: 'user', userId: `U${'a'.repeat(31)}${seed}` },
          replyToken: odd(400),
          postback: { data: odd(2000), params: { datetime: odd(100) } },
        },
      ]);
      expect(line.status).toBe(200);
      const sid = nextId('SM');
      const form = twilioInbound(sid, `+8190555${seed}`, odd(5000));
      form.set('ProfileName', odd(500));
      form.set('Latitude', String(seed * 1000));
      form.set('Longitude', odd(10));
      expect((await postTwilio(form)).status).toBe(200);
      const wx = await postWechat(
        `<xml><ToUserName>${cdata('gh_x')}</ToUserName><FromUserName>${cdata(`oOdd${seed}`)}</FromUserName>` +
          `<CreateTime>${seed % 2 === 0 ? '-5' : '99999999999999'}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
          `<Content>${cdata(odd(3000))}</Content><MsgId>${9100000 + seed}</MsgId></xml>`,
      );
      await expectStoredOrRefused(wx);
      sent.push(waId);
    }
    const result = await syncEverything();
    for (const event of result.events) {
      if (event.type !== 'message.upsert') continue;
      for (const attachment of event.message.attachments) expect(Attachment.safeParse(attachment).success).toBe(true);
    }
    // The WhatsApp ids were too long (their odd suffix), so they are kept as a stable digest: a redelivery is still a duplicate.
    const stored = await h.hub.store.messages.count([channel('whatsapp').id]);
    expect(stored).toBeGreaterThanOrEqual(sent.length);
  });
});
