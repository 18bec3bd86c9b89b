/**
 * The thread keeps its space (issue 13 §2): at 1280×720 and 1280×800, with the
 * template form open, the window never scrolls, the top bar is whole and the
 * thread keeps at least 200 px; the conversation header is one line, with
 * assignment and labels in a side panel that can be hidden (remembered after a
 * reload); the thread has day separators and times with the full date on
 * hover; a URL a customer writes is a link that goes to the shell, never a
 * navigation; Japanese tab labels stay on one line.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestAgent } from '../helpers/hub.js';
import { approvedWhatsappTemplate } from '../helpers/whatsapp-templates.js';
import { expectAccessible } from './harness/accessibility.js';
import type { AgentApp } from './harness/browser-app.js';
import { SIGN_IN_LABELS, bubble, eventually, inboxRow, openConversation, signIn } from './harness/agent-steps.js';
import { startWorld, type WhatsAppChannel, type World } from './harness/world.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let world: World;
let aiko: TestAgent;
let tokyo: WhatsAppChannel;
let templateId = '';
let app: AgentApp | null = null;
let customer = 819066660000;

function nextCustomer(): string {
  customer += 1;
  return String(customer);
}

beforeAll(async () => {
  world = await startWorld();
  aiko = await world.createAgent('Aiko Tanaka');
  tokyo = await world.createWhatsAppChannel({ name: 'Tokyo Support', linkAgentIds: [aiko.agent.id] });
  const template = await approvedWhatsappTemplate(world.hub.hub, tokyo.channel.id, {
    name: 'order_follow_up',
    language: 'en',
    body: 'Hello {{1}}, this is {{2}} about your order {{3}}. Reply here if anything is missing.',
    placeholders: ['contact.name', 'agent.name', 'custom'],
  });
  templateId = template.id;
});

afterEach(async () => {
  await app?.close();
  app = null;
});

afterAll(async () => {
  await world?.stop();
});

async function signedInApp(
  locale: string,
  viewport = { width: 1280, height: 800 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<AgentApp> {
  const opened = await world.openApp(locale, viewport, { colorScheme });
  app = opened;
  await signIn(opened.page, world.hub.url, aiko, locale.startsWith('ja') ? SIGN_IN_LABELS.ja : SIGN_IN_LABELS.en);
  await eventually('the client to catch up', async () => {
    const state = await opened.service.getConnection();
    return state.status === 'online' && state.lastSyncedAt !== null;
  });
  return opened;
}

/** Opens a contact's conversation once its row shows `latest` (rows move while messages arrive). */
async function openWhenShown(a: AgentApp, name: string, latest: string): Promise<void> {
  await inboxRow(a.page, name).filter({ hasText: latest }).waitFor();
  await openConversation(a.page, name);
}

interface Space {
  scrollHeight: number;
  clientHeight: number;
  topBarTop: number;
  topBarBottom: number;
  threadHeight: number;
  headerLines: number;
  viewportHeight: number;
}

/** What the window shows: whether it scrolls, where the top bar is, how tall the thread is, the header's lines. */
async function space(a: AgentApp): Promise<Space> {
  const measured: unknown = await a.page.evaluate(`(() => {
    const root = document.scrollingElement;
    const bar = document.querySelector('.top-bar').getBoundingClientRect();
    const thread = document.querySelector('.message-list').getBoundingClientRect();
    const header = document.querySelector('.conversation-header');
    const tops = new Set([...header.children].filter((c) => c.getBoundingClientRect().height > 0)
      .map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)));
    const lines = [...tops].sort((x, y) => x - y).filter((top, i, all) => i === 0 || top - all[i - 1] > 8).length;
    return {
      scrollHeight: root.scrollHeight,
      clientHeight: root.clientHeight,
      topBarTop: bar.top,
      topBarBottom: bar.bottom,
      threadHeight: Math.min(thread.bottom, window.innerHeight) - Math.max(thread.top, 0),
      headerLines: lines,
      viewportHeight: window.innerHeight,
    };
  })()`);
  return measured as Space;
}

describe('the thread keeps its space', () => {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1280, height: 800 },
  ]) {
    it(`at ${viewport.width}×${viewport.height} the template form leaves the thread visible and the window never scrolls`, async () => {
      const a = await signedInApp('en-US', viewport);
      const from = nextCustomer();
      const name = `Haruto Mori ${viewport.height}`;
      for (const [i, text] of ['Where is my order?', 'It was due last week.', 'Order 4417.'].entries()) {
        await world.customerWrites(tokyo, from, text, { name, at: Date.now() - 26 * HOUR + i * 1000 });
      }
      await openWhenShown(a, name, 'Order 4417.');
      await a.page.getByText(/24-hour WhatsApp session window has closed/).waitFor();
      await a.page.getByRole('combobox', { name: 'Template' }).selectOption(templateId);
      await a.page.getByTestId('template-preview').waitFor();

      const shown = await space(a);
      expect(shown.scrollHeight).toBe(shown.clientHeight);
      expect(shown.topBarTop).toBe(0);
      expect(shown.topBarBottom).toBeLessThan(shown.viewportHeight);
      expect(shown.threadHeight).toBeGreaterThanOrEqual(200);
      expect(shown.headerLines).toBe(1);
      // The form scrolls inside its panel: Send template is reachable without scrolling the window.
      await a.page.getByRole('button', { name: 'Send template' }).scrollIntoViewIfNeeded();
      expect((await space(a)).scrollHeight).toBe(shown.clientHeight);
      expect(await a.page.evaluate('document.scrollingElement.scrollTop')).toBe(0);
      await expectAccessible(a.page, `conversation with the template form at ${viewport.height}`);
    });
  }

  it('assignment and labels live in the side panel, which the Details button hides, remembered after a reload', async () => {
    const a = await signedInApp('en-US', { width: 1280, height: 720 });
    await world.customerWrites(tokyo, nextCustomer(), 'Can I change my delivery address?', { name: 'Yui Kato' });
    await openWhenShown(a, 'Yui Kato', 'Can I change my delivery address?');
    const header = a.page.locator('.conversation-header');
    const panel = a.page.locator('.side-panel');
    expect(await header.getByRole('button', { name: /Assign/ }).count()).toBe(0);
    expect(await header.getByRole('textbox', { name: 'Add label' }).count()).toBe(0);
    await panel.getByRole('button', { name: /· Assign…/ }).waitFor();
    await panel.getByRole('textbox', { name: 'Add label' }).waitFor();
    await panel.getByRole('complementary', { name: 'Contact' }).waitFor();
    expect((await space(a)).headerLines).toBe(1);

    const toggle = header.getByRole('button', { name: 'Details' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const threadBefore = (await space(a)).threadHeight;
    const widthBefore = await a.page.evaluate("document.querySelector('.message-list').clientWidth");
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await panel.isVisible()).toBe(false);
    const widthAfter = await a.page.evaluate("document.querySelector('.message-list').clientWidth");
    expect(Number(widthAfter)).toBeGreaterThan(Number(widthBefore) + 200);
    expect((await space(a)).threadHeight).toBeGreaterThanOrEqual(threadBefore);
    await expectAccessible(a.page, 'conversation with the side panel hidden');

    await a.page.reload();
    await inboxRow(a.page, 'Yui Kato').waitFor();
    await openConversation(a.page, 'Yui Kato');
    const again = a.page.locator('.conversation-header').getByRole('button', { name: 'Details' });
    expect(await again.getAttribute('aria-expanded')).toBe('false');
    expect(await a.page.locator('.side-panel').isVisible()).toBe(false);
    await again.click();
    await a.page
      .locator('.side-panel')
      .getByRole('button', { name: /Assign…/ })
      .waitFor();
    expect(await again.getAttribute('aria-expanded')).toBe('true');
  });
});

describe('days and links in the thread', () => {
  /** The date the separator shows for a day that is neither today nor yesterday, as the app's Tokyo agent sees it. */
  const tokyoDay = (at: number, locale: string, month: 'long' | 'short') =>
    new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month,
      day: 'numeric',
      weekday: 'short',
    }).format(new Date(at));

  it('separates days (Today, Yesterday, a date) and shows only the time on messages, the full date on hover', async () => {
    const a = await signedInApp('en-US');
    const from = nextCustomer();
    const now = Date.now();
    const earlier = now - 3 * DAY;
    await world.customerWrites(tokyo, from, 'First question', { name: 'Sora Abe', at: earlier });
    await world.customerWrites(tokyo, from, 'Second question', { name: 'Sora Abe', at: now - DAY });
    await world.customerWrites(tokyo, from, 'Third question', { name: 'Sora Abe', at: now - 60_000 });
    await openWhenShown(a, 'Sora Abe', 'Third question');
    await bubble(a.page, 'Third question').waitFor();
    await bubble(a.page, 'First question').waitFor();

    const separators = await a.page.locator('.message-list .day-separator').allTextContents();
    expect(separators).toEqual([tokyoDay(earlier, 'en-US', 'short'), 'Yesterday', 'Today']);
    const time = bubble(a.page, 'Third question').locator('time');
    const full = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', dateStyle: 'full', timeStyle: 'short' });
    const clock = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });
    const written = Math.floor((now - 60_000) / 1000) * 1000;
    expect(await time.getAttribute('title')).toBe(full.format(written));
    expect(await time.locator('[aria-hidden="true"]').textContent()).toBe(clock.format(written));
    // Screen readers hear the full date, not only the time.
    expect(await time.locator('.sr-only').textContent()).toBe(full.format(written));
    await expectAccessible(a.page, 'thread with day separators');
  });

  it('in Japanese the separators say 今日, 昨日 and the date with its weekday', async () => {
    const a = await signedInApp('ja-JP');
    const from = nextCustomer();
    const now = Date.now();
    const earlier = now - 2 * DAY;
    await world.customerWrites(tokyo, from, '一つ目の質問', { name: '阿部 空', at: earlier });
    await world.customerWrites(tokyo, from, '二つ目の質問', { name: '阿部 空', at: now - DAY });
    await world.customerWrites(tokyo, from, '三つ目の質問', { name: '阿部 空', at: now - 60_000 });
    await openWhenShown(a, '阿部 空', '三つ目の質問');
    await bubble(a.page, '一つ目の質問').waitFor();
    const separators = await a.page.locator('.message-list .day-separator').allTextContents();
    expect(separators).toEqual([tokyoDay(earlier, 'ja-JP', 'long'), '昨日', '今日']);
    expect(separators[0]).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日\(.\)$/u);
  });

  it('a URL a customer writes is a link the shell opens; the page never navigates', async () => {
    const a = await signedInApp('en-US');
    const opened: string[] = [];
    const stop = a.service.onExternalLink((url) => opened.push(url));
    await world.customerWrites(
      tokyo,
      nextCustomer(),
      'Tracking: https://example.com/track?id=4417. 「https://example.jp/faq」をご覧ください。 Not a link: javascript:alert(1)',
      { name: 'Ren Ogawa' },
    );
    await openWhenShown(a, 'Ren Ogawa', 'Tracking:');
    const message = bubble(a.page, 'Tracking:');
    const links = message.getByRole('link');
    await links.first().waitFor();
    expect(await links.allTextContents()).toEqual(['https://example.com/track?id=4417', 'https://example.jp/faq']);
    const before = a.page.url();

    await message.getByRole('link', { name: 'https://example.com/track?id=4417' }).click();
    await eventually('the shell to be asked to open the link', () => opened.length > 0);
    expect(opened).toEqual(['https://example.com/track?id=4417']);
    expect(a.page.url()).toBe(before);
    expect(a.context.pages()).toHaveLength(1);
    await bubble(a.page, 'Tracking:').waitFor();
    stop();
    await expectAccessible(a.page, 'thread with links');
  });
});

describe('in the dark theme', () => {
  it('the conversation with its side panel, day separators, links and the template panel passes axe', async () => {
    const a = await signedInApp('ja-JP', { width: 1280, height: 720 }, 'dark');
    const from = nextCustomer();
    await world.customerWrites(tokyo, from, '昨日の件です', { name: '中村 蓮', at: Date.now() - 26 * HOUR });
    await world.customerWrites(tokyo, from, '詳細は https://example.jp/faq をご覧ください。', {
      name: '中村 蓮',
      at: Date.now() - 25 * HOUR,
    });
    await openWhenShown(a, '中村 蓮', '詳細は');
    await a.page.getByRole('link', { name: 'https://example.jp/faq' }).waitFor();
    await a.page.locator('.composer-closed').waitFor();
    expect(
      await a.page.evaluate(
        'document.documentElement.style.colorScheme || getComputedStyle(document.documentElement).colorScheme',
      ),
    ).toBe('dark');
    const shown = await space(a);
    expect(shown.scrollHeight).toBe(shown.clientHeight);
    expect(shown.threadHeight).toBeGreaterThanOrEqual(200);
    await expectAccessible(a.page, 'conversation (ja, dark)');
  });
});

describe('Japanese inbox toolbar', () => {
  it('tab labels never break mid-word and the channel filter is not cut off', async () => {
    const a = await signedInApp('ja-JP', { width: 1280, height: 720 });
    const tabs: unknown = await a.page
      .evaluate(`[...document.querySelectorAll('.view-tabs [role="tab"]')].filter((tab) => tab.textContent).map((tab) => {
      const range = document.createRange();
      range.selectNodeContents(tab);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      const lineHeight = parseFloat(getComputedStyle(tab).lineHeight);
      return { text: tab.textContent, lines, height: range.getBoundingClientRect().height, lineHeight };
    })`);
    const measured = tabs as { text: string; lines: number; height: number; lineHeight: number }[];
    expect(measured.map((tab) => tab.text)).toContain('自分の担当');
    for (const tab of measured) {
      expect(tab.lines, tab.text).toBe(1);
      expect(tab.height, tab.text).toBeLessThanOrEqual(tab.lineHeight + 1);
    }
    const filter: unknown = await a.page.evaluate(`(() => {
      const select = document.querySelector('.filters select');
      const text = select.options[select.selectedIndex].text;
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(select).font;
      probe.style.whiteSpace = 'nowrap';
      probe.textContent = text;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      return { text, needed, width: select.clientWidth, label: select.getAttribute('aria-label') };
    })()`);
    const channel = filter as { text: string; needed: number; width: number; label: string };
    expect(channel.label).toBe('チャネル');
    expect(channel.text).toBe('すべてのチャネル');
    // The select's box holds the text plus its arrow and padding.
    expect(channel.width).toBeGreaterThan(channel.needed + 24);
    await expectAccessible(a.page, 'Japanese inbox');
  });
});
