/**
 * The agent client's preload, rebuilt for a plain Chromium page: Debian's
 * Chromium (headless) loads the built renderer, and `window.api` is a proxy
 * whose every call crosses `page.exposeBinding` into the REAL client service
 * through the same guard the IPC handlers use (`callApi`) and resolves its
 * ApiResult as it is, like the preload; the renderer unwraps it
 * (unwrap-api.ts). Playwright carries a Uint8Array as bytes both ways, as
 * Electron's IPC does: files the composer sends, and answers such as the
 * admin console's QR code images (`answer: 'bytes'`) arrive in the page as a
 * Uint8Array. Pushes go the other way with `page.evaluate`. Shared by
 * the e2e harness and the renderer benchmarks.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { API_METHOD_NAMES } from '../../src/shared/api-methods.js';
import type { ClientEvent } from '../../src/shared/api.js';
import type { ClientService } from '../../src/main/core/client-service.js';
import { callApi } from '../../src/main/core/ipc-guard.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Runs in the page before any app script: builds `window.api` over the binding. */
const API_BRIDGE_SCRIPT = `(() => {
  const listeners = new Set();
  const api = {};
  for (const method of ${JSON.stringify(API_METHOD_NAMES)}) {
    api[method] = (...args) => window.__switchboardCall(method, args);
  }
  api.onEvent = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  Object.defineProperty(window, '__switchboardPush', {
    value: (event) => { for (const listener of listeners) listener(event); },
  });
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
})();`;

/**
 * Binds `window.api` of every document the page loads to `service`; returns
 * the function that stops forwarding pushes. `onLostPush` hears of pushes that
 * could not reach the page (it was navigating or closed).
 */
export async function bindClientService(
  page: Page,
  service: ClientService,
  onLostPush: (event: ClientEvent, error: unknown) => void,
): Promise<() => void> {
  await page.exposeBinding('__switchboardCall', (_source, method: unknown, args: unknown) =>
    callApi(service, method, args),
  );
  await page.addInitScript({ content: API_BRIDGE_SCRIPT });
  return service.onEvent((event: ClientEvent) => {
    page.evaluate(`window.__switchboardPush?.(${JSON.stringify(event)})`).catch((error: unknown) => {
      onLostPush(event, error);
    });
  });
}
