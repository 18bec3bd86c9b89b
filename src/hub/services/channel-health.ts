/**
 * Channel health (docs/hub.md, "Channel health"): what the hub saw of each
 * channel's provider — inbound, accepted sends, provider errors, token,
 * webhook and number-quality checks — kept per channel in the store with the
 * status judged from it (channel-health-rule.ts). Admins get every change as
 * a `channel-health` push; a change of status is also a `channel.upsert`, so
 * every linked agent's client knows it, offline too.
 *
 * Inbound is the hot path: a webhook only notes the time in memory, written
 * at most every INBOUND_FLUSH_MS (and on stop) in one transaction for all
 * channels. The provider calls themselves are the provider side's
 * (channel-health-check.ts), installed with `setChecker`.
 */
import type {
  ChannelHealth,
  ProviderErrorFact,
  QualityFact,
  TokenFact,
  WebhookFact,
} from '../../shared/admin/health.js';
import type { Channel } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { cleanLine, clipText } from '../../shared/text.js';
import { requireAdmin, type Actor } from './actor.js';
import { isChannelFailure, judgeHealth, type HealthFacts } from './channel-health-rule.js';
import type { ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import type { ChannelHealthRecord } from '../store/ports/channel-health.js';

/** How long a noted inbound or accepted send waits in memory before it is written. */
export const INBOUND_FLUSH_MS = 5000;
const MESSAGE_MAX = 1000;

/** What a send attempt came to, as the dispatcher reports it. */
export type SendOutcome =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

/** What one check of the provider found; a fact left undefined keeps its last value. */
export interface CheckResult {
  readonly token: TokenFact;
  readonly webhook?: WebhookFact | null;
  readonly quality?: QualityFact | null;
}

/** Asks the provider about one channel now and records the answer (recordCheck); the provider side installs it. */
export type HealthChecker = (channelId: string) => Promise<void>;

const NOT_CHECKED: TokenFact = { status: 'not-checked', code: null, message: null, checkedAt: null };

const EMPTY_FACTS: HealthFacts = {
  lastInboundAt: null,
  lastSentAt: null,
  sendFailuresInRow: 0,
  lastError: null,
  token: null,
  webhook: null,
  quality: null,
};

function providerError(code: string, message: string, source: ProviderErrorFact['source'], at: number) {
  return { code, message: clipText(cleanLine(message), MESSAGE_MAX), source, at } satisfies ProviderErrorFact;
}

export class ChannelHealthService {
  private checker: HealthChecker | null = null;
  private readonly pendingInbound = new Map<string, number>();
  private readonly pendingSent = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
  ) {}

  async list(actor: Actor): Promise<ChannelHealth[]> {
    requireAdmin(actor);
    return await Promise.all(
      (await this.ctx.store.channels.list()).map(async (channel) => await this.healthOf(channel)),
    );
  }

  async get(actor: Actor, channelId: string): Promise<ChannelHealth> {
    requireAdmin(actor);
    return await this.healthOf(await this.liveChannel(channelId));
  }

  /** Asks the provider now (token, webhook, quality) and answers the health after the answer was recorded. */
  async check(actor: Actor, channelId: string): Promise<ChannelHealth> {
    requireAdmin(actor);
    await this.liveChannel(channelId);
    if (!this.checker) {
      throw new AppError('PROVIDER_UNAVAILABLE', 'This hub runs without its provider side: nothing can be asked.');
    }
    await this.checker(channelId);
    return await this.healthOf(await this.liveChannel(channelId));
  }

  setChecker(checker: HealthChecker | null): void {
    this.checker = checker;
  }

  /** The provider delivered something for the channel (a webhook or a poll that stored events). Memory only. */
  noteInbound(channelId: string): void {
    this.pendingInbound.set(channelId, this.ctx.now());
    this.scheduleFlush();
  }

  async recordSend(channelId: string, outcome: SendOutcome): Promise<void> {
    const now = this.ctx.now();
    if (outcome.ok) {
      // The common case changes no status: note it like an inbound. After failures it clears them at once.
      if (((await this.ctx.store.channelHealth.find(channelId))?.sendFailuresInRow ?? 0) === 0) {
        this.pendingSent.set(channelId, now);
        this.scheduleFlush();
        return;
      }
      await this.update(channelId, (facts) => ({ ...facts, lastSentAt: now, sendFailuresInRow: 0 }));
      return;
    }
    await this.update(channelId, (facts) => ({
      ...facts,
      lastError: providerError(outcome.code, outcome.message, 'send', now),
      sendFailuresInRow: facts.sendFailuresInRow + (isChannelFailure(outcome.code) ? 1 : 0),
    }));
  }

  async recordDownloadFailure(channelId: string, message: string): Promise<void> {
    const now = this.ctx.now();
    await this.update(channelId, (facts) => ({
      ...facts,
      lastError: providerError('MEDIA_DOWNLOAD_FAILED', message, 'download', now),
    }));
  }

  /**
   * What a check found. Accepted credentials also end a run of failed sends: the provider answered and
   * took the token, so whatever failed the channel (a revoked token, an outage) is over.
   */
  async recordCheck(channelId: string, result: CheckResult): Promise<void> {
    await this.update(channelId, (facts) => ({
      ...facts,
      token: result.token,
      webhook: result.webhook === undefined ? facts.webhook : result.webhook,
      quality: result.quality === undefined ? facts.quality : result.quality,
      sendFailuresInRow: result.token.status === 'valid' ? 0 : facts.sendFailuresInRow,
    }));
  }

  /** When the token was last asked about (null: never); the provider side schedules checks by it. */
  async lastCheckedAt(channelId: string): Promise<number | null> {
    return (await this.ctx.store.channelHealth.find(channelId))?.token?.checkedAt ?? null;
  }

  /** Writes the noted inbound and send times, all channels in one transaction. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = new Set([...this.pendingInbound.keys(), ...this.pendingSent.keys()]);
    if (ids.size === 0) return;
    try {
      await this.ctx.writer.write(async () => {
        for (const id of ids) await this.update(id, (facts) => facts);
      });
    } catch (error) {
      this.ctx.log.error({ err: error }, 'channel health: writing inbound times failed');
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(async () => await this.flush(), INBOUND_FLUSH_MS);
    this.flushTimer.unref();
  }

  private async liveChannel(channelId: string): Promise<Channel> {
    const channel = await this.ctx.store.channels.findById(channelId);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    return channel;
  }

  /** The stored record (or the one of a channel never judged), with the times still waiting in memory. */
  private async recordOf(channel: Channel): Promise<ChannelHealthRecord> {
    const stored = await this.ctx.store.channelHealth.find(channel.id);
    const base: ChannelHealthRecord = stored ?? {
      channelId: channel.id,
      ...EMPTY_FACTS,
      ...judgeHealth(EMPTY_FACTS),
      since: channel.createdAt,
      updatedAt: channel.createdAt,
    };
    return {
      ...base,
      lastInboundAt: this.pendingInbound.get(channel.id) ?? base.lastInboundAt,
      lastSentAt: this.pendingSent.get(channel.id) ?? base.lastSentAt,
    };
  }

  private async healthOf(channel: Channel): Promise<ChannelHealth> {
    const r = await this.recordOf(channel);
    return {
      channelId: channel.id,
      kind: channel.kind,
      status: r.status,
      reason: r.reason,
      since: r.since,
      lastInboundAt: r.lastInboundAt,
      lastSentAt: r.lastSentAt,
      sendFailuresInRow: r.sendFailuresInRow,
      lastError: r.lastError,
      token: r.token ?? NOT_CHECKED,
      webhook: r.webhook,
      quality: r.quality,
    };
  }

  /**
   * Applies a change of facts and judges again, in one write: the row, a `channel.upsert` when the status
   * or reason changed (agents' clients learn it there), and the admins' push after the commit.
   */
  private async update(channelId: string, change: (facts: HealthFacts) => HealthFacts): Promise<void> {
    const channel = await this.ctx.store.channels.findById(channelId);
    if (!channel) return;
    await this.ctx.writer.write(async (scope) => {
      const before = await this.recordOf(channel);
      this.pendingInbound.delete(channelId);
      this.pendingSent.delete(channelId);
      const facts = change(before);
      const verdict = judgeHealth(facts);
      const now = this.ctx.now();
      const changed = verdict.status !== before.status || verdict.reason !== before.reason;
      await this.ctx.store.channelHealth.save({
        ...facts,
        ...verdict,
        channelId,
        since: changed ? now : before.since,
        updatedAt: now,
      });
      if (changed) await this.channels.emitChannel(scope, channelId);
      scope.signal({ type: 'channel-health', health: await this.healthOf(channel) }, { afterEvents: true });
    });
  }
}
