/**
 * The agent client's renderer in headless Chromium with `window.api` bound to
 * a real client service through the same guard the IPC handlers use
 * (callApi), as the e2e harness does, but on the bench's large warm cache.
 * An init script records when the first inbox row appears.
 */
import type { Browser, Page } from 'playwright-core';
import { createClientService } from '../../src/main/core/client-service.js';
import { bindClientService } from '../../test/helpers/api-bridge.js';
import { fileTokenStore } from '../../test/helpers/client.js';
import type { BigCache } from '../data/big-cache.js';

export const INBOX_ROW = '[data-conversation-id]';

/** First paint of the inbox: the moment the first conversation row is in the DOM. */
const FIRST_ROW_SCRIPT = `(() => {
  new MutationObserver((_records, observer) => {
    if (document.querySelector(${JSON.stringify(INBOX_ROW)})) {
      window.__firstRowAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

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
  // A push lost while the page navigates is harmless here: the page re-reads on load.
  const unsubscribe = await bindClientService(page, service, () => undefined);
  await page.addInitScript({ content: FIRST_ROW_SCRIPT });
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
