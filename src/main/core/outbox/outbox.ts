/**
 * The outbox: a reply is written here (with a UUIDv7 client id, attachments
 * staged on disk) before anything is sent, shown at once as queued, and sent
 * when the hub is reachable — after reconnects and restarts too. The hub
 * stores a message once per client id, so a retry after a crash never sends
 * twice. Replies written offline are checked against what synced meanwhile
 * and held for the agent's decision when someone else answered. It never
 * applies hub events itself (the sync engine does) and never talks to the UI.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ClientMessage, SendRequest } from '../../../shared/api.js';
import { checkAttachment } from '../../../shared/channel-rules.js';
import type { Attachment, Message } from '../../../shared/domain.js';
import { AppError, type ErrorCode } from '../../../shared/errors.js';
import type { CommandRequest } from '../../../shared/protocol.js';
import { uuidv7 } from '../../../shared/uuidv7.js';
import type { ClientCache } from '../cache/client-cache.js';
import { errorMessage, type Logger } from '../logger.js';
import { Dismissals, type DismissalReason } from './dismissals.js';
import { HoldCheck } from './hold-check.js';
import { outboxMessage } from './outbox-message.js';
import type { OutboxEntry, StagedFile } from './outbox-store.js';

/** Failures after which the reply stays queued and goes out on the next connection. */
/** Sent files whose outbox id is still answered; past this many, start over. */
const SENT_FILES_KEPT = 500;

const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'OFFLINE',
  'HUB_UNREACHABLE',
  'UNAUTHENTICATED',
  'PROVIDER_RATE_LIMITED',
  'PROVIDER_UNAVAILABLE',
]);

export interface OutboxLink {
  readonly isOnline: boolean;
  sendMessage(request: CommandRequest<'message.send'>): Promise<Message>;
}

export interface OutboxDeps {
  readonly cache: ClientCache;
  readonly now: () => number;
  readonly logger: Logger;
  readonly link: OutboxLink;
  readonly upload: (file: StagedFile) => Promise<string>;
  readonly onChanged: (conversationId: string) => void;
  /** The hub stored a sent file as `attachmentId`: keep the agent's staged copy as its cached file. */
  readonly adoptSent?: (attachmentId: string, file: StagedFile) => void;
}

export class Outbox {
  private readonly holds: HoldCheck;
  private readonly dismissals: Dismissals;
  private flushing: Promise<void> | null = null;
  /** `<clientId>-<n>` of files sent in this session → the id the hub gave them. */
  private readonly sentFiles = new Map<string, string>();
  private flushAgain = false;

  constructor(private readonly deps: OutboxDeps) {
    this.holds = new HoldCheck(deps.cache, deps.now);
    this.dismissals = deps.cache.dismissals;
    deps.cache.outbox.requeueInterrupted();
  }

  /** Writes the reply to the outbox and starts sending it; returns it as shown (queued). */
  enqueue(input: z.output<typeof SendRequest>): ClientMessage {
    const { cache, now } = this.deps;
    const conversation = cache.read.conversation(input.conversationId);
    const channel = conversation ? cache.read.channel(conversation.channelId) : null;
    if (!conversation || !channel) throw new AppError('NOT_FOUND');
    checkContent(input);
    for (const file of input.files) {
      const check = checkAttachment(channel.kind, file.fileName, file.data.byteLength);
      if (!check.ok)
        throw new AppError(check.code, undefined, { fileName: file.fileName, limitBytes: check.limitBytes });
    }
    const createdAt = now();
    const clientId = uuidv7(createdAt);
    const files = this.stageFiles(clientId, input.files);
    cache.outbox.insert({
      clientId,
      conversationId: conversation.id,
      kind: input.kind,
      text: input.text,
      template: input.template,
      replyToMessageId: input.replyToMessageId,
      files,
      createdAt,
      baseSeq: cache.syncState.get().lastSeq,
      baseMessageAt: cache.read.newestMessageAt(conversation.id),
      baseAssigneeId: conversation.assigneeId,
    });
    this.deps.onChanged(conversation.id);
    void this.flush();
    const entry = cache.outbox.get(clientId);
    if (!entry) throw new AppError('INTERNAL', 'outbox row vanished');
    return this.view(entry);
  }

  /** The outbox rows of a conversation, as messages. */
  messagesFor(conversationId: string): ClientMessage[] {
    return this.deps.cache.outbox.forConversation(conversationId).map((entry) => this.view(entry));
  }

  view(entry: OutboxEntry): ClientMessage {
    const { cache } = this.deps;
    const conversation = cache.read.conversation(entry.conversationId);
    const channel = conversation ? cache.read.channel(conversation.channelId) : null;
    return outboxMessage(entry, {
      me: cache.me,
      channelKind: channel?.kind ?? null,
      conversation,
      template: entry.template ? cache.read.template(entry.template.templateId) : null,
      now: this.deps.now(),
      online: this.deps.link.isOnline,
    });
  }

  /**
   * The agent decided about a held reply (send it anyway, or drop it) or a failed one (drop it: an
   * outbox row is removed, the hub's copy of a reply of mine is left out of my thread from now on).
   */
  decide(clientId: string, action: 'send' | 'discard'): void {
    const entry = this.deps.cache.outbox.get(clientId);
    if (action === 'discard' && !entry) return this.discardStored(clientId);
    if (!entry || (entry.state !== 'held' && !(action === 'discard' && entry.state === 'failed'))) {
      throw new AppError('NOT_FOUND');
    }
    if (action === 'discard') this.discard(entry);
    else {
      this.deps.cache.outbox.overrideHold(clientId, this.deps.now());
      this.deps.onChanged(entry.conversationId);
      void this.flush();
    }
  }

  /** What the agent decided about failed replies the hub stored, by message id (the thread marks or drops them). */
  dismissalsFor(conversationId: string): ReadonlyMap<string, DismissalReason> {
    return this.dismissals.ofConversation(conversationId);
  }

  /**
   * Tries a failed reply again. Refused by the hub before it stored anything:
   * the same row is queued again. Stored as failed by the hub (a rule or the
   * provider refused it): a new reply with the same content and a new client
   * id, since the hub answers a known client id with the stored message; the
   * failed one is marked as retried so it is not shown as failed twice.
   */
  retry(clientId: string): ClientMessage {
    const { cache, now } = this.deps;
    const entry = cache.outbox.get(clientId);
    if (entry) {
      if (entry.state !== 'failed') throw new AppError('CONFLICT', 'This reply is not failed.');
      cache.outbox.setState(clientId, 'queued', now());
      this.deps.onChanged(entry.conversationId);
      void this.flush();
      return this.view({ ...entry, state: 'queued', reasonCode: null, reason: null });
    }
    const failed = cache.read.messageByClientId(clientId);
    if (!failed || failed.state !== 'failed' || failed.senderAgentId !== cache.me) throw new AppError('NOT_FOUND');
    if (failed.attachments.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Attach the file again to resend it.');
    }
    const template = failed.meta.template
      ? { templateId: failed.meta.template.templateId, params: failed.meta.template.params }
      : null;
    this.dismissals.mark(failed.id, failed.conversationId, 'retried', now());
    return this.enqueue({
      conversationId: failed.conversationId,
      kind: template ? 'template' : failed.kind === 'note' ? 'note' : 'text',
      text: template ? null : failed.text,
      files: [],
      template,
      replyToMessageId: null,
    });
  }

  /**
   * Removes the staged files of replies the hub has stored (found while syncing); a file the hub
   * stored becomes the cached copy of its attachment first.
   */
  forgetSettled(clientIds: readonly string[]): void {
    for (const clientId of clientIds) this.adoptSentFiles(clientId);
    for (const clientId of clientIds) rmSync(this.stagingDir(clientId), { recursive: true, force: true });
  }

  /** Sends every queued reply in order; concurrent calls join one pass (and run once more after it). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.flushAgain = false;
        try {
          await this.flushOnce();
        } catch (error) {
          // The cache closed (sign-out) or the disk failed: the rows stay queued for the next run.
          this.deps.logger.error({ error: errorMessage(error) }, 'outbox pass stopped');
          return;
        }
      } while (this.flushAgain);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    for (const queued of this.deps.cache.outbox.queued()) {
      if (!this.deps.link.isOnline) return;
      const entry = this.deps.cache.outbox.get(queued.clientId);
      if (!entry || entry.state !== 'queued') continue;
      const hold = this.holds.check(entry);
      if (hold) {
        this.deps.cache.outbox.setState(entry.clientId, 'held', this.deps.now(), hold.code, hold.reason);
        this.deps.onChanged(entry.conversationId);
        continue;
      }
      const keepGoing = await this.sendOne(entry);
      if (!keepGoing) return;
    }
  }

  /** Sends one reply; false when the link failed and the rest should wait. */
  private async sendOne(entry: OutboxEntry): Promise<boolean> {
    const { cache, now } = this.deps;
    if (!cache.outbox.startAttempt(entry.clientId, now())) return true;
    this.deps.onChanged(entry.conversationId);
    try {
      const mediaIds = await this.uploadOnce(entry);
      const message = await this.deps.link.sendMessage({
        clientId: entry.clientId,
        conversationId: entry.conversationId,
        kind: entry.kind,
        text: entry.text,
        attachments: mediaIds.map((mediaId) => ({ mediaId })),
        template: entry.template,
        replyToMessageId: entry.replyToMessageId,
      });
      cache.transaction(() => {
        cache.entities.upsertMessage(message, cache.syncState.get().lastSeq);
        cache.outbox.remove(entry.clientId);
      });
      this.forgetSettled([entry.clientId]);
      this.deps.onChanged(entry.conversationId);
      return true;
    } catch (error) {
      return this.onSendFailed(entry, error);
    }
  }

  private onSendFailed(entry: OutboxEntry, error: unknown): boolean {
    const { cache, now, logger } = this.deps;
    const code = error instanceof AppError ? error.code : 'INTERNAL';
    const transient = TRANSIENT.has(code);
    logger.warn({ clientId: entry.clientId, code, error: errorMessage(error) }, 'reply not sent');
    if (cache.outbox.get(entry.clientId)) {
      if (transient) cache.outbox.setState(entry.clientId, 'queued', now());
      else cache.outbox.setState(entry.clientId, 'failed', now(), code, errorMessage(error));
    }
    this.deps.onChanged(entry.conversationId);
    return !transient;
  }

  /** Uploads staged files unless an earlier attempt did; keeps the mediaIds in the row. */
  private async uploadOnce(entry: OutboxEntry): Promise<readonly string[]> {
    if (entry.mediaIds !== null) return entry.mediaIds;
    if (entry.files.length === 0) return [];
    const mediaIds: string[] = [];
    for (const file of entry.files) mediaIds.push(await this.deps.upload(file));
    this.deps.cache.outbox.setMediaIds(entry.clientId, mediaIds);
    return mediaIds;
  }

  /**
   * A file of a reply still in the outbox (`<clientId>-<n>`, as outboxMessage names it): the agent's
   * own staged copy, shown and opened without asking the hub. For a reply sent a moment ago, the
   * id the hub gave that file (a view read before the message list refreshed may still ask).
   */
  ownFile(attachmentId: string): { attachment: Attachment; path: string } | { sentAs: string } | null {
    const sentAs = this.sentFiles.get(attachmentId);
    if (sentAs !== undefined) return { sentAs };
    const cut = attachmentId.lastIndexOf('-');
    if (cut <= 0 || !/^\d+$/.test(attachmentId.slice(cut + 1))) return null;
    const entry = this.deps.cache.outbox.get(attachmentId.slice(0, cut));
    const index = Number(attachmentId.slice(cut + 1));
    const file = entry?.files[index];
    const attachment = entry && file ? this.view(entry).attachments[index] : undefined;
    return file && attachment ? { attachment, path: file.path } : null;
  }

  /** The hub has the files now: its attachments take over the staged copies (same bytes, no download). */
  private adoptSentFiles(clientId: string): void {
    const message = this.deps.cache.read.messageByClientId(clientId);
    message?.attachments.forEach((stored, i) => {
      const path = join(this.stagingDir(clientId), String(i));
      if (!existsSync(path)) return;
      if (this.sentFiles.size >= SENT_FILES_KEPT) this.sentFiles.clear();
      this.sentFiles.set(`${clientId}-${i}`, stored.id);
      const size = statSync(path).size;
      if (stored.size !== null && stored.size !== size) return;
      try {
        this.deps.adoptSent?.(stored.id, { fileName: stored.fileName ?? '', mimeType: stored.mimeType, size, path });
      } catch (error) {
        this.deps.logger.warn({ attachmentId: stored.id, error: errorMessage(error) }, 'sent file not kept');
      }
    });
  }

  private discardStored(clientId: string): void {
    const { cache, now } = this.deps;
    const failed = cache.read.messageByClientId(clientId);
    if (!failed || failed.state !== 'failed' || failed.senderAgentId !== cache.me) throw new AppError('NOT_FOUND');
    this.dismissals.mark(failed.id, failed.conversationId, 'discarded', now());
    this.deps.onChanged(failed.conversationId);
  }

  private discard(entry: OutboxEntry): void {
    this.deps.cache.outbox.remove(entry.clientId);
    this.forgetSettled([entry.clientId]);
    this.deps.onChanged(entry.conversationId);
  }

  private stagingDir(clientId: string): string {
    return join(this.deps.cache.folder, 'outbox-files', clientId);
  }

  private stageFiles(clientId: string, files: z.output<typeof SendRequest>['files']): StagedFile[] {
    if (files.length === 0) return [];
    const dir = this.stagingDir(clientId);
    mkdirSync(dir, { recursive: true });
    return files.map((file, i) => {
      const path = join(dir, String(i));
      writeFileSync(path, file.data);
      return { fileName: file.fileName, mimeType: file.mimeType, size: file.data.byteLength, path };
    });
  }
}

function checkContent(input: z.output<typeof SendRequest>): void {
  if ((input.kind === 'text' || input.kind === 'note') && !input.text?.trim()) {
    throw new AppError('VALIDATION_FAILED', 'text: a reply needs text');
  }
  if (input.kind === 'attachment' && input.files.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'files: attach at least one file');
  }
  if (input.kind === 'template' && input.template === null) {
    throw new AppError('VALIDATION_FAILED', 'template: choose a template');
  }
}
