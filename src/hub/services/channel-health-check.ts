/**
 * The provider side of channel health: asks each channel's provider whether
 * it still takes the credentials (the adapter's `verifyCredentials`, the same
 * call as "verify before saving") and, when it does, what it reports about the
 * webhook and the number (`probeHealth`), then records the answer with the
 * core's ChannelHealthService. Checks run on the hub's clock: a channel is due
 * `everyMs` after its last check (or after this hub first saw it, so starting
 * a hub asks nobody at once); a send refused for the channel's credentials
 * asks again right away. Never changes anything at the provider. On several
 * nodes the periodic checks run on the holder of the lease `timer:health-check`
 * only (docs/scaling.md, "Work done by one node"); a check a failed send or new
 * credentials ask for runs on the node that saw them.
 */
import type { Logger } from 'pino';
import type { TokenFact } from '../../shared/admin/health.js';
import type { ChannelKind } from '../../shared/domain.js';
import { getAdapter } from '../channels/registry.js';
import type { ChannelAdapter, ProviderHealthFacts, VerifyOutcome } from '../channels/types.js';
import type { AdapterContexts } from '../providers/adapter-contexts.js';
import type { ChannelHealthService } from './channel-health.js';
import { readCredentials } from '../providers/credentials.js';

export interface HealthCheckPolicy {
  /** How often (real time) the checker looks for channels that are due. */
  readonly tickMs: number;
  /** How long (hub clock) a check stands before the channel is asked again. */
  readonly everyMs: number;
  /** The least time (hub clock) between two checks a failed send asks for. */
  readonly minSpacingMs: number;
}

/** Every 15 minutes: a revoked token shows within a quarter of an hour even on a channel nobody writes to. */
export const DEFAULT_HEALTH_CHECK_POLICY: HealthCheckPolicy = {
  tickMs: 30_000,
  everyMs: 15 * 60 * 1000,
  minSpacingMs: 30_000,
};

export interface HealthCheckerDeps {
  readonly health: ChannelHealthService;
  readonly listChannels: () => Promise<readonly { readonly id: string; readonly kind: ChannelKind }[]>;
  readonly kindOf: (channelId: string) => Promise<ChannelKind | null>;
  readonly credentialsOf: (channelId: string) => Promise<unknown>;
  readonly contexts: AdapterContexts;
  readonly publicUrl: string | null;
  readonly now: () => number;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly policy?: HealthCheckPolicy;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
  /** Whether this node runs the periodic checks now (it holds the lease); always, on one node. */
  readonly onThisNode?: () => Promise<boolean>;
}

function tokenFactOf(outcome: VerifyOutcome, checkedAt: number): TokenFact {
  if (outcome.ok) return { status: 'valid', code: null, message: null, checkedAt };
  const unreachable = outcome.code === 'PROVIDER_UNAVAILABLE' || outcome.code === 'PROVIDER_RATE_LIMITED';
  return { status: unreachable ? 'unreachable' : 'refused', code: outcome.code, message: outcome.reason, checkedAt };
}

export class ChannelHealthChecker {
  private readonly policy: HealthCheckPolicy;
  private readonly adapterOf: (kind: ChannelKind) => ChannelAdapter<unknown>;
  private readonly running = new Map<string, Promise<void>>();
  /** When this hub first saw each channel (hub clock): the first check of a never-checked one counts from it. */
  private readonly firstSeen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: HealthCheckerDeps) {
    this.policy = deps.policy ?? DEFAULT_HEALTH_CHECK_POLICY;
    this.adapterOf = deps.adapterOf ?? getAdapter;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(async () => await this.tick(), this.policy.tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for checks on the wire. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Checks the channel now; a check already running is joined, not repeated. */
  check(channelId: string): Promise<void> {
    const running = this.running.get(channelId);
    if (running) return running;
    const work = this.run(channelId)
      .catch((err: unknown) => this.deps.log.error({ err, channelId }, 'channel health check failed'))
      .finally(() => this.running.delete(channelId));
    this.running.set(channelId, work);
    return work;
  }

  /** A send was refused for the channel's credentials: ask the provider now, unless it was asked a moment ago. */
  async checkSoon(channelId: string): Promise<void> {
    if (this.stopped || this.running.has(channelId)) return;
    const last = await this.deps.health.lastCheckedAt(channelId);
    if (last !== null && this.deps.now() - last < this.policy.minSpacingMs) return;
    void this.check(channelId);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.now();
    try {
      const channels = await this.deps.listChannels();
      // Seen on every node, so a node that takes the lease over counts a never-checked channel from the same time.
      for (const channel of channels) this.firstSeen.set(channel.id, this.firstSeen.get(channel.id) ?? now);
      if (this.deps.onThisNode && !(await this.deps.onThisNode())) return;
      if (this.stopped) return;
      for (const channel of channels) {
        const seen = this.firstSeen.get(channel.id) ?? now;
        const since = (await this.deps.health.lastCheckedAt(channel.id)) ?? seen;
        if (now - since >= this.policy.everyMs) void this.check(channel.id);
      }
    } catch (err) {
      this.deps.log.error({ err }, 'channel health: looking for due checks failed');
    }
  }

  private async run(channelId: string): Promise<void> {
    if (this.stopped) return;
    const kind = await this.deps.kindOf(channelId);
    if (kind === null) return;
    const adapter = this.adapterOf(kind);
    const credentials = readCredentials(adapter, await this.deps.credentialsOf(channelId));
    if (!credentials.success) {
      await this.deps.health.recordCheck(channelId, {
        token: {
          status: 'refused',
          code: 'PROVIDER_AUTH_FAILED',
          message: 'the channel’s stored credentials are no longer valid: enter them again',
          checkedAt: this.deps.now(),
        },
      });
      return;
    }
    const token = tokenFactOf(await this.verify(adapter, credentials.data, channelId), this.deps.now());
    const facts = token.status === 'valid' ? await this.probe(adapter, credentials.data, channelId, kind) : {};
    if ((await this.deps.kindOf(channelId)) === null) return;
    await this.deps.health.recordCheck(channelId, { token, ...facts });
    if (token.status !== 'valid') this.deps.log.warn({ channelId, token }, 'channel credentials check did not pass');
  }

  /** Webhook and number facts where the kind reports them; a probe that throws reports nothing new. */
  private async probe(
    adapter: ChannelAdapter<unknown>,
    credentials: unknown,
    channelId: string,
    kind: ChannelKind,
  ): Promise<ProviderHealthFacts> {
    if (!adapter.probeHealth) return {};
    const publicUrl = this.deps.publicUrl;
    try {
      return await adapter.probeHealth(credentials, this.deps.contexts.contextFor(channelId), {
        webhookUrl: publicUrl === null ? null : `${publicUrl}/webhooks/${channelId}`,
        // Without a public URL Telegram is long-polled (providers/provider-links.ts): there is no webhook to ask about.
        polling: publicUrl === null && kind === 'telegram',
      });
    } catch (err) {
      this.deps.log.error({ err, channelId }, 'adapter threw while probing channel health');
      return {};
    }
  }

  /** The adapter's own check; one that throws is treated as a provider that could not be reached. */
  private async verify(adapter: ChannelAdapter<unknown>, credentials: unknown, channelId: string) {
    try {
      return await adapter.verifyCredentials(credentials, this.deps.contexts.contextFor(channelId));
    } catch (err) {
      this.deps.log.error({ err, channelId }, 'adapter threw while checking credentials');
      const outcome: VerifyOutcome = { ok: false, code: 'PROVIDER_UNAVAILABLE', reason: String(err).slice(0, 500) };
      return outcome;
    }
  }
}
