/**
 * Attachments on disk: downloaded from the hub's authenticated media endpoint
 * (`GET /api/attachments/:id`), kept under a size cap with least-recently-used
 * eviction, available offline once seen, prefetched for the newest messages
 * of my conversations. The renderer gets a URL from the injected
 * `mediaUrlFor`, never a path or the token. It never decides what the UI shows.
 */
import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachmentOpening, AttachmentView } from '../../../shared/api.js';
import type { Attachment } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { ClientCache } from '../cache/client-cache.js';
import { errorMessage, type Logger } from '../logger.js';
import { ensureOk, hubRequest, hubUrlOf, type FetchLike } from '../session/hub-http.js';
import { readFileHead } from './open-copy.js';
import { decideAttachmentOpening } from './open-decision.js';

export const DEFAULT_ATTACHMENT_CAP_BYTES = 512 * 1024 * 1024;
/** Prefetch only files up to this size, for this many newest attachments of my conversations. */
const PREFETCH_MAX_BYTES = 8 * 1024 * 1024;
const PREFETCH_COUNT = 30;
/** Downloads larger than this report progress. */
const PROGRESS_MIN_BYTES = 1024 * 1024;
/** Open decisions remembered (a cached file never changes under its id); past this many, start over. */
const OPENINGS_KEPT = 2000;

export interface AttachmentProgress {
  readonly attachmentId: string;
  readonly received: number;
  readonly total: number | null;
}

export interface AttachmentCacheDeps {
  readonly cache: ClientCache;
  readonly fetch: FetchLike;
  readonly hubUrl: string;
  readonly token: () => string | null;
  readonly isOnline: () => boolean;
  readonly mediaUrlFor: (attachmentId: string) => string;
  readonly capBytes: number;
  readonly now: () => number;
  readonly logger: Logger;
  /** A download finished (the conversation's messages should be re-read). */
  readonly onReady: (conversationId: string, attachmentId: string) => void;
  readonly onProgress: (progress: AttachmentProgress) => void;
  /** Files of the agent's own replies not yet stored by the hub (Outbox.ownFile). */
  readonly ownFile?: (attachmentId: string) => OwnFile | null;
}

/** The agent's staged copy of a file still in the outbox, or the hub's id for one just sent. */
export type OwnFile = { readonly attachment: Attachment; readonly path: string } | { readonly sentAs: string };

export class AttachmentCache {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failures = new Map<string, string>();
  private readonly openings = new Map<string, AttachmentOpening>();
  private readonly dir: string;

  constructor(private readonly deps: AttachmentCacheDeps) {
    this.dir = join(deps.cache.folder, 'attachments');
  }

  /** What the renderer may show now; starts a download when it is not on disk yet. */
  async view(attachmentId: string): Promise<AttachmentView> {
    const location = this.deps.cache.read.attachment(attachmentId);
    if (!location) return this.ownView(attachmentId);
    const { attachment } = location;
    const file = await this.file(attachmentId);
    if (file) {
      const opening = await this.opening(attachment, file.path);
      return { attachment, status: 'ready', url: this.deps.mediaUrlFor(attachmentId), error: null, opening };
    }
    const notReady = (status: 'downloading' | 'unavailable', error: string | null): AttachmentView => ({
      attachment,
      status,
      url: null,
      error,
      opening: null,
    });
    if (attachment.status === 'failed') return notReady('unavailable', attachment.error);
    // The hub is still fetching it from the provider; the message update will say when.
    if (attachment.status === 'pending') return notReady('downloading', null);
    if (!this.deps.isOnline()) return notReady('unavailable', new AppError('OFFLINE').message);
    const failure = this.failures.get(attachmentId);
    if (failure && !this.inFlight.has(attachmentId)) {
      this.failures.delete(attachmentId);
      return notReady('unavailable', failure);
    }
    void this.download(attachmentId);
    return notReady('downloading', null);
  }

  /** A queued reply's file is shown from the staged copy: nothing to ask the hub, nothing to download. */
  private async ownView(attachmentId: string): Promise<AttachmentView> {
    const own = this.deps.ownFile?.(attachmentId) ?? null;
    if (own === null) throw new AppError('NOT_FOUND');
    if ('sentAs' in own) return this.view(own.sentAs);
    const opening = await this.opening(own.attachment, own.path);
    return {
      attachment: own.attachment,
      status: 'ready',
      url: this.deps.mediaUrlFor(attachmentId),
      error: null,
      opening,
    };
  }

  /** The hub stored the agent's own file as `attachmentId`: the staged copy becomes its cached file. */
  adopt(attachmentId: string, file: { path: string; mimeType: string; size: number }): void {
    mkdirSync(this.dir, { recursive: true });
    const fileName = Buffer.from(attachmentId).toString('base64url');
    renameSync(file.path, join(this.dir, fileName));
    this.deps.cache.attachmentFiles.put({
      attachmentId,
      fileName,
      mimeType: file.mimeType,
      size: file.size,
      lastUsedAt: this.deps.now(),
    });
    void this.evict(attachmentId).catch((error: unknown) =>
      this.deps.logger.warn({ error: errorMessage(error) }, 'attachment eviction failed'),
    );
  }

  /** What *Open* does with this cached file (see open-decision.ts); the shell acts on it, the renderer explains it. */
  private async opening(attachment: Attachment, path: string): Promise<AttachmentOpening> {
    const key = JSON.stringify([attachment.id, attachment.mimeType, attachment.fileName]);
    const known = this.openings.get(key);
    if (known) return known;
    const opening = decideAttachmentOpening({
      fileName: attachment.fileName,
      mimeType: attachment.mimeType,
      head: await readFileHead(path),
      fallbackName: `attachment-${attachment.id.slice(0, 12)}`,
    });
    if (this.openings.size >= OPENINGS_KEPT) this.openings.clear();
    this.openings.set(key, opening);
    return opening;
  }

  /** The cached file for the shell's protocol handler; marks it used. Null when not on disk. */
  async file(attachmentId: string): Promise<{ path: string; mimeType: string } | null> {
    const entry = this.deps.cache.attachmentFiles.get(attachmentId);
    if (!entry) return this.ownFileOnDisk(attachmentId);
    const path = join(this.dir, entry.fileName);
    try {
      await stat(path);
    } catch (error) {
      this.deps.logger.warn({ attachmentId, error: errorMessage(error) }, 'cached attachment file is gone');
      this.deps.cache.attachmentFiles.remove(attachmentId);
      return null;
    }
    this.deps.cache.attachmentFiles.touch(attachmentId, this.deps.now());
    return { path, mimeType: entry.mimeType };
  }

  private async ownFileOnDisk(attachmentId: string): Promise<{ path: string; mimeType: string } | null> {
    const own = this.deps.ownFile?.(attachmentId) ?? null;
    if (own === null) return null;
    if ('sentAs' in own) return this.file(own.sentAs);
    return { path: own.path, mimeType: own.attachment.mimeType };
  }

  /** Downloads once (concurrent callers share the download). */
  download(attachmentId: string): Promise<void> {
    let running = this.inFlight.get(attachmentId);
    if (!running) {
      running = this.fetchToDisk(attachmentId)
        .catch((error: unknown) => {
          this.failures.set(attachmentId, errorMessage(error));
          this.deps.logger.warn({ attachmentId, error: errorMessage(error) }, 'attachment download failed');
        })
        .finally(() => this.inFlight.delete(attachmentId));
      this.inFlight.set(attachmentId, running);
    }
    return running;
  }

  /**
   * Fetches the newest ready attachments of conversations assigned to me, small ones only;
   * `conversationIds` narrows it to the conversations a live event just touched.
   */
  async prefetch(conversationIds: readonly string[] | null = null): Promise<void> {
    const { cache } = this.deps;
    for (const attachmentId of cache.attachmentFiles.notCachedOf(cache.me, conversationIds, PREFETCH_COUNT)) {
      // A download that failed here is not retried on every live event; opening the file retries it.
      if (conversationIds !== null && this.failures.has(attachmentId)) continue;
      if (!this.deps.isOnline()) return;
      const location = cache.read.attachment(attachmentId);
      const size = location?.attachment.size ?? null;
      // Never let prefetching push out more than half of what the agent opened on purpose.
      const limit = Math.min(PREFETCH_MAX_BYTES, this.deps.capBytes / 2);
      if (location?.attachment.status !== 'ready' || size === null || size > limit) continue;
      await this.download(attachmentId);
    }
  }

  /** Deletes the cached files of these attachments (a purged contact's), with their index rows. */
  async discard(attachmentIds: readonly string[]): Promise<void> {
    if (attachmentIds.length > 0) this.openings.clear();
    for (const attachmentId of attachmentIds) {
      this.failures.delete(attachmentId);
      const entry = this.deps.cache.attachmentFiles.get(attachmentId);
      if (!entry) continue;
      await rm(join(this.dir, entry.fileName), { force: true });
      this.deps.cache.attachmentFiles.remove(attachmentId);
    }
  }

  /** Removes least recently used files until the total fits the cap (the one just stored stays). */
  async evict(keep: string | null = null): Promise<void> {
    const index = this.deps.cache.attachmentFiles;
    let total = index.totalBytes();
    while (total > this.deps.capBytes) {
      const victims = index.leastRecentlyUsed(16).filter((f) => f.attachmentId !== keep);
      if (victims.length === 0) return;
      for (const victim of victims) {
        if (total <= this.deps.capBytes) return;
        await rm(join(this.dir, victim.fileName), { force: true });
        index.remove(victim.attachmentId);
        total -= victim.size;
      }
    }
  }

  private async fetchToDisk(attachmentId: string): Promise<void> {
    const location = this.deps.cache.read.attachment(attachmentId);
    const token = this.deps.token();
    if (!location) throw new AppError('NOT_FOUND');
    if (!token) throw new AppError('UNAUTHENTICATED');
    const url = hubUrlOf(this.deps.hubUrl, `api/attachments/${encodeURIComponent(attachmentId)}`);
    const response = await ensureOk(
      await hubRequest(this.deps.fetch, url, { headers: { authorization: `Bearer ${token}` } }),
    );
    await mkdir(this.dir, { recursive: true });
    const fileName = Buffer.from(attachmentId).toString('base64url');
    const partial = join(this.dir, `${fileName}.part`);
    const size = await this.writeBody(response, partial, attachmentId);
    await rename(partial, join(this.dir, fileName));
    const mimeType = location.attachment.mimeType || response.headers.get('content-type') || 'application/octet-stream';
    this.deps.cache.attachmentFiles.put({ attachmentId, fileName, mimeType, size, lastUsedAt: this.deps.now() });
    await this.evict(attachmentId);
    this.deps.onReady(location.conversationId, attachmentId);
  }

  private async writeBody(response: Response, path: string, attachmentId: string): Promise<number> {
    const lengthHeader = Number(response.headers.get('content-length'));
    const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : null;
    const reportProgress = total === null || total >= PROGRESS_MIN_BYTES;
    const out = createWriteStream(path);
    let received = 0;
    try {
      if (response.body) {
        const reader = response.body.getReader();
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) break;
          received += chunk.value.byteLength;
          if (!out.write(chunk.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          if (reportProgress) this.deps.onProgress({ attachmentId, received, total });
        }
      }
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    } catch (error) {
      out.destroy();
      await rm(path, { force: true });
      throw error;
    }
    return received;
  }
}
