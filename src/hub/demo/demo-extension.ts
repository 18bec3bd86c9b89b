/**
 * `npm run hub -- --demo`: a hub a new user can try with no provider
 * accounts. Before the hub listens it starts the demo provider and creates the
 * demo accounts and channels; once it listens, customers start writing.
 * Everything goes through the production path (adapters, webhooks,
 * dispatcher, media downloads); only the providers are simulated.
 */
import type { HubExtension, HubRuntime } from '../extension.js';
import { DemoPlayer, type DemoTiming } from './demo-player.js';
import { ensureDemoCannedReplies } from './demo-canned-replies.js';
import { DemoProvider } from './demo-provider.js';
import {
  ensureDemoAccounts,
  ensureDemoChannels,
  ensureDemoTemplates,
  type DemoAccount,
  type DemoChannel,
} from './demo-setup.js';

interface DemoState {
  readonly provider: DemoProvider;
  readonly channels: readonly DemoChannel[];
  readonly accounts: readonly DemoAccount[];
  player: DemoPlayer | null;
}

export interface DemoOptions {
  readonly timing?: DemoTiming;
  /** Where the logins are printed (stdout by default). */
  readonly print?: (line: string) => void;
}

function banner(hub: HubRuntime, state: DemoState): string[] {
  return [
    '',
    '── Switchboard demo ────────────────────────────────────────────',
    `Hub: ${hub.url}   (demo provider: ${state.provider.url})`,
    'Sign in to the agent client with one of these demo logins:',
    ...state.accounts.map((a) => `  ${a.role.padEnd(5)}  ${a.email.padEnd(34)} password: ${a.password}`),
    `Channels: ${state.channels.map((c) => c.kind).join(', ')} — customers start writing now (日本語 / English).`,
    '(Logins are also kept in demo-accounts.json in the data folder.)',
    '────────────────────────────────────────────────────────────────',
    '',
  ];
}

export function createDemoExtension(
  options: DemoOptions = {},
): HubExtension & { playerOf(hub: HubRuntime): DemoPlayer | null } {
  const states = new WeakMap<HubRuntime, DemoState>();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    name: 'demo',
    playerOf: (hub) => states.get(hub)?.player ?? null,
    async register(hub) {
      const provider = new DemoProvider((notice) => states.get(hub)?.player?.onSent(notice));
      await provider.start();
      const { actor, accounts } = await ensureDemoAccounts(hub);
      const channels = await ensureDemoChannels(hub, actor, provider);
      const whatsapp = channels.find((c) => c.kind === 'whatsapp');
      ensureDemoCannedReplies(hub, actor, channels);
      if (whatsapp) await ensureDemoTemplates(hub, actor, whatsapp.channelId);
      states.set(hub, { provider, channels, accounts, player: null });
    },
    start(hub) {
      const state = states.get(hub);
      if (!state) return;
      state.player = new DemoPlayer(hub, state.provider, state.channels, hub.log, options.timing);
      state.player.start();
      const player = state.player;
      state.provider.templates.onSubmitted = (template) => player.approveTemplate(template);
      for (const line of banner(hub, state)) print(line);
    },
    async stop(hub) {
      const state = states.get(hub);
      if (!state) return;
      state.player?.stop();
      state.provider.templates.onSubmitted = null;
      await state.provider.stop();
      states.delete(hub);
    },
  };
}
