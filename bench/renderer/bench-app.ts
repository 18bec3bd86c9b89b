/**
 * The agent client's renderer in headless Chromium with `window.api` bound to
 * a real client service through the same guard the IPC handlers use
 * (callApi), as the e2e harness does, but on the bench's large warm cache.
 * An init script records when the first inbox row appears.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { API_METHOD_NAMES } from '../../src/shared/api-methods.js';
import type { ClientEvent } from '../../src/shared/api.js';
import { AppError } from '../../src/shared/errors.js';
import { createClientService, type ClientService } from '../../src/main/core/client-service.js';
import { callApi } from '../../src/main/core/ipc-guard.js';
import { fileTokenStore } from '../../test/helpers/client.js';
import type { BigCache } from '../data/big-cache.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const INBOX_ROW = '[data-conversation-id]';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

const INIT_SCRIPT = `(() => {
  const listeners = new Set();
  const api = {};
  for (const method of ${JSON.stringify(API_METHOD_NAMES)}) {
    api[method] = async (...args) => {
      const result = await window.__switchboardCall(method, args);
      if (result.ok) return result.value;
      const error = new Error(result.error.message);
      error.code = result.error.code;
      throw error;
    };
  }
  api.onEvent = (listener) => { listeners.add(listener); return () => listeners.delete(listener); };
  Object.defineProperty(window, '__switchboardPush', { value: (event) => { for (const l of listeners) l(event); } });
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
  // First paint of the inbox: the moment the first conversation row is in the DOM.
  new MutationObserver((_records, observer) => {
    if (document.querySelector(${JSON.stringify(INBOX_ROW)})) {
      window.__firstRowAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

async function call(service: ClientService, method: unknown, args: unknown): Promise<CallResult> {
  try {
    return { ok: true, value: await callApi(service, String(method), args) };
  } catch (error) {
    const body = error instanceof AppError ? error.toBody() : { code: 'INTERNAL', message: String(error) };
    return { ok: false, error: { code: body.code, message: body.message } };
  }
}

export interface BenchApp {
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens the app on the large cache; the page is loaded and the service started. */
export async function openBenchApp(browser: Browser, url: string, big: BigCache): Promise<BenchApp> {
  const service = createClientService({
    dataDir: big.dataDir,
    tokenStore: fileTokenStore(big.sessionFile),
    mediaUrlFor: (id) => `${url}/media/${encodeURIComponent(id)}`,
  });
  await service.start();
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.exposeBinding('__switchboardCall', (_source, method: unknown, args: unknown) =>
    call(service, method, args),
  );
  await page.addInitScript({ content: INIT_SCRIPT });
  const unsubscribe = service.onEvent((event: ClientEvent) => {
    // A push lost while the page navigates is harmless here: the page re-reads on load.
    page.evaluate(`window.__switchboardPush?.(${JSON.stringify(event)})`).catch(() => undefined);
  });
  return {
    page,
    async close() {
      unsubscribe();
      await context.close();
      await service.stop();
    },
  };
}

/** Loads the app and resolves with the ms from navigation start to the first inbox row. */
export async function loadInbox(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/index.html`);
  await page.waitForSelector(INBOX_ROW, { timeout: 60_000 });
  const at: unknown = await page.evaluate('window.__firstRowAt');
  if (typeof at !== 'number') throw new Error('the first inbox row was not recorded');
  return at;
}
