/**
 * The screenshots README and the docs show, taken from the built renderer in Chromium against a
 * real hub with a team's worth of conversations: at 1280×720 and 1920×1080, in English and
 * Japanese — the inbox, a conversation with media, the template panel over a closed WhatsApp
 * window, the reassign dialog, a bulk selection and the app offline. Each screen is checked for
 * what it must show before it is photographed, so a broken screen fails here instead of landing
 * as a picture.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { approvedWhatsappTemplate } from '../helpers/whatsapp-templates.js';
import type { AgentApp } from './harness/browser-app.js';
import {
  bubble,
  inboxRow,
  openConversation,
  pageCondition,
  screenshot,
  signInCaughtUp,
} from './harness/agent-steps.js';
import { makePdf, makePng, recordWebm } from './harness/media-fixtures.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
let app: AgentApp | null = null;
let templateId = '';
let halted = false;

const WORDS = {
  en: {
    closed: /24-hour WhatsApp session window has closed/,
    template: 'Template',
    reassign: 'Assign conversation',
    kenji: 'Assign to Kenji Mori',
    offline: /Offline|Reconnecting/,
    waiting: 'Replies waiting to send: 1',
    reply: 'Reply',
    select: (name: string) => `Select ${name}`,
    selected: '3 selected',
    selection: 'Selection',
    clear: 'Clear selection',
  },
  ja: {
    closed: /24 時間|24時間/,
    template: 'テンプレート',
    reassign: '担当者の変更',
    kenji: 'Kenji Mori に割り当て',
    offline: /オフライン|再接続/,
    waiting: '送信待ちの返信 1 件',
    reply: '返信',
    select: (name: string) => `${name} を選択`,
    selected: '3 件選択中',
    selection: '選択',
    clear: '選択を解除',
  },
} as const;

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  const kenji = await world.createAgent('Kenji Mori');
  tokyo = await world.createWhatsAppChannel({
    name: 'Tokyo Support',
    linkAgentIds: [aiko.agent.id, kenji.agent.id],
    credits: 1_200,
  });
  const osaka = await world.createWhatsAppChannel({ name: 'Osaka Support', linkAgentIds: [aiko.agent.id] });
  ({ id: templateId } = await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
    name: 'delivery_follow_up',
    language: 'en',
    body: 'Hello {{1}}, this is {{2}} following up on your delivery.',
    placeholders: ['contact.name', 'agent.name'],
  }));

  const now = Date.now();
  await world.customerWrites(tokyo, '819030000001', 'Thanks, that is all for now.', {
    name: 'Kaito Suzuki',
    at: now - 26 * HOUR,
  });
  await world.customerWrites(osaka, '819030000002', '請求書の宛名を変更できますか？', {
    name: '中村 美咲',
    at: now - 3 * HOUR,
  });
  await world.customerWrites(tokyo, '819030000003', 'Can I change the delivery address?', {
    name: 'Olivia Brown',
    at: now - 40 * MINUTE,
  });
  await world.customerWrites(tokyo, '819030000004', '注文番号 A-2077 の配送状況を教えてください', {
    name: '小林 陽斗',
    at: now - 12 * MINUTE,
  });
  const video = await recordWebm(world.browser);
  const media = '819030000005';
  await world.customerWrites(tokyo, media, '届いた箱が潰れていました。写真と動画を送ります。', { name: '山田 花子' });
  await world.customerSends(
    tokyo,
    media,
    { type: 'image', bytes: makePng(480, 360), mimeType: 'image/png', caption: '外箱' },
    '山田 花子',
  );
  await world.customerSends(
    tokyo,
    media,
    { type: 'video', bytes: video, mimeType: 'video/webm', fileName: 'unboxing.webm' },
    '山田 花子',
  );
  await world.customerSends(
    tokyo,
    media,
    { type: 'document', bytes: makePdf('Invoice 2077'), mimeType: 'application/pdf', fileName: 'invoice-2077.pdf' },
    '山田 花子',
  );
  await world.customerWrites(tokyo, '819030000006', 'Where is my refund? It has been two weeks.', {
    name: 'Emma Clark',
  });
});

afterEach(async () => {
  if (halted) await world.hub.resume();
  halted = false;
  await app?.close();
  app = null;
});

afterAll(async () => {
  await world?.stop();
});

describe.each([
  [1280, 720, 'en-US', 'en'],
  [1280, 720, 'ja-JP', 'ja'],
  [1920, 1080, 'en-US', 'en'],
  [1920, 1080, 'ja-JP', 'ja'],
] as const)('screens at %i×%i (%s)', (width, height, locale, lang) => {
  const size = `${width}x${height}`;
  const words = WORDS[lang];

  it('inbox, conversation with media, template panel, reassign, bulk selection and offline', async () => {
    app = await world.openApp(locale, { width, height });
    const { page } = app;
    await signInCaughtUp(app, world.hub.url, aiko, locale);
    await inboxRow(page, 'Emma Clark').waitFor();

    await openConversation(page, '小林 陽斗');
    await shot(page, `inbox-${size}-${lang}`);

    await openConversation(page, '山田 花子');
    await pageCondition(page, `document.querySelector('video.video-preview')?.readyState >= 1`);
    await pageCondition(page, `[...document.querySelectorAll('img')].some((i) => i.complete && i.naturalWidth > 0)`);
    await page.getByText(lang === 'ja' ? /PDF 1 \/ 1/ : 'PDF page 1 of 1').waitFor();
    await shot(page, `conversation-${size}-${lang}`);

    await openConversation(page, 'Kaito Suzuki');
    await page.getByText(words.closed).first().waitFor();
    await page.getByRole('combobox', { name: words.template }).selectOption(templateId);
    await page.getByTestId('template-preview').waitFor();
    await shot(page, `template-panel-${size}-${lang}`);

    await openConversation(page, 'Olivia Brown');
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: words.reassign });
    await dialog.getByRole('button', { name: words.kenji }).waitFor();
    await shot(page, `reassign-${size}-${lang}`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('checkbox', { name: words.select('小林 陽斗') }).click();
    await page.getByRole('checkbox', { name: words.select('中村 美咲') }).click({ modifiers: ['Shift'] });
    const bar = page.getByRole('region', { name: words.selection });
    await bar.getByText(words.selected).waitFor();
    await shot(page, `bulk-selection-${size}-${lang}`);
    await bar.getByRole('button', { name: words.clear }).click();
    await bar.waitFor({ state: 'hidden' });

    await openConversation(page, 'Emma Clark');
    await world.hub.halt();
    halted = true;
    const banner = page.locator('.connection-banner');
    await banner.getByText(words.offline).waitFor();
    await page
      .getByRole('textbox', { name: words.reply })
      .fill(lang === 'ja' ? '確認してご連絡します。' : 'Checking with the warehouse now.');
    await page.keyboard.press('Enter');
    await banner.getByText(words.waiting).waitFor();
    await shot(page, `offline-${size}-${lang}`);
    await world.hub.resume();
    halted = false;
    await bubble(page, lang === 'ja' ? '確認してご連絡します。' : 'Checking with the warehouse now.')
      .locator('[data-state="sent"]')
      .waitFor({ timeout: 60_000 });
  });
});

/** A screen is photographed only while the app shell fits the window (nothing cut off, nothing scrolled). */
async function shot(page: AgentApp['page'], name: string): Promise<void> {
  const shell = await page.evaluate(
    '({ scroll: document.scrollingElement.scrollHeight - document.scrollingElement.clientHeight, top: document.scrollingElement.scrollTop })',
  );
  expect(shell, `${name}: the window itself scrolls`).toEqual({ scroll: 0, top: 0 });
  await screenshot(page, name);
}
