/**
 * Sends queued outbound messages through their channel's adapter
 * (OutboundDispatcher). Messages of one conversation go out in the order they
 * were written; a transient failure (5xx, timeout, rate limit) keeps the
 * message queued and retries it with exponential backoff, bounded in attempts;
 * a permanent one marks it failed with our code and the provider's words.
 * The queue itself is the database: every message still 'queued' after a
 * restart is picked up again by `resumeQueued()`.
 *
 * On several nodes (Postgres) each send is claimed in the database first
 * (`claims`, store/ports/claims.ts): only the oldest queued message of a
 * conversation can be claimed, by one node at a time, under a lease; a node
 * that dies mid-send leaves a lease that runs out, and another node's sweep
 * picks the message up (docs/scaling.md "Sends when a node dies").
 */
import { boundProviderId } from '../services/inbound-bounds.js';
import type { Logger } from 'pino';
import { backoffOf, retryDelay } from '../../node-shared/backoff.js';
import type { ChannelKind } from '../../shared/domain.js';
import { getAdapter } from '../channels/registry.js';
import { refusedSend } from '../channels/provider-codes.js';
import type { ChannelAdapter, OutboundMessage, SendResult } from '../channels/types.js';
import type { WorkClaimRepository } from '../store/ports/claims.js';
import type { AdapterContexts } from './adapter-contexts.js';
import type { SendOutcome } from '../services/channel-health.js';
import type { DeliveryUpdate } from '../services/delivery.js';
import type { DispatchJob, OutboundDispatcher } from '../services/outbound-port.js';
import { readCredentials } from './credentials.js';

export interface RetryPolicy {
  /** Delay before the first retry; doubles with each further attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Sends tried in all, the first included, before a transient failure becomes final. */
  readonly maxAttempts: number;
}

/** 2 s, 4 s … capped at 5 min, eight tries: about ten minutes of provider trouble is ridden out. */
const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 2000, maxDelayMs: 5 * 60 * 1000, maxAttempts: 8 };

/** The core's outbound side, as the dispatcher needs it (OutboundService). */
export interface OutboundPort {
  loadForDispatch(messageId: string): Promise<DispatchJob | null>;
  consumeReplyToken(conversationId: string, token: string): Promise<void>;
  updateDelivery(messageId: string, update: DeliveryUpdate): Promise<unknown>;
  listQueuedMessageIds(limit?: number): Promise<string[]>;
}

export interface DispatcherDeps {
  readonly outbound: OutboundPort;
  readonly contexts: AdapterContexts;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly policy?: RetryPolicy;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
  /** Every send attempt's result, for the channel's health (services/channel-health.ts). */
  readonly onSendOutcome?: (channelId: string, outcome: SendOutcome) => Promise<void>;
  /** Sends claimed across nodes (Postgres); without it every send is this process's alone (SQLite). */
  readonly claims?: SendClaims;
}

export interface SendClaims {
  readonly repository: WorkClaimRepository;
  readonly nodeId: string;
  readonly now: () => number;
  readonly policy?: ClaimPolicy;
}

export interface ClaimPolicy {
  /**
   * How long a claim holds when its node goes silent. While a send is on the wire its node renews the
   * claim every leaseMs / 3, so a slow provider never loses it; a dead node's claim runs out this long after
   * its last renewal, and another node sends the message.
   */
  readonly leaseMs: number;
  /** Wait before asking again for a message another node holds (or one behind an older queued one). */
  readonly waitMs: number;
  /** How often queued messages are looked for, so a dead node's sends are taken over. */
  readonly sweepMs: number;
}

const DEFAULT_CLAIM_POLICY: ClaimPolicy = { leaseMs: 30_000, waitMs: 1000, sweepMs: 15_000 };

interface Lane {
  readonly queue: string[];
  busy: boolean;
  timer: NodeJS.Timeout | null;
}

type Attempt = { readonly retryInMs: number | null };

function toOutboundMessage(job: DispatchJob): OutboundMessage {
  const t = job.template;
  return {
    messageId: job.message.id,
    to: job.contact.identity.externalId,
    threadKey: job.threadKey,
    kind: t ? 'template' : job.media.length > 0 ? 'attachment' : 'text',
    text: job.message.text,
    media: job.media.map((m) => ({
      mimeType: m.attachment.mimeType,
      fileName: m.fileName,
      size: m.bytes.length,
      bytes: m.bytes,
      publicUrl: m.publicUrl ?? '',
      posterUrl: m.posterUrl ?? null,
    })),
    template: t
      ? {
          name: t.template.name,
          language: t.template.language,
          params: t.params,
          renderedBody: t.renderedBody,
          content: t.template,
        }
      : null,
    replyToProviderMessageId: job.replyToProviderMessageId,
    replyToken: job.replyToken,
    statusCallbackUrl: job.statusCallbackUrl,
  };
}

export class ProviderDispatcher implements OutboundDispatcher {
  private readonly lanes = new Map<string, Lane>();
  private readonly known = new Set<string>();
  private readonly attempts = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly policy: RetryPolicy;
  private readonly adapterOf: (kind: ChannelKind) => ChannelAdapter<unknown>;
  private readonly claimPolicy: ClaimPolicy;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
    this.claimPolicy = deps.claims?.policy ?? DEFAULT_CLAIM_POLICY;
    this.adapterOf = deps.adapterOf ?? getAdapter;
  }

  dispatch(messageId: string): void {
    if (this.stopped || this.known.has(messageId)) return;
    this.known.add(messageId);
    this.track(this.enqueue(messageId));
  }

  /** Picks up every message left queued (after a restart or an outage). */
  async resumeQueued(): Promise<number> {
    const ids = await this.deps.outbound.listQueuedMessageIds(5000);
    for (const id of ids) this.dispatch(id);
    if (this.deps.claims && !this.sweepTimer && !this.stopped) {
      // Another node's sends end up here when it dies: their leases run out and the sweep finds them queued.
      this.sweepTimer = setInterval(() => {
        this.resumeQueued().catch((err: unknown) => this.deps.log.error({ err }, 'looking for queued sends failed'));
      }, this.claimPolicy.sweepMs);
      this.sweepTimer.unref();
    }
    return ids.length;
  }

  /** Stops retry timers and waits for sends already on the wire; queued messages stay queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const lane of this.lanes.values()) if (lane.timer) clearTimeout(lane.timer);
    await Promise.allSettled([...this.running]);
  }

  /** True when nothing is being sent or waiting for a retry (tests, demo). */
  get idle(): boolean {
    return this.known.size === 0;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.deps.log.error({ err }, 'dispatcher failed unexpectedly'));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private async enqueue(messageId: string): Promise<void> {
    const job = await this.deps.outbound.loadForDispatch(messageId);
    if (!job || job.message.state !== 'queued') {
      this.known.delete(messageId);
      return;
    }
    const key = job.conversation.id;
    const lane = this.lanes.get(key) ?? { queue: [], busy: false, timer: null };
    this.lanes.set(key, lane);
    // Ids are UUIDv7, so sorting keeps the order the agent wrote them in. Only a head being attempted right now
    // stays first; one waiting for its retry does not, since an older message learnt of later (another node wrote
    // it, and its claim blocks ours) must go first or the lane would wait behind it forever.
    const head = lane.busy ? lane.queue.slice(0, 1) : [];
    const rest = [...lane.queue.slice(head.length), messageId].sort();
    lane.queue.splice(0, lane.queue.length, ...head, ...rest);
    if (!lane.busy && !lane.timer) this.track(this.pump(key, lane));
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    lane.busy = true;
    try {
      while (!this.stopped) {
        const id = lane.queue[0];
        if (id === undefined) break;
        const { retryInMs } = await this.attempt(id);
        if (retryInMs !== null && !this.stopped) {
          // The head waits now, off the wire: an older message learnt of while it was being attempted goes first.
          lane.queue.sort();
          lane.timer = setTimeout(() => {
            lane.timer = null;
            this.track(this.pump(key, lane));
          }, retryInMs);
          return;
        }
        lane.queue.shift();
        this.known.delete(id);
        this.attempts.delete(id);
      }
    } finally {
      lane.busy = false;
      if (lane.queue.length === 0 && !lane.timer) this.lanes.delete(key);
    }
  }

  private async attempt(messageId: string): Promise<Attempt> {
    const job = await this.deps.outbound.loadForDispatch(messageId);
    if (!job || job.message.state !== 'queued') return { retryInMs: null };
    // Held by another node, or an older message of the conversation is still queued: ask again shortly.
    if (!(await this.claim(messageId, 0))) return { retryInMs: this.claimPolicy.waitMs };
    const attempt = (this.attempts.get(messageId) ?? 0) + 1;
    this.attempts.set(messageId, attempt);
    const renewal = this.keepClaimed(messageId);
    let result: SendResult;
    try {
      result = await this.send(job);
    } finally {
      clearInterval(renewal);
    }
    if (job.replyToken) await this.deps.outbound.consumeReplyToken(job.conversation.id, job.replyToken);
    await this.reportOutcome(job.channel.id, result);
    if (result.ok) {
      await this.deps.outbound.updateDelivery(messageId, {
        state: 'sent',
        // The provider's answer is bounded like its webhooks, so its receipts (bounded the same way) still match.
        providerMessageId: boundProviderId(result.providerMessageId),
        extraProviderMessageIds: result.extraProviderMessageIds?.map(boundProviderId),
      });
      await this.release(messageId);
      return { retryInMs: null };
    }
    const { error } = result;
    const retryInMs = error.retryable
      ? retryDelay(backoffOf(this.policy), attempt, { retryAfterMs: error.retryAfterMs })
      : null;
    if (retryInMs !== null) {
      this.deps.log.warn(
        { messageId, attempt, retryInMs, code: error.code, providerError: error.providerError },
        'send failed; will retry',
      );
      // The claim holds through the wait, so no other node sends it (or a later one) before this retry.
      await this.claim(messageId, retryInMs);
      return { retryInMs };
    }
    this.deps.log.warn(
      { messageId, attempt, code: error.code, providerError: error.providerError },
      'send failed for good',
    );
    await this.deps.outbound.updateDelivery(messageId, {
      state: 'failed',
      failureCode: error.code,
      failureReason: error.providerError,
    });
    await this.release(messageId);
    return { retryInMs: null };
  }

  /** Claims (or renews) the send for this node; always granted without claims (one node). */
  private async claim(messageId: string, extraMs: number): Promise<boolean> {
    const claims = this.deps.claims;
    if (!claims) return true;
    const now = claims.now();
    return await claims.repository.claimMessage(
      messageId,
      claims.nodeId,
      now,
      now + extraMs + this.claimPolicy.leaseMs,
    );
  }

  /**
   * Renews the claim while the send is on the wire (ClaimPolicy.leaseMs), until the dispatcher stops: a node
   * that stops renewing is, for the others, a node that died.
   */
  private keepClaimed(messageId: string): NodeJS.Timeout | undefined {
    if (!this.deps.claims) return undefined;
    const timer = setInterval(
      () => {
        if (this.stopped) return void clearInterval(timer);
        this.claim(messageId, 0)
          .then((held) => {
            if (!held) this.deps.log.warn({ messageId }, 'a send outlived its claim; another node may send it too');
          })
          .catch((err: unknown) => this.deps.log.warn({ err, messageId }, 'renewing a send claim failed'));
      },
      Math.max(1, Math.floor(this.claimPolicy.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  /** The outcome is stored, so the message is no longer queued and no node claims it again; this only tidies. */
  private async release(messageId: string): Promise<void> {
    const claims = this.deps.claims;
    if (!claims) return;
    try {
      await claims.repository.releaseMessage(messageId, claims.nodeId);
    } catch (err) {
      this.deps.log.warn({ err, messageId }, 'clearing a send claim failed');
    }
  }

  /** Health bookkeeping must never stop a send's own outcome from being stored. */
  private async reportOutcome(channelId: string, result: SendResult): Promise<void> {
    try {
      await this.deps.onSendOutcome?.(
        channelId,
        result.ok ? { ok: true } : { ok: false, code: result.error.code, message: result.error.providerError },
      );
    } catch (err) {
      this.deps.log.error({ err, channelId }, 'recording the send for channel health failed');
    }
  }

  private async send(job: DispatchJob): Promise<SendResult> {
    const adapter = this.adapterOf(job.channel.kind);
    const credentials = readCredentials(adapter, job.credentials);
    if (!credentials.success)
      return refusedSend('PROVIDER_AUTH_FAILED', 'the channel’s stored credentials are no longer valid');
    if (adapter.capabilities.mediaByUrl && job.media.some((m) => m.publicUrl === null)) {
      return refusedSend(
        'PROVIDER_REJECTED',
        `${job.channel.kind} fetches attachments by URL: set SWITCHBOARD_PUBLIC_URL`,
      );
    }
    try {
      return await adapter.send(
        toOutboundMessage(job),
        credentials.data,
        this.deps.contexts.contextFor(job.channel.id),
      );
    } catch (err) {
      // An adapter should not throw; treat it like an outage so the message is retried, not lost.
      this.deps.log.error({ err, messageId: job.message.id }, 'adapter threw while sending');
      return {
        ok: false,
        error: {
          code: 'PROVIDER_UNAVAILABLE',
          providerError: String(err).slice(0, 500),
          retryable: true,
          retryAfterMs: null,
        },
      };
    }
  }
}
