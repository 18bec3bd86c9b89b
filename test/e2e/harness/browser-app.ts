/**
 * The agent client as Electron would run it, minus Electron: Debian's
 * Chromium (headless) loads the built renderer, and `window.api` is a proxy
 * whose every call crosses `page.exposeBinding` into the REAL client service
 * through the same guard the IPC handlers use (`callApi`). Pushes go the other
 * way with `page.evaluate`. Each app gets its own data folder, service and
 * browser context.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { API_METHOD_NAMES } from '../../../src/shared/api-methods.js';
import type { ClientEvent } from '../../../src/shared/api.js';
import { AppError } from '../../../src/shared/errors.js';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import type { Logger } from '../../../src/main/core/logger.js';
import { fileTokenStore } from '../../helpers/client.js';
import type { AppServer } from './app-server.js';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Runs in the page before any app script: builds `window.api` over the binding. */
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
  api.onEvent = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  Object.defineProperty(window, '__switchboardPush', {
    value: (event) => { for (const listener of listeners) listener(event); },
  });
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
})();`;

type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export interface AgentApp {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly service: ClientService;
  readonly dataDir: string;
  /** Pushes that could not reach the page (it was navigating or closed), for debugging. */
  readonly lostPushes: string[];
  /** The client core's warnings and errors, to explain a failure. */
  readonly log: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  readonly browser: Browser;
  readonly server: AppServer;
  /** Lets the app server find this service's cached attachments. */
  readonly attach: (service: ClientService | null) => void;
  readonly locale?: string;
}

async function call(service: ClientService, method: unknown, args: unknown): Promise<CallResult> {
  try {
    return { ok: true, value: await callApi(service, String(method), args) };
  } catch (error) {
    // The renderer reads the code, as it does from Electron's IPC errors.
    const body =
      error instanceof AppError
        ? error.toBody()
        : { code: 'INTERNAL', message: error instanceof Error ? error.message : '' };
    return { ok: false, error: { code: body.code, message: body.message } };
  }
}

export async function openAgentApp(options: OpenAppOptions): Promise<AgentApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-e2e-client-'));
  const log: string[] = [];
  const record =
    (level: string) =>
    (fields: object, message?: string): void =>
      void log.push(`${level} ${message ?? ''} ${JSON.stringify(fields)}`);
  const logger: Logger = { debug: () => undefined, info: record('info'), warn: record('warn'), error: record('error') };
  const service = createClientService({
    logger,
    dataDir: join(dataDir, 'accounts'),
    tokenStore: fileTokenStore(join(dataDir, 'session.json')),
    mediaUrlFor: options.server.mediaUrlFor,
  });
  options.attach(service);
  const locale = options.locale ?? 'en-US';
  const context = await options.browser.newContext({
    locale,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  const lostPushes: string[] = [];
  await page.exposeBinding('__switchboardCall', (_source, method: unknown, args: unknown) =>
    call(service, method, args),
  );
  await page.addInitScript({ content: INIT_SCRIPT });
  const unsubscribe = service.onEvent((event: ClientEvent) => {
    page.evaluate(`window.__switchboardPush?.(${JSON.stringify(event)})`).catch((error: unknown) => {
      lostPushes.push(`${event.type}: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await service.start();
  await page.goto(`${options.server.url}/index.html`);
  return {
    page,
    context,
    service,
    dataDir,
    lostPushes,
    log,
    async close() {
      unsubscribe();
      await context.close();
      await service.stop();
      options.attach(null);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
