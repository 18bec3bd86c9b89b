/**
 * Keeps each channel connected to its provider beyond plain webhooks. When
 * the hub has a public URL, channels whose provider takes a webhook
 * registration (Telegram setWebhook) are registered at start and on
 * creation. Without one, providers cannot reach us, so each channel whose
 * adapter can poll (`capabilities.polling`: Telegram's getUpdates) gets a
 * long-polling loop that stops when the channel is removed
 * or the hub shuts down. A channel that goes to the trash is disconnected:
 * its poller stops, and a webhook the hub registered is taken back
 * (deleteWebhook), so the provider keeps what arrives until the restore
 * registers it again. Channels are reconciled against the store: right
 * after an admin changes channels (`reconcile()`), and on a slow timer as a
 * backstop.
 *
 * Several nodes on one Postgres (docs/scaling.md, "Work done by one node"): two getUpdates callers conflict,
 * so a node polls a bot only while it holds the lease `poll:<channelId>` (`leases`), and stops at
 * once when it loses it. The confirmed offset is kept with the lease, so the next holder continues from it.
 */
import type { Logger } from 'pino';
import type { ChannelKind } from '../../shared/domain.js';
import { getAdapter } from '../channels/registry.js';
import type { ChannelAdapter, ChannelPoller, InboundEvent } from '../channels/types.js';
import type { AdapterContexts } from './adapter-contexts.js';
import type { LeaseKeeper } from '../services/lease-keeper.js';
import { readCredentials } from './credentials.js';

export interface LinkedChannel {
  readonly id: string;
  readonly kind: ChannelKind;
}

export interface ProviderLinksDeps {
  readonly publicUrl: string | null;
  /** Backstop interval for noticing created or removed channels. */
  readonly reconcileIntervalMs?: number;
  readonly listChannels: () => Promise<readonly LinkedChannel[]>;
  readonly credentialsOf: (channelId: string) => Promise<unknown>;
  /** Stores events from a poller (InboundService.ingestInbound + media kick). */
  readonly ingest: (channelId: string, events: readonly InboundEvent[]) => Promise<void>;
  readonly contexts: AdapterContexts;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly pollTimeoutSeconds?: number;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
  /** One poller per bot across the nodes (absent or not shared: this node polls every bot). */
  readonly leases?: LeaseKeeper;
}

/** The lease a node holds while it long-polls a channel's bot; its value is the confirmed offset. */
export function pollLease(channelId: string): string {
  return `poll:${channelId}`;
}

const DEFAULT_RECONCILE_MS = 30_000;

export class ProviderLinks {
  private readonly pollers = new Map<string, ChannelPoller>();
  /** Channels whose poller is being created (a lease renewal may ask again meanwhile). */
  private readonly starting = new Set<string>();
  private readonly registered = new Set<string>();
  private readonly registering = new Set<Promise<void>>();
  /** Connected channels and their kinds (a disconnect needs the adapter). */
  private readonly connected = new Map<string, ChannelKind>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: ProviderLinksDeps) {}

  async start(): Promise<void> {
    await this.reconcile();
    this.timer = setInterval(async () => await this.reconcile(), this.deps.reconcileIntervalMs ?? DEFAULT_RECONCILE_MS);
    this.timer.unref();
  }

  /** Connects channels that are new and disconnects removed ones. */
  async reconcile(): Promise<void> {
    if (this.stopped) return;
    const live = new Map((await this.deps.listChannels()).map((c) => [c.id, c]));
    for (const [id, kind] of [...this.connected]) if (!live.has(id)) void this.disconnect({ id, kind });
    for (const channel of live.values()) {
      if (this.connected.has(channel.id)) continue;
      this.connected.set(channel.id, channel.kind);
      await this.connect(channel);
    }
  }

  /**
   * The channel's credentials changed (a rotated bot token or secret token): connect it afresh, so the
   * poller uses the new token and Telegram's webhook carries the new secret token.
   */
  async refresh(channelId: string): Promise<void> {
    const kind = this.connected.get(channelId);
    if (kind === undefined) return;
    this.connected.delete(channelId);
    this.registered.delete(channelId);
    const poller = this.pollers.get(channelId);
    this.pollers.delete(channelId);
    await poller?.stop();
    await this.deps.leases?.drop(pollLease(channelId));
    this.deps.contexts.forget(channelId);
    await this.reconcile();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.registering]);
    await Promise.allSettled([...this.pollers.values()].map((p) => p.stop()));
    this.pollers.clear();
  }

  /** Whether a channel is being long-polled (tests, health). */
  isPolling(channelId: string): boolean {
    return this.pollers.get(channelId)?.running ?? false;
  }

  private async connect(channel: LinkedChannel): Promise<void> {
    if (this.stopped) return;
    if (this.deps.publicUrl) this.register(channel);
    else if (this.adapterFor(channel.kind).capabilities.polling) await this.poll(channel);
  }

  private async disconnect(channel: LinkedChannel): Promise<void> {
    const channelId = channel.id;
    this.connected.delete(channelId);
    const wasRegistered = this.registered.delete(channelId);
    const poller = this.pollers.get(channelId);
    this.pollers.delete(channelId);
    await poller?.stop();
    await this.deps.leases?.drop(pollLease(channelId));
    if (wasRegistered) await this.unregister(channel);
    this.deps.contexts.forget(channelId);
  }

  /** Takes back a webhook registration (a trashed channel); a failure is logged, the route refuses anyway. */
  private async unregister(channel: LinkedChannel): Promise<void> {
    const adapter = this.adapterFor(channel.kind);
    if (!adapter.unregisterWebhook) return;
    const credentials = readCredentials(adapter, await this.deps.credentialsOf(channel.id));
    if (!credentials.success) return;
    const work = adapter
      .unregisterWebhook(credentials.data, this.deps.contexts.contextFor(channel.id))
      .then(
        () => this.deps.log.info({ channelId: channel.id }, 'webhook taken back from the provider'),
        (err: unknown) => this.deps.log.error({ err, channelId: channel.id }, 'taking the webhook back failed'),
      )
      .finally(() => this.registering.delete(work));
    this.registering.add(work);
    await work;
  }

  private register(channel: LinkedChannel): void {
    const adapter = this.adapterFor(channel.kind);
    if (!adapter.registerWebhook || this.registered.has(channel.id)) return;
    this.registered.add(channel.id);
    const url = `${this.deps.publicUrl}/webhooks/${channel.id}`;
    const work = this.registerWith(adapter, channel.id, url).finally(() => this.registering.delete(work));
    this.registering.add(work);
  }

  private async registerWith(adapter: ChannelAdapter<unknown>, channelId: string, url: string): Promise<void> {
    const credentials = readCredentials(adapter, await this.deps.credentialsOf(channelId));
    if (!credentials.success || !adapter.registerWebhook) return;
    try {
      await adapter.registerWebhook(url, credentials.data, this.deps.contexts.contextFor(channelId));
      this.deps.log.info({ channelId, url }, 'webhook registered with the provider');
    } catch (err) {
      // Let the next start (or channel update) try again; the provider keeps its messages meanwhile.
      this.registered.delete(channelId);
      this.deps.log.error({ err, channelId }, 'webhook registration failed');
    }
  }

  private adapterFor(kind: ChannelKind): ChannelAdapter<unknown> {
    return (this.deps.adapterOf ?? getAdapter)(kind);
  }

  private async poll(channel: LinkedChannel): Promise<void> {
    const leases = this.deps.leases;
    if (!leases?.shared) return await this.startPoller(channel, null);
    // Polled while this node holds the bot's lease: started when taken (told at every renewal, so a poller
    // that stopped itself starts again), stopped at once when lost.
    await leases.want(pollLease(channel.id), async (held) => {
      if (!held) return await this.stopPoller(channel.id);
      await this.startPoller(channel, leases);
    });
  }

  private async stopPoller(channelId: string): Promise<void> {
    const poller = this.pollers.get(channelId);
    this.pollers.delete(channelId);
    await poller?.stop();
    if (poller) this.deps.log.info({ channelId }, 'long polling stopped (another node holds the bot)');
  }

  /** With `leases`: continues from the offset the bot's previous holder kept, and keeps its own there. */
  private async startPoller(channel: LinkedChannel, leases: LeaseKeeper | null): Promise<void> {
    const channelId = channel.id;
    if (this.stopped || this.pollers.get(channelId)?.running || this.starting.has(channelId)) return;
    this.starting.add(channelId);
    try {
      await this.createPoller(channel, leases);
    } finally {
      this.starting.delete(channelId);
    }
  }

  private async createPoller(channel: LinkedChannel, leases: LeaseKeeper | null): Promise<void> {
    const channelId = channel.id;
    const adapter = this.adapterFor(channel.kind);
    const polling = adapter.capabilities.polling;
    if (!polling) return;
    const lease = pollLease(channelId);
    const kept = leases ? Number(await leases.valueOf(lease)) : NaN;
    const initialOffset = Number.isSafeInteger(kept) && kept > 0 ? kept : null;
    if (this.stopped || this.pollers.get(channelId)?.running) return;
    const credentials = readCredentials(adapter, await this.deps.credentialsOf(channelId));
    if (!credentials.success) {
      this.deps.log.error({ channelId, kind: channel.kind }, 'the channel’s credentials do not parse; not polling');
      return;
    }
    const poller = polling.create({
      credentials: credentials.data,
      fetch: this.deps.contexts.contextFor(channelId).fetch,
      onEvents: async (events) => await this.deps.ingest(channelId, events),
      initialOffset,
      ...(leases ? { onOffset: async (offset: number) => await leases.setValue(lease, String(offset)) } : {}),
      logger: { warn: (details, message) => this.deps.log.warn({ channelId, ...details }, message) },
      ...(this.deps.pollTimeoutSeconds === undefined ? {} : { pollTimeoutSeconds: this.deps.pollTimeoutSeconds }),
    });
    this.pollers.set(channelId, poller);
    poller.start();
    this.deps.log.info({ channelId, kind: channel.kind }, 'long polling started (no public URL)');
  }
}
