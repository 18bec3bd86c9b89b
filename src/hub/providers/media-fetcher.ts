/**
 * Downloads inbound media from the providers into the blob store, after the
 * webhook has been answered. A failed download stays pending with its error
 * shown on the message and is retried with backoff; after the last attempt it
 * is marked failed. Pending downloads survive a restart: they are rows in the
 * database, and the first sweep after start picks them up.
 *
 * Adapters fetch only through the guarded transfer (channels/safe-fetch.ts).
 * Bodies are streamed to disk, never held whole: a file whose announced size
 * is over the channel's limit is refused before it is read, one that grows
 * past it is cut off; both fail at once, since a retry would get the same file.
 *
 * On several nodes (Postgres) a download is claimed first (`claims`,
 * store/ports/claims.ts): one node downloads, the others skip it; a retry
 * keeps the claim until it is due, and a node that dies leaves a lease that
 * runs out, so another node's sweep takes the download over.
 */
import type { Logger } from 'pino';
import { backoffOf, retryDelay } from '../../node-shared/backoff.js';
import { CHANNEL_RULES, mediaClassOf } from '../../shared/channel-rules.js';
import type { ChannelKind } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { getAdapter } from '../channels/registry.js';
import { createMediaTransfer, type MediaTransfer } from '../channels/safe-fetch.js';
import type { ChannelAdapter } from '../channels/types.js';
import { blobTooLarge, type BlobStore } from '../store/ports/blobs.js';
import type { WorkClaimRepository } from '../store/ports/claims.js';
import type { AdapterContexts } from './adapter-contexts.js';
import type { PendingAttachment, ReadyBlob } from '../services/attachments.js';
import { readCredentials } from './credentials.js';

export interface MediaRetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Downloads tried in all before the attachment is marked failed. */
  readonly maxAttempts: number;
  /** How often pending downloads are looked for when nothing kicks the fetcher. */
  readonly sweepIntervalMs: number;
}

/** 5 s, 10 s … capped at 10 min, six tries; providers keep media for days (WhatsApp 30 days). */
const DEFAULT_MEDIA_POLICY: MediaRetryPolicy = {
  baseDelayMs: 5000,
  maxDelayMs: 10 * 60 * 1000,
  maxAttempts: 6,
  sweepIntervalMs: 30_000,
};

/** The core's attachment side, as the fetcher needs it (AttachmentService). */
export interface AttachmentPort {
  listPendingAttachments(limit?: number): Promise<PendingAttachment[]>;
  markAttachmentReady(id: string, blob: ReadyBlob): Promise<unknown>;
  markAttachmentFailed(id: string, error: string, options: { willRetry: boolean }): Promise<unknown>;
}

export interface MediaFetcherDeps {
  readonly attachments: AttachmentPort;
  readonly blobs: Pick<BlobStore, 'putStream'>;
  /** Decrypted credentials of a channel (ChannelService.credentialsOf). */
  readonly credentialsOf: (channelId: string) => Promise<unknown>;
  readonly contexts: AdapterContexts;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly now: () => number;
  readonly policy?: MediaRetryPolicy;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
  /** SWITCHBOARD_MEDIA_HOSTS: origins any channel may fetch media from, as configured. */
  readonly mediaHosts?: readonly string[];
  /** Replaces the guarded transfer built from `mediaHosts` (tests). */
  readonly transfer?: MediaTransfer;
  /** Every failed download, with the reason in words, for the channel's health. */
  readonly onDownloadFailed?: (channelId: string, reason: string) => Promise<void>;
  /** Downloads claimed across nodes (Postgres); without it every pending download is this process's (SQLite). */
  readonly claims?: {
    readonly repository: WorkClaimRepository;
    readonly nodeId: string;
    readonly policy?: MediaClaimPolicy;
  };
}

export interface MediaClaimPolicy {
  /** How long a download's claim holds when its node goes silent: longer than the slowest large download. */
  readonly leaseMs: number;
}

const DEFAULT_MEDIA_CLAIM_POLICY: MediaClaimPolicy = { leaseMs: 15 * 60 * 1000 };

/**
 * The most an inbound file of this type may weigh on this channel: the
 * provider's limit for its class (channel-rules.ts). A class the channel does
 * not send (LINE and WeChat documents have limit 0) still arrives from
 * customers, so it gets the channel's largest limit instead of none.
 */
export function inboundMediaLimit(kind: ChannelKind, mimeType: string): number {
  const limits = CHANNEL_RULES[kind].maxBytes;
  const limit = limits[mediaClassOf(mimeType.toLowerCase())];
  return limit > 0 ? limit : Math.max(...Object.values(limits));
}

/** Adapters mark failures no retry can fix with `details.retryable === false`; a file too large stays too large. */
function isPermanent(err: unknown): boolean {
  if (!(err instanceof AppError)) return false;
  if (err.code === 'ATTACHMENT_TOO_LARGE') return true;
  return typeof err.details === 'object' && err.details !== null && Reflect.get(err.details, 'retryable') === false;
}

export class MediaFetcher {
  private readonly policy: MediaRetryPolicy;
  private readonly adapterOf: (kind: ChannelKind) => ChannelAdapter<unknown>;
  private readonly transfer: MediaTransfer;
  /** When each attachment may be tried again (in memory: after a restart all are due). */
  private readonly notBefore = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: MediaFetcherDeps) {
    this.policy = deps.policy ?? DEFAULT_MEDIA_POLICY;
    this.adapterOf = deps.adapterOf ?? getAdapter;
    this.transfer = deps.transfer ?? createMediaTransfer({ operatorOrigins: deps.mediaHosts ?? [] });
  }

  start(): void {
    this.sweepTimer = setInterval(() => this.kick(), this.policy.sweepIntervalMs);
    this.sweepTimer.unref();
    this.kick();
  }

  /** Looks for pending downloads now (after a webhook stored new media). */
  kick(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.runUntilQuiet().finally(() => {
      this.current = null;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.current;
  }

  /** Runs sweeps while kicks keep arriving, so media stored mid-sweep is not left waiting. */
  private async runUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.sweep();
      } catch (err) {
        this.deps.log.error({ err }, 'media sweep failed');
      }
    } while (this.again && !this.stopped);
  }

  private async sweep(): Promise<void> {
    const now = this.deps.now();
    let nextDue: number | null = null;
    for (const pending of await this.deps.attachments.listPendingAttachments()) {
      if (this.stopped) return;
      const due = this.notBefore.get(pending.attachmentId) ?? 0;
      if (due > now) {
        nextDue = nextDue === null ? due : Math.min(nextDue, due);
        continue;
      }
      // Another node is downloading it (or waiting for its retry): skip it; its lease says until when.
      const claimedAt = this.deps.now();
      if (!(await this.claim(pending.attachmentId, claimedAt, claimedAt))) continue;
      const retryAt = await this.fetchOne(pending);
      if (retryAt !== null) nextDue = nextDue === null ? retryAt : Math.min(nextDue, retryAt);
    }
    this.scheduleWake(nextDue);
  }

  /** Wakes up for the earliest retry instead of waiting for the next sweep. */
  private scheduleWake(at: number | null): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
    if (at === null || this.stopped) return;
    this.wakeTimer = setTimeout(() => this.kick(), Math.max(0, at - this.deps.now()));
    this.wakeTimer.unref();
  }

  /** Downloads one attachment; returns when to retry it, or null when done (ready or failed). */
  private async fetchOne(pending: PendingAttachment): Promise<number | null> {
    const attempt = pending.attempts + 1;
    try {
      const blob = await this.download(pending);
      await this.deps.attachments.markAttachmentReady(pending.attachmentId, blob);
      this.notBefore.delete(pending.attachmentId);
      await this.release(pending.attachmentId);
      return null;
    } catch (err) {
      const reason = err instanceof AppError ? err.message : `download failed: ${String(err)}`;
      const retryInMs = isPermanent(err) ? null : retryDelay(backoffOf(this.policy), attempt);
      const willRetry = retryInMs !== null;
      this.deps.log.warn({ attachmentId: pending.attachmentId, attempt, willRetry, reason }, 'media download failed');
      await this.deps.attachments.markAttachmentFailed(pending.attachmentId, reason, { willRetry });
      await this.reportFailure(pending.channelId, reason);
      if (retryInMs === null) {
        this.notBefore.delete(pending.attachmentId);
        await this.release(pending.attachmentId);
        return null;
      }
      const retryAt = this.deps.now() + retryInMs;
      this.notBefore.set(pending.attachmentId, retryAt);
      // Held through the wait, so another node does not retry it early.
      await this.claim(pending.attachmentId, this.deps.now(), retryAt);
      return retryAt;
    }
  }

  /** Claims (or renews) a download for this node until `from` + the lease; always granted without claims. */
  private async claim(attachmentId: string, now: number, from: number): Promise<boolean> {
    const claims = this.deps.claims;
    if (!claims) return true;
    const leaseMs = (claims.policy ?? DEFAULT_MEDIA_CLAIM_POLICY).leaseMs;
    return await claims.repository.claimAttachment(attachmentId, claims.nodeId, now, from + leaseMs);
  }

  private async release(attachmentId: string): Promise<void> {
    const claims = this.deps.claims;
    if (!claims) return;
    try {
      await claims.repository.releaseAttachment(attachmentId, claims.nodeId);
    } catch (err) {
      this.deps.log.warn({ err, attachmentId }, 'clearing a download claim failed');
    }
  }

  /** Health bookkeeping must never stop the download's own retry from being scheduled. */
  private async reportFailure(channelId: string, reason: string): Promise<void> {
    try {
      await this.deps.onDownloadFailed?.(channelId, reason);
    } catch (err) {
      this.deps.log.error({ err, channelId }, 'recording the download failure for channel health failed');
    }
  }

  private async download(pending: PendingAttachment): Promise<ReadyBlob> {
    const adapter = this.adapterOf(pending.channelKind);
    const credentials = readCredentials(adapter, await this.deps.credentialsOf(pending.channelId));
    if (!credentials.success)
      throw new AppError('MEDIA_DOWNLOAD_FAILED', 'the channel’s stored credentials are no longer valid');
    const media = await adapter.downloadMedia(
      pending.media,
      credentials.data,
      this.deps.contexts.contextFor(pending.channelId),
      this.transfer,
    );
    try {
      const limit = inboundMediaLimit(pending.channelKind, media.mimeType);
      if (media.declaredSize !== null && media.declaredSize > limit) throw blobTooLarge(limit, media.declaredSize);
      const stored = await this.deps.blobs.putStream(media.body, limit);
      return {
        sha256: stored.sha256,
        size: stored.size,
        mimeType: media.mimeType,
        fileName: media.fileName ?? pending.media.fileName,
      };
    } finally {
      // Refused before reading, cut off or done: the connection is not needed any more.
      media.body.destroy();
    }
  }
}
