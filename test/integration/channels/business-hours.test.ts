/**
 * Business hours, auto-reply and greeting (docs/lifecycle.md): a real hub with the provider side on an
 * injected clock, webhooks from the fake Telegram and WhatsApp, the automatic messages checked where the
 * customer would see them — in the provider's send calls — and in the thread as stored messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Message } from '../../../src/shared/domain.js';
import { setLineProfile } from '../../../src/fake-provider/line.js';
import { lineHeaders, startHarness, waitFor, whatsappHeaders, type Harness } from './harness.js';
import { LINE, WA, whatsappText } from './provider-bodies.js';

const TG = { botToken: '123456:ABCdef', secretToken: 'tg-secret_1' };
const HOUR = 60 * 60 * 1000;

/** Saturday 2026-03-07 12:00 in Tokyo: closed. Monday 2026-03-09 10:00 in Tokyo: open. */
const SATURDAY_NOON_TOKYO = Date.parse('2026-03-07T03:00:00Z');
const MONDAY_TEN_TOKYO = Date.parse('2026-03-09T01:00:00Z');

const nineToSix = [{ from: '09:00', to: '18:00' }];
const SETTINGS = {
  hours: {
    timeZone: 'Asia/Tokyo',
    weekly: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix },
    holidays: ['2026-03-20'],
  },
  autoReply: {
    texts: { default: 'We are closed now; we answer from 9:00 Tokyo time.', ja: 'ただいま営業時間外です。' },
  },
  greeting: { texts: { default: 'Hello! Thanks for writing.', ja: 'お問い合わせありがとうございます。' } },
};
const AUTO_TEXTS = [
  ...Object.values(SETTINGS.autoReply.texts),
  ...Object.values(SETTINGS.greeting.texts),
] as readonly string[];

let offset = 0;
const clock = (): number => Date.now() + offset;
const setClock = (at: number): void => {
  offset = at - Date.now();
};

let h: Harness;
let tg: Channel;
let wa: Channel;
let line: Channel;
let update = 9000;

beforeAll(async () => {
  setClock(SATURDAY_NOON_TOKYO);
  h = await startHarness({ now: clock });
  tg = await h.createChannel('telegram', { ...TG, apiBaseUrl: h.fake.baseUrlFor('telegram') }, SETTINGS);
  wa = await h.createChannel('whatsapp', { ...WA, apiBaseUrl: h.fake.baseUrlFor('whatsapp') }, SETTINGS);
  // Every resolved conversation ends: the customer's next message opens a new one.
  line = await h.createChannel(
    'line',
    { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') },
    {
      ...SETTINGS,
      reopenWindowMinutes: 0,
    },
  );
});
afterAll(async () => h.stop());

interface TelegramCustomer {
  readonly id: number;
  readonly language?: string;
}

/** A Telegram update for a private text message; the same `messageId` again is a redelivery. */
function telegramText(customer: TelegramCustomer, n: number, text: string): string {
  update += 1;
  // Far from the fake's own ids for the bot's messages (a counter from 1): Telegram numbers both in one chat.
  const messageId = 500_000 + n;
  const from = {
    id: customer.id,
    is_bot: false,
    first_name: `Customer ${customer.id}`,
    ...(customer.language ? { language_code: customer.language } : {}),
  };
  return JSON.stringify({
    update_id: update,
    message: {
      message_id: messageId,
      from,
      chat: { id: customer.id, type: 'private', first_name: from.first_name },
      date: Math.floor(clock() / 1000),
      text,
    },
  });
}

async function postTelegram(body: string): Promise<void> {
  const res = await h.webhook(tg.id, body, {
    'content-type': 'application/json',
    'x-telegram-bot-api-secret-token': TG.secretToken,
  });
  expect(res.status).toBe(200);
}

/** What the customer's Telegram chat got from the bot: the texts of sendMessage calls, in order. */
function telegramTextsTo(chatId: number): string[] {
  return h.fake.state
    .callsTo('telegram', '/sendMessage')
    .map((c) => c.json as { chat_id?: unknown; text?: unknown } | undefined)
    .filter((p) => String(p?.chat_id) === String(chatId))
    .map((p) => String(p?.text));
}

/** The stored messages of the conversation a provider message went to, oldest first. */
async function threadOf(channelId: string, providerMessageId: string): Promise<Message[]> {
  const inbound = (await h.hub.store.messages.findByProviderId(channelId, providerMessageId))?.message;
  if (!inbound) throw new Error(`no message ${providerMessageId}`);
  return (await h.hub.store.messages.page(inbound.conversationId, null, 100))
    .slice()
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Lets any stray send the hub might still make reach the fake before counting. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('outside business hours', () => {
  it('a Japanese Telegram customer gets the greeting and the auto-reply in Japanese, once, shown as automatic', async () => {
    setClock(SATURDAY_NOON_TOKYO);
    const hanako = { id: 7001, language: 'ja' };
    await postTelegram(telegramText(hanako, 1, 'こんにちは、注文について'));
    await waitFor('both automatic messages', () => telegramTextsTo(hanako.id).length === 2);
    expect(telegramTextsTo(hanako.id)).toEqual(['お問い合わせありがとうございます。', 'ただいま営業時間外です。']);

    const thread = await waitFor('sent in the thread', async () => {
      const t = await threadOf(tg.id, '7001:500001');
      return t.filter((m) => m.direction === 'out' && m.state === 'sent').length === 2 ? t : undefined;
    });
    expect(thread.map((m) => [m.direction, m.text, m.meta.automatic ?? null, m.senderAgentId])).toEqual([
      ['in', 'こんにちは、注文について', null, null],
      ['out', 'お問い合わせありがとうございます。', 'greeting', null],
      ['out', 'ただいま営業時間外です。', 'autoReply', null],
    ]);
    const contact = (await h.hub.store.contacts.findBySender(tg.id, '7001', ''))?.contact;
    expect(contact?.language).toBe('ja');

    // A second message and a redelivery of the first: nothing more goes out.
    await postTelegram(telegramText(hanako, 2, 'まだですか?'));
    await postTelegram(telegramText(hanako, 1, 'こんにちは、注文について'));
    await settle();
    expect(telegramTextsTo(hanako.id)).toHaveLength(2);
    expect((await threadOf(tg.id, '7001:500001')).filter((m) => m.direction === 'out')).toHaveLength(2);
  });

  it('a customer whose language has no text gets the default texts', async () => {
    setClock(SATURDAY_NOON_TOKYO + HOUR);
    const somchai = { id: 7002, language: 'th' };
    await postTelegram(telegramText(somchai, 1, 'Hello'));
    await waitFor('both automatic messages', () => telegramTextsTo(somchai.id).length === 2);
    expect(telegramTextsTo(somchai.id)).toEqual([SETTINGS.greeting.texts.default, SETTINGS.autoReply.texts.default]);
  });

  it('a hub restart between two messages does not send the auto-reply again', async () => {
    setClock(SATURDAY_NOON_TOKYO + 2 * HOUR);
    const ken = { id: 7003, language: 'en-US' };
    await postTelegram(telegramText(ken, 1, 'Is anyone there?'));
    await waitFor('both automatic messages', () => telegramTextsTo(ken.id).length === 2);
    await h.restart();
    await postTelegram(telegramText(ken, 2, 'Hello again after your restart'));
    await waitFor(
      'the second message stored',
      async () => await h.hub.store.messages.findByProviderId(tg.id, '7003:500002'),
    );
    await settle();
    expect(telegramTextsTo(ken.id)).toEqual([SETTINGS.greeting.texts.default, SETTINGS.autoReply.texts.default]);
  });

  it('is not sent outside the WhatsApp session window (a message delivered a day late)', async () => {
    setClock(SATURDAY_NOON_TOKYO + 3 * HOUR);
    const late = whatsappText('819055556666', 'wamid.LATE1', '昨日の件です', clock() - 25 * HOUR);
    await h.webhook(wa.id, late, whatsappHeaders(WA.appSecret, late));
    await waitFor('stored', async () => await h.hub.store.messages.findByProviderId(wa.id, 'wamid.LATE1'));
    await settle();
    const sent = h.fake.state
      .callsTo('whatsapp', '/messages')
      .filter((c) => JSON.stringify(c.json).includes('819055556666'));
    expect(sent).toHaveLength(0);
  });

  it('a WhatsApp customer who just wrote gets the default texts', async () => {
    setClock(SATURDAY_NOON_TOKYO + 4 * HOUR);
    const body = whatsappText('819077778888', 'wamid.NOW1', '在庫はありますか', clock());
    await h.webhook(wa.id, body, whatsappHeaders(WA.appSecret, body));
    const texts = (): string[] =>
      h.fake.state
        .callsTo('whatsapp', '/messages')
        .map((c) => c.json as { to?: string; text?: { body?: string } } | undefined)
        .filter((p) => p?.to === '819077778888')
        .map((p) => String(p?.text?.body));
    await waitFor('both automatic messages', () => texts().length === 2);
    expect(texts()).toEqual([SETTINGS.greeting.texts.default, SETTINGS.autoReply.texts.default]);
  });
});

/** A LINE text message from `userId`, stamped on the hub's clock, with a reply token. */
function lineText(userId: string, id: string, text: string): string {
  return JSON.stringify({
    destination: 'Ubot',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: clock(),
        webhookEventId: `01HBH${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken: `reply-${id}`,
        source: { type: 'user', userId },
        message: { id, type: 'text', text, quoteToken: `q-${id}` },
      },
    ],
  });
}

/** The texts LINE was asked to send (reply and push), in order. */
function lineTexts(): string[] {
  return h.fake.state
    .callsTo('line', '/v2/bot/message/')
    .flatMap((c) =>
      ((c.json as { messages?: { text?: string }[] } | undefined)?.messages ?? []).map((m) => String(m.text)),
    );
}

describe('a LINE customer', () => {
  it('gets the default texts first, and the Japanese ones once the profile said ja (a new conversation)', async () => {
    setClock(SATURDAY_NOON_TOKYO + 5 * HOUR);
    const userId = 'U0123456789abcdef0123456789abcdef';
    setLineProfile(h.fake.state, { userId, displayName: '佐藤', language: 'ja' });
    const first = lineText(userId, '880001', '予約の確認です');
    expect((await h.webhook(line.id, first, lineHeaders(LINE.channelSecret, first))).status).toBe(200);
    await waitFor('both automatic messages', () => lineTexts().length === 2);
    expect(lineTexts()).toEqual([SETTINGS.greeting.texts.default, SETTINGS.autoReply.texts.default]);
    await waitFor(
      'the profile’s language',
      async () => (await h.hub.store.contacts.findBySender(line.id, userId, ''))?.contact.language === 'ja',
    );

    const conversationId = (await threadOf(line.id, '880001'))[0]?.conversationId;
    const agent = await h.linkedAgent(line.id);
    expect((await agent.send('conversation.setStatus', { conversationId, status: 'resolved' })).ok).toBe(true);
    setClock(SATURDAY_NOON_TOKYO + 6 * HOUR);
    const second = lineText(userId, '880002', 'もう一度お願いします');
    expect((await h.webhook(line.id, second, lineHeaders(LINE.channelSecret, second))).status).toBe(200);
    await waitFor('two more automatic messages', () => lineTexts().length === 4);
    expect(lineTexts().slice(2)).toEqual(['お問い合わせありがとうございます。', 'ただいま営業時間外です。']);
    expect((await threadOf(line.id, '880002'))[0]?.conversationId).not.toBe(conversationId);
  });
});

describe('inside business hours', () => {
  it('a new conversation gets the greeting but no auto-reply; a reopened one gets neither', async () => {
    setClock(MONDAY_TEN_TOKYO);
    const yuki = { id: 7004, language: 'ja' };
    await postTelegram(telegramText(yuki, 1, '営業中ですか'));
    await waitFor('the greeting', () => telegramTextsTo(yuki.id).length === 1);
    await settle();
    expect(telegramTextsTo(yuki.id)).toEqual(['お問い合わせありがとうございます。']);

    // Resolved, then the customer writes again soon after: the same conversation reopens — no greeting again.
    const conversationId = (await threadOf(tg.id, '7004:500001'))[0]?.conversationId;
    const agent = await h.linkedAgent(tg.id);
    const ack = await agent.send('conversation.setStatus', { conversationId, status: 'resolved' });
    expect(ack.ok).toBe(true);
    setClock(MONDAY_TEN_TOKYO + HOUR);
    await postTelegram(telegramText(yuki, 2, 'もう一つ質問です'));
    await waitFor(
      'the second message stored',
      async () => await h.hub.store.messages.findByProviderId(tg.id, '7004:500002'),
    );
    await settle();
    expect(telegramTextsTo(yuki.id)).toHaveLength(1);
  });

  it('a customer already talking gets no greeting when the team opens, and no auto-reply while it works', async () => {
    // Hanako's conversation (first test) continues on Monday: neither message is sent again.
    setClock(MONDAY_TEN_TOKYO + 2 * HOUR);
    await postTelegram(telegramText({ id: 7001, language: 'ja' }, 3, '月曜になりました'));
    await waitFor('stored', async () => await h.hub.store.messages.findByProviderId(tg.id, '7001:500003'));
    await settle();
    expect(telegramTextsTo(7001)).toHaveLength(2);
    expect(AUTO_TEXTS).toContain(telegramTextsTo(7001)[0]);
  });
});
