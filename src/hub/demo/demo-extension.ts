/**
 * `npm run hub -- --demo`: a hub a new user can try with no provider
 * accounts. Before the hub listens it starts the demo provider and creates the
 * demo accounts and channels; once it listens, the stories of a day or two
 * ago are told (backdated), customers start writing and the demo colleague
 * 中村 健司 signs in and gets to work (demo-colleague.ts).
 * Everything goes through the production path (adapters, webhooks,
 * dispatcher, media downloads); only the providers are simulated.
 */
import type { FakeProvider } from '../../fake-provider/server.js';
import { whatsappTemplatesOf } from '../../fake-provider/whatsapp-templates.js';
import type { HubExtension, HubRuntime } from '../providers/extension.js';
import { DemoColleague, type ColleagueTiming } from './demo-colleague.js';
import { DemoPlayer, type DemoTiming } from './demo-player.js';
import { ensureDemoCannedReplies } from './demo-canned-replies.js';
import { connectDemoChannels, startDemoProvider } from './demo-providers.js';
import {
  ensureDemoAccounts,
  ensureDemoChannels,
  ensureDemoTemplates,
  DEMO_COLLEAGUE_EMAIL,
  type DemoAccount,
  type DemoChannel,
} from './demo-setup.js';

interface DemoState {
  readonly provider: FakeProvider;
  readonly channels: readonly DemoChannel[];
  readonly accounts: readonly DemoAccount[];
  player: DemoPlayer | null;
  colleague: DemoColleague | null;
  /** Stop listening to the fake provider (sent messages, submitted templates). */
  readonly unsubscribe: (() => void)[];
}

export interface DemoOptions {
  readonly timing?: DemoTiming;
  readonly colleagueTiming?: ColleagueTiming;
  /** Where the logins are printed (stdout by default). */
  readonly print?: (line: string) => void;
}

function banner(hub: HubRuntime, state: DemoState): string[] {
  return [
    '',
    '── Switchboard demo ────────────────────────────────────────────',
    `Hub: ${hub.url}   (demo provider: ${state.provider.url})`,
    'Sign in to the agent client with one of these demo logins:',
    ...state.accounts.map(
      (a) =>
        `  ${a.role.padEnd(5)}  ${a.email.padEnd(34)} password: ${a.password}` +
        (a.email === DEMO_COLLEAGUE_EMAIL ? '   (played by the demo: types, replies, hands over)' : ''),
    ),
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
      const provider = await startDemoProvider();
      const unsubscribe = [provider.state.onSent((notice) => states.get(hub)?.player?.onSent(notice))];
      const { actor, accounts } = await ensureDemoAccounts(hub);
      const channels = await ensureDemoChannels(hub, actor, provider);
      const whatsapp = channels.find((c) => c.kind === 'whatsapp');
      await ensureDemoCannedReplies(hub, actor, channels);
      if (whatsapp) await ensureDemoTemplates(hub, actor, whatsapp.channelId);
      states.set(hub, { provider, channels, accounts, player: null, colleague: null, unsubscribe });
    },
    async start(hub) {
      const state = states.get(hub);
      if (!state) return;
      state.player = new DemoPlayer(hub, state.provider, state.channels, hub.log, options.timing);
      const player = state.player;
      connectDemoChannels(state.provider, hub.url, state.channels);
      const templates = whatsappTemplatesOf(state.provider.state);
      state.unsubscribe.push(templates.onSubmitted((template) => player.approveTemplate(template)));
      await player.start();
      const kenji = state.accounts.find((a) => a.email === DEMO_COLLEAGUE_EMAIL);
      if (kenji) {
        const colleague = new DemoColleague(hub, kenji, hub.log, options.colleagueTiming);
        state.colleague = colleague;
        colleague.run().catch((err: unknown) => hub.log.warn({ err }, 'demo colleague stopped'));
      }
      for (const line of banner(hub, state)) print(line);
    },
    async stop(hub) {
      const state = states.get(hub);
      if (!state) return;
      state.player?.stop();
      state.colleague?.stop();
      for (const stop of state.unsubscribe.splice(0)) stop();
      await state.provider.close();
      states.delete(hub);
    },
  };
}
