/**
 * The lifecycle an agent-app e2e file shares: its world started once and stopped after its tests,
 * every app a test opened closed after that test, and customers' numbers handed out in turn.
 */
import { afterAll, afterEach } from 'vitest';
import type { TestAgent } from '../../helpers/hub.js';
import { signInCaughtUp } from './agent-steps.js';
import type { AgentApp } from './browser-app.js';
import { startWorld, type World, type WorldOptions } from './world.js';

export interface AppOptions {
  readonly locale?: string;
  readonly viewport?: { width: number; height: number };
  readonly colorScheme?: 'light' | 'dark';
}

export interface E2eFile {
  /** Starts the file's world (call it in `beforeAll`); it is stopped after the file's tests. */
  start(options?: WorldOptions): Promise<World>;
  /** Opens the app (closed after the test), signs `agent` in and waits until the client has caught up. */
  signedIn(agent: TestAgent, options?: AppOptions): Promise<AgentApp>;
}

/** Registers the file's `afterEach` and `afterAll`; call it once at the top of the file. */
export function e2eFile(): E2eFile {
  let world: World | null = null;
  const open: AgentApp[] = [];
  afterEach(async () => {
    for (const app of open.splice(0)) await app.close();
  });
  afterAll(async () => {
    await world?.stop();
  });
  return {
    async start(options) {
      world = await startWorld(options);
      return world;
    },
    async signedIn(agent, options = {}) {
      if (!world) throw new Error('e2eFile: start() the world in beforeAll first');
      const locale = options.locale ?? 'en-US';
      const app = await world.openApp(locale, options.viewport, { colorScheme: options.colorScheme ?? 'light' });
      open.push(app);
      await signInCaughtUp(app, world.hub.url, agent, locale);
      return app;
    },
  };
}

/** Customer phone numbers from `first + 1` on, one per call, so no two tests share a customer. */
export function customerNumbers(first: number): () => string {
  let last = first;
  return () => String(++last);
}
