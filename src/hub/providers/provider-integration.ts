/**
 * REGISTRATION POINT for the provider side (owned by the adapters'
 * integration layer): the extensions every hub runs — webhook and
 * click-to-chat routes, the outbound dispatcher, the media fetcher, Telegram
 * setWebhook / long polling — and the `--demo` extension.
 */
import { ChannelRuntime, type ChannelRuntimeOptions } from './channel-runtime.js';
import { createDemoExtension } from '../demo/demo-extension.js';
import type { HubExtension, HubRuntime } from './extension.js';

/** One ChannelRuntime per hub; several hubs may run in one process (tests). */
export function createProviderExtension(options: ChannelRuntimeOptions = {}): HubExtension & {
  runtimeOf(hub: HubRuntime): ChannelRuntime | undefined;
} {
  const runtimes = new WeakMap<HubRuntime, ChannelRuntime>();
  return {
    name: 'providers',
    runtimeOf: (hub) => runtimes.get(hub),
    async register(hub) {
      const runtime = new ChannelRuntime(hub, options);
      runtimes.set(hub, runtime);
      await runtime.register();
    },
    async start(hub) {
      await runtimes.get(hub)?.start();
    },
    async stop(hub) {
      await runtimes.get(hub)?.stop();
      runtimes.delete(hub);
    },
  };
}

export const PROVIDER_EXTENSIONS: readonly HubExtension[] = [createProviderExtension()];

/** `npm run hub -- --demo`: demo agents, channels and traffic against a built-in fake provider. */
export const DEMO_EXTENSION: HubExtension | null = createDemoExtension();
