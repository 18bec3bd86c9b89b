/** What an agent does in the app, as Playwright steps; every wait is on something visible, with a deadline. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TestAgent } from '../../helpers/hub.js';
import type { AgentApp } from './browser-app.js';

export const SCREENSHOT_DIR = resolve('docs/screenshots');

export interface SignInLabels {
  readonly hub: string;
  readonly email: string;
  readonly password: string;
  readonly submit: string;
  readonly search: string;
}

export async function signIn(
  page: Page,
  hubUrl: string,
  agent: TestAgent,
  labels: SignInLabels = SIGN_IN_LABELS.en,
): Promise<void> {
  await page.getByLabel(labels.hub).fill(hubUrl);
  await page.getByLabel(labels.email).fill(agent.email);
  await page.getByLabel(labels.password).fill(agent.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await page.getByRole('searchbox', { name: labels.search }).waitFor();
}

export const SIGN_IN_LABELS: Readonly<Record<'en' | 'ja', SignInLabels>> = {
  en: { hub: 'Hub address', email: 'Email', password: 'Password', submit: 'Sign in', search: 'Search messages' },
  ja: {
    hub: 'ハブのアドレス',
    email: 'メールアドレス',
    password: 'パスワード',
    submit: 'サインイン',
    search: 'メッセージを検索',
  },
};

/**
 * Signs `agent` in to the hub at `hubUrl` in the words of the app's `locale`, then waits until
 * the client is connected and caught up: from here on the agent is online (and can be assigned).
 * A client that never catches up fails with its core's log.
 */
export async function signInCaughtUp(app: AgentApp, hubUrl: string, agent: TestAgent, locale = 'en-US'): Promise<void> {
  await signIn(app.page, hubUrl, agent, locale.startsWith('ja') ? SIGN_IN_LABELS.ja : SIGN_IN_LABELS.en);
  await eventually('the client to catch up', async () => {
    const state = await app.service.getConnection();
    const sync = app.service.account()?.sync;
    return state.status === 'online' && state.lastSyncedAt !== null && sync !== undefined && !sync.isCatchingUp;
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${app.log.join('\n')}`);
  });
}

/** The inbox row of a contact (rows are buttons inside the virtual list). */
export function inboxRow(page: Page, contactName: string): Locator {
  return page.locator('.inbox-row', { hasText: contactName });
}

export async function openConversation(page: Page, contactName: string): Promise<void> {
  await inboxRow(page, contactName).click();
  await page.locator('.conversation-header h2', { hasText: contactName }).waitFor();
}

/** A message bubble containing `text`. */
export function bubble(page: Page, text: string): Locator {
  return page.locator('article.message', { hasText: text });
}

/** Screenshots show the screen itself: pending notification toasts are dismissed first. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const toasts = page.locator('.toast');
  while ((await toasts.count()) > 0) await toasts.first().locator('.icon-button').click();
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`) });
}

/** Polls a condition with a deadline (for state outside the page: hub, fake provider). */
export async function eventually<T>(
  what: string,
  read: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Waits until a page-side expression is truthy. Evaluated through the
 * DevTools protocol from Node, because the app's CSP (rightly) forbids the
 * eval that page.waitForFunction would use inside the page.
 */
export async function pageCondition(page: Page, expression: string, timeoutMs = 20_000): Promise<void> {
  await eventually(expression, async () => Boolean(await page.evaluate(expression)), timeoutMs);
}
