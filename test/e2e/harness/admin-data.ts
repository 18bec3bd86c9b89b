/**
 * The admin console for the e2e run: its labels in both languages, opening a
 * tab, and a hub filled with what a small support team would have — agents,
 * a channel of each kind (verified at the fake providers), links, customers
 * writing in, WhatsApp templates Meta approved, pending and rejected, team
 * canned replies, credits bought and spent, contacts in the trash — in
 * Japanese or in English, for the screens' screenshots.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { Channel, Conversation, Template, type ChannelKind, type Permissions } from '../../../src/shared/domain.js';
import type { TestAgent, TestHub } from '../../helpers/hub.js';
import { issueLineToken, setLineWebhook } from '../../../src/fake-provider/line.js';
import type { FakeProvider } from '../../../src/fake-provider/server.js';
import { addTwilioNumber } from '../../../src/fake-provider/twilio.js';
import { whatsappTemplatesOf } from '../../../src/fake-provider/whatsapp-templates.js';
import type { WhatsAppChannel, World } from './world.js';

export type Lang = 'en' | 'ja';
export type AdminTabName =
  'channels' | 'agents' | 'links' | 'templates' | 'cannedReplies' | 'credits' | 'clickToChat' | 'contactsTrash';

export interface AdminLabels {
  readonly open: string;
  readonly addChannel: string;
  readonly tabs: Readonly<Record<AdminTabName, string>>;
  readonly channelForm: string;
  readonly name: string;
  readonly verify: string;
  readonly save: string;
  readonly done: string;
  readonly allChannels: string;
  readonly line: { readonly channelId: string; readonly channelSecret: string; readonly accessToken: string };
}

export const ADMIN_LABELS: Readonly<Record<Lang, AdminLabels>> = {
  en: {
    open: 'Admin console',
    addChannel: 'Add channel',
    tabs: {
      channels: 'Channels',
      agents: 'Agents',
      links: 'Channel links',
      templates: 'Templates',
      cannedReplies: 'Canned replies',
      credits: 'Credits',
      clickToChat: 'Click-to-chat',
      contactsTrash: 'Contacts trash',
    },
    channelForm: 'The channel’s credentials',
    name: 'Name',
    verify: 'Verify',
    save: 'Save',
    done: 'Done',
    allChannels: '← All channels',
    line: { channelId: 'Channel ID', channelSecret: 'Channel secret', accessToken: 'Channel access token' },
  },
  ja: {
    open: '管理コンソール',
    addChannel: 'チャネルを追加',
    tabs: {
      channels: 'チャネル',
      agents: '担当者',
      links: 'チャネルの紐付け',
      templates: 'テンプレート',
      cannedReplies: '定型文',
      credits: 'クレジット',
      clickToChat: 'チャットリンク',
      contactsTrash: 'コンタクトのゴミ箱',
    },
    channelForm: 'チャネルの認証情報',
    name: '名前',
    verify: '確認',
    save: '保存',
    done: '完了',
    allChannels: '← チャネル一覧',
    line: { channelId: 'チャネル ID', channelSecret: 'チャネルシークレット', accessToken: 'チャネルアクセストークン' },
  },
};

export async function openAdminTab(page: Page, labels: AdminLabels, tab: AdminTabName): Promise<void> {
  const button = page.getByRole('tab', { name: labels.tabs[tab], exact: true });
  await button.click();
  await page.locator(`#admin-tab-${tab}[aria-selected="true"]`).waitFor();
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const digits = (n: number): string => Array.from({ length: n }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');
const HOUR = 60 * 60 * 1000;
const NO_UPDATE: Permissions = { view: true, create: true, update: false, delete: false };

interface TeamData {
  readonly adminName: string;
  readonly agents: readonly { name: string; email: string; permissions?: Permissions }[];
  readonly channels: Readonly<Record<ChannelKind, string>>;
  /** Customers writing on WhatsApp: name, text, hours ago. */
  readonly customers: readonly { name: string; text: string; hoursAgo: number }[];
  /** Who of them ends up in the contacts trash. */
  readonly trashed: readonly string[];
  readonly templateLanguage: string;
  readonly templates: {
    readonly approved: { name: string; body: string; params: readonly string[] };
    readonly pending: { name: string; body: string };
    readonly rejected: { name: string; body: string };
  };
  readonly canned: readonly { title: string; shortcut: string; text: string; lineOnly?: boolean }[];
}

const TEAMS: Readonly<Record<Lang, TeamData>> = {
  en: {
    adminName: 'Grace Lee',
    agents: [
      { name: 'Aiko Tanaka', email: 'aiko.tanaka@example.com' },
      { name: 'Kenji Mori', email: 'kenji.mori@example.com' },
      { name: 'Emma Clark', email: 'emma.clark@example.com', permissions: NO_UPDATE },
    ],
    channels: {
      whatsapp: 'Support US',
      twilio: 'US Sales',
      telegram: 'Shop Bot',
      line: 'LINE Official',
      wechat: 'WeChat Service',
    },
    customers: [
      { name: 'Olivia Brown', text: 'Where is my parcel? Order #5521', hoursAgo: 1 },
      { name: 'Noah Smith', text: 'Can I return the blue jacket?', hoursAgo: 3 },
      { name: 'Liam Johnson', text: 'Thanks, all good!', hoursAgo: 30 },
      { name: 'Ava Wilson', text: 'Please cancel my subscription', hoursAgo: 50 },
      { name: 'Mason Davis', text: 'Hello?', hoursAgo: 80 },
    ],
    trashed: ['Ava Wilson', 'Mason Davis'],
    templateLanguage: 'en',
    templates: {
      approved: {
        name: 'order_update',
        body: 'Hello {{1}}, your order {{2}} has shipped and arrives tomorrow.',
        params: ['Liam Johnson', '#5521'],
      },
      pending: { name: 'appointment_reminder', body: 'Hi {{1}}, a reminder of your appointment on {{2}}.' },
      rejected: { name: 'spring_sale', body: 'Spring sale! 30% off everything until Sunday.' },
    },
    canned: [
      { title: 'Thanks for waiting', shortcut: 'thanks', text: 'Thank you for waiting. Let me check that for you.' },
      { title: 'Opening hours', shortcut: 'hours', text: 'We are open Monday to Friday, 9:00–18:00 (JST).' },
      { title: 'Return policy', shortcut: 'returns', text: 'Items can be returned within 30 days of delivery.' },
      { title: 'LINE coupon', shortcut: 'coupon', text: 'Show this chat at the store for 10% off.', lineOnly: true },
    ],
  },
  ja: {
    adminName: '鈴木 花子',
    agents: [
      { name: '田中 愛子', email: 'aiko.tanaka@example.jp' },
      { name: '森 健二', email: 'kenji.mori@example.jp' },
      { name: '佐藤 美咲', email: 'misaki.sato@example.jp', permissions: NO_UPDATE },
    ],
    channels: {
      whatsapp: 'サポート窓口',
      twilio: '法人営業',
      telegram: 'ショップボット',
      line: 'LINE 公式アカウント',
      wechat: 'WeChat 中国窓口',
    },
    customers: [
      { name: '小林 陽斗', text: '荷物がまだ届きません。注文番号 5521 です', hoursAgo: 1 },
      { name: '山田 花子', text: '青いジャケットを返品できますか？', hoursAgo: 3 },
      { name: '高橋 蓮', text: 'ありがとうございました！', hoursAgo: 30 },
      { name: '伊藤 結衣', text: '定期購入を解約したいです', hoursAgo: 50 },
      { name: '渡辺 大翔', text: 'もしもし？', hoursAgo: 80 },
    ],
    trashed: ['伊藤 結衣', '渡辺 大翔'],
    templateLanguage: 'ja',
    templates: {
      approved: {
        name: 'order_update',
        body: '{{1}} 様、ご注文 {{2}} を発送しました。明日お届け予定です。',
        params: ['高橋 蓮', '#5521'],
      },
      pending: { name: 'appointment_reminder', body: '{{1}} 様、{{2}} のご予約のお知らせです。' },
      rejected: { name: 'spring_sale', body: '春のセール！日曜日まで全品 30% オフ。' },
    },
    canned: [
      { title: 'お待たせしました', shortcut: 'matase', text: 'お待たせいたしました。ただいま確認いたします。' },
      { title: '営業時間', shortcut: 'hours', text: '営業時間は平日 9:00〜18:00 です。' },
      { title: '返品について', shortcut: 'henpin', text: '商品到着後 30 日以内であれば返品を承ります。' },
      { title: 'LINE クーポン', shortcut: 'coupon', text: '店頭でこの画面を見せると 10% 割引です。', lineOnly: true },
    ],
  },
};

export interface SeededTeam {
  readonly hub: TestHub;
  readonly data: TeamData;
  readonly channels: Readonly<Record<ChannelKind, Channel>>;
  readonly whatsapp: WhatsAppChannel;
  /** Makes the Telegram bot's token stop working and has the hub notice (for the health screen). */
  breakTelegram(): Promise<void>;
}

export function teamData(lang: Lang): TeamData {
  return TEAMS[lang];
}

async function ok(hub: TestHub, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await hub.api(method, path, { token: hub.adminToken, ...(body === undefined ? {} : { body }) });
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A hub of `world` with `lang`'s team; channels go to the world's fake providers (providerApiUrls). */
export async function seedAdminScreens(world: World, lang: Lang, publicUrl: string): Promise<SeededTeam> {
  const data = TEAMS[lang];
  const hub = await world.startHub();
  const fake: FakeProvider = world.fake;
  await ok(hub, 'PATCH', `/api/agents/${hub.admin.id}`, { name: data.adminName });
  const agents: TestAgent[] = [];
  for (const a of data.agents) {
    agents.push(
      await hub.createAgent({ name: a.name, email: a.email, ...(a.permissions ? { permissions: a.permissions } : {}) }),
    );
  }

  const wabaId = digits(15);
  const phoneNumberId = digits(15);
  const appSecret = hex(16);
  const meta = whatsappTemplatesOf(fake.state);
  const { approved, pending, rejected } = data.templates;
  const body = (text: string, examples: number) => ({
    type: 'BODY',
    text,
    ...(examples > 0
      ? { example: { body_text: [Array.from({ length: examples }, (_, i) => `example ${i + 1}`)] } }
      : {}),
  });
  const language = data.templateLanguage;
  meta.seed(wabaId, { name: approved.name, language, components: [body(approved.body, 2)] });
  meta.seed(wabaId, { name: pending.name, language, status: 'PENDING', components: [body(pending.body, 2)] });
  meta.seed(wabaId, {
    name: rejected.name,
    language,
    category: 'MARKETING',
    status: 'REJECTED',
    rejected_reason: 'INVALID_FORMAT',
    components: [body(rejected.body, 0)],
  });
  meta.linkNumber(phoneNumberId, wabaId);

  const telegramToken = `${digits(10)}:AAE${hex(16)}`;
  const lineToken = `line-${hex(16)}`;
  const lineChannelId = digits(10);
  issueLineToken(fake.state, lineToken, lineChannelId);
  const twilioNumber = `+1415${digits(7)}`;
  addTwilioNumber(fake.state, twilioNumber);
  const credentials: Record<ChannelKind, Record<string, string>> = {
    whatsapp: {
      phoneNumberId,
      wabaId,
      accessToken: `EAAG${hex(12)}`,
      appSecret,
      verifyToken: hex(12),
      displayPhoneNumber: '14155550100',
    },
    twilio: { accountSid: `AC${hex(16)}`, authToken: hex(16), from: `whatsapp:${twilioNumber}` },
    telegram: { botToken: telegramToken, secretToken: hex(12) },
    line: { channelId: lineChannelId, channelSecret: hex(16), channelAccessToken: lineToken },
    wechat: { appId: `wx${hex(8)}`, appSecret: hex(16), token: hex(8) },
  };
  const channels = {} as Record<ChannelKind, Channel>;
  for (const kind of ['whatsapp', 'twilio', 'telegram', 'line', 'wechat'] as const) {
    // The public handles customers reach them by (the fake's bot username, LINE basic ID).
    const settings =
      kind === 'telegram' ? { publicHandle: '@fake_bot' } : kind === 'line' ? { publicHandle: '@123abcde' } : {};
    const created = Channel.parse(
      await ok(hub, 'POST', '/api/channels', {
        kind,
        name: data.channels[kind],
        credentials: credentials[kind],
        settings,
      }),
    );
    channels[kind] = created;
  }
  const webhookOf = (c: Channel): string => `${publicUrl}/webhooks/${c.id}`;
  setLineWebhook(fake.state, lineToken, { endpoint: webhookOf(channels.line) });
  meta.subscribe(wabaId, { callbackUrl: `${hub.url}/webhooks/${channels.whatsapp.id}`, appSecret });

  const [aiko, kenji, misaki] = agents;
  if (!aiko || !kenji || !misaki) throw new Error('three agents expected');
  const links = [
    [channels.whatsapp, aiko],
    [channels.whatsapp, kenji],
    [channels.whatsapp, misaki],
    [channels.twilio, kenji],
    [channels.telegram, aiko],
    [channels.line, aiko],
    [channels.line, misaki],
    [channels.wechat, kenji],
  ] as const;
  await ok(hub, 'PUT', '/api/channels/links', {
    changes: links.map(([channel, agent]) => ({ channelId: channel.id, agentId: agent.agent.id, linked: true })),
  });

  await ok(hub, 'POST', `/api/channels/${channels.whatsapp.id}/credits/top-up`, { amount: 500 });
  await ok(hub, 'POST', `/api/channels/${channels.whatsapp.id}/credits/top-up`, { amount: 1000 });
  await ok(hub, 'PUT', `/api/channels/${channels.whatsapp.id}/credits/threshold`, { threshold: 100 });

  const whatsapp: WhatsAppChannel = { channel: channels.whatsapp, appSecret, phoneNumberId, hub };
  let phone = 819012340000 + randomInt(1000) * 10;
  for (const customer of data.customers) {
    phone += 1;
    await world.customerWrites(whatsapp, String(phone), customer.text, {
      name: customer.name,
      at: Date.now() - customer.hoursAgo * HOUR,
    });
  }
  const conversations = z
    .object({ items: z.array(Conversation) })
    .parse(await ok(hub, 'GET', `/api/conversations?channelId=${channels.whatsapp.id}&limit=50`)).items;
  const contactIds = new Map<string, string>();
  for (const c of conversations) {
    const contact = z.object({ id: z.string(), name: z.string().nullable() }).passthrough();
    const found = contact.parse(await ok(hub, 'GET', `/api/contacts/${c.contactId}`));
    if (found.name) contactIds.set(found.name, found.id);
  }

  // The approved template goes to a customer whose window has closed: a utility conversation is charged.
  const templates = z
    .object({ items: z.array(Template) })
    .parse(await ok(hub, 'GET', `/api/templates?channelId=${channels.whatsapp.id}`)).items;
  const orderUpdate = templates.find((t) => t.name === approved.name);
  const closed = conversations.find((c) => contactIds.get(approved.params[0] ?? '') === c.contactId);
  if (!orderUpdate || !closed) throw new Error('the approved template or its customer is missing');
  const socket = await hub.connect(aiko.token);
  const sent = await socket.command('message.send', {
    clientId: randomUUID(),
    conversationId: closed.id,
    kind: 'template',
    template: { templateId: orderUpdate.id, params: [...approved.params] },
  });
  socket.close();
  if (!sent.ok) throw new Error(`template send refused: ${JSON.stringify(sent.error)}`);

  for (const name of data.trashed) {
    const id = contactIds.get(name);
    if (!id) throw new Error(`no contact ${name}`);
    await ok(hub, 'POST', `/api/contacts/${id}/trash`);
  }

  for (const reply of data.canned) {
    await ok(hub, 'POST', '/api/canned-replies', {
      scope: 'team',
      channelId: reply.lineOnly ? channels.line.id : null,
      title: reply.title,
      shortcut: reply.shortcut,
      text: reply.text,
    });
  }

  // Every channel asked once, so the list shows them working.
  for (const channel of Object.values(channels)) await ok(hub, 'POST', `/api/channels/${channel.id}/health/check`);

  return {
    hub,
    data,
    channels,
    whatsapp,
    async breakTelegram() {
      fake.state.revokeCredential('telegram', telegramToken);
      await ok(hub, 'POST', `/api/channels/${channels.telegram.id}/health/check`);
    },
  };
}
