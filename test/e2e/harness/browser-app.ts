/**
 * The agent client as Electron would run it, minus Electron: the built
 * renderer in Chromium with `window.api` bound to the REAL client service
 * (test/helpers/api-bridge.ts). Each app gets its own data folder, service and
 * browser context.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import type { Logger } from '../../../src/main/core/logger.js';
import { bindClientService, launchChromium } from '../../helpers/api-bridge.js';
import { fileTokenStore } from '../../helpers/client.js';
import type { AppServer } from './app-server.js';

export const launchBrowser = launchChromium;

export interface AgentApp {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly service: ClientService;
  readonly dataDir: string;
  /** Pushes that could not reach the page (it was navigating or closed), for debugging. */
  readonly lostPushes: string[];
  /** The client core's warnings and errors, to explain a failure. */
  readonly log: string[];
  /** What the page's Content Security Policy refused, as Chromium reports it on the console. */
  readonly cspViolations: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  readonly browser: Browser;
  readonly server: AppServer;
  /** Lets the app server find this service's cached attachments. */
  readonly attach: (service: ClientService | null) => void;
  readonly locale?: string;
  /** The window size; 1280×800 unless a test checks another (the admin screens: 1280×720). */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** What the system asks for; the app's theme follows it until the agent picks one (light unless a test checks dark). */
  readonly colorScheme?: 'light' | 'dark';
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
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
  const lostPushes: string[] = [];
  const unsubscribe = await bindClientService(page, service, (event, error) => {
    lostPushes.push(`${event.type}: ${error instanceof Error ? error.message : String(error)}`);
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
    cspViolations,
    async close() {
      unsubscribe();
      await context.close();
      await service.stop();
      options.attach(null);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
