/**
 * Long polling with getUpdates, for a hub that has no public URL (Telegram
 * cannot reach a webhook). One poller per Telegram channel; the integration
 * layer starts it and stops it on shutdown.
 *
 * Telegram keeps an update until a getUpdates call with a higher `offset`
 * confirms it, so the poller moves the offset past an update only after
 * `onEvents` has stored it: a crash or a failed store means Telegram sends it
 * again, and dedup by provider message id makes that harmless. getUpdates
 * refuses to work while a webhook is set (409 "Conflict: can't use getUpdates
 * method while webhook is active"); the poller then deletes the webhook.
 */
import { z } from 'zod';
import type { InboundEvent, ProviderFailure } from '../types.js';
import type { TelegramCredentials } from './credentials.js';
import { callTelegram } from './api.js';
import { telegramUpdateEvents } from './parse.js';
import { TgUpdate } from './payload.js';
import { delayFor, type BackoffPolicy } from '../../../node-shared/backoff.js';

/** Update kinds the hub asks for; message_reaction is only sent when listed. */
export const TELEGRAM_ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'business_message',
  'edited_business_message',
  'callback_query',
  'message_reaction',
  'my_chat_member',
] as const;

/** Telegram holds a getUpdates request open up to `timeout` seconds; 25 s stays under common proxy limits. */
const DEFAULT_POLL_TIMEOUT_SECONDS = 25;
/** Extra time the HTTP request gets beyond the long-poll timeout before it counts as hung. */
const REQUEST_GRACE_MS = 15_000;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

export interface PollerLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface TelegramPollerOptions {
  readonly credentials: TelegramCredentials;
  readonly fetch: typeof fetch;
  /** Stores the events of one update; the update is confirmed to Telegram only after this resolves. */
  readonly onEvents: (events: readonly InboundEvent[]) => Promise<void>;
  readonly logger?: PollerLogger;
  readonly pollTimeoutSeconds?: number;
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
  /** Where to start: the offset the previous poller of this bot confirmed up to (another node, a lease hand-over). */
  readonly initialOffset?: number | null;
  /**
   * Keeps the offset once an update is stored, so the next poller (another node) continues from it; false
   * means this poller must stop (its node lost the bot's lease), and it does, polling nothing more.
   */
  readonly onOffset?: (offset: number) => Promise<boolean>;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const NO_LOGGER: PollerLogger = { warn: () => undefined };

export class TelegramPoller {
  private offset: number | null = null;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private failures = 0;
  private readonly logger: PollerLogger;
  private readonly backoff: BackoffPolicy;

  constructor(private readonly options: TelegramPollerOptions) {
    this.offset = options.initialOffset ?? null;
    this.logger = options.logger ?? NO_LOGGER;
    this.backoff = {
      baseMs: options.firstRetryMs ?? FIRST_RETRY_MS,
      maxMs: options.maxRetryMs ?? MAX_RETRY_MS,
      jitter: 'none',
    };
  }

  get running(): boolean {
    return this.loop !== null;
  }

  /** Starts polling in the background; calling it again while running does nothing. */
  start(): void {
    if (this.loop !== null) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal).finally(() => {
      this.loop = null;
    });
  }

  /** Aborts the open getUpdates request and resolves once the loop has ended. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const waitMs = await this.pollOnce(signal);
      if (waitMs > 0) await pause(waitMs, signal);
    }
  }

  /** One getUpdates round; returns how long to wait before the next one. */
  private async pollOnce(signal: AbortSignal): Promise<number> {
    const timeout = this.options.pollTimeoutSeconds ?? DEFAULT_POLL_TIMEOUT_SECONDS;
    const body = {
      ...(this.offset === null ? {} : { offset: this.offset }),
      timeout,
      allowed_updates: TELEGRAM_ALLOWED_UPDATES,
    };
    const requestSignal = AbortSignal.any([signal, AbortSignal.timeout(timeout * 1000 + REQUEST_GRACE_MS)]);
    const result = await callTelegram(
      this.options.credentials,
      this.options,
      'getUpdates',
      body,
      z.array(z.unknown()),
      {
        signal: requestSignal,
      },
    );
    if (signal.aborted) return 0;
    if (!result.ok) return this.afterFailure(result.failure, signal);
    for (const raw of result.result) {
      if (signal.aborted) return 0;
      const before = this.offset;
      if (!(await this.deliver(raw))) return this.nextRetryDelay();
      if (this.offset !== before && this.offset !== null && !(await this.keepOffset(this.offset))) {
        this.controller?.abort();
        return 0;
      }
    }
    this.failures = 0;
    return 0;
  }

  /** Stores one update; false when storing failed (the update stays unconfirmed and comes back). */
  private async deliver(raw: unknown): Promise<boolean> {
    const update = TgUpdate.safeParse(raw);
    if (!update.success) {
      this.logger.warn(
        { issues: update.error.issues.slice(0, 3) },
        'telegram getUpdates returned an entry without update_id',
      );
      return true;
    }
    let events: InboundEvent[];
    try {
      events = telegramUpdateEvents(update.data);
    } catch (err) {
      // A malformed update would block the queue forever: log it and move past it.
      this.logger.warn(
        { updateId: update.data.update_id, error: err instanceof Error ? err.message : String(err) },
        'telegram update skipped: malformed',
      );
      this.offset = update.data.update_id + 1;
      return true;
    }
    try {
      await this.options.onEvents(events);
    } catch (err) {
      this.logger.warn(
        { updateId: update.data.update_id, error: String(err) },
        'telegram update not stored; will poll it again',
      );
      return false;
    }
    this.offset = update.data.update_id + 1;
    return true;
  }

  /** False when the offset could not be kept because this node no longer holds the bot (stop polling). */
  private async keepOffset(offset: number): Promise<boolean> {
    if (!this.options.onOffset) return true;
    try {
      return await this.options.onOffset(offset);
    } catch (err) {
      this.logger.warn({ offset, error: String(err) }, 'telegram offset not kept; stopping this poller');
      return false;
    }
  }

  private async afterFailure(failure: ProviderFailure, signal: AbortSignal): Promise<number> {
    this.logger.warn({ code: failure.code, providerError: failure.providerError }, 'telegram getUpdates failed');
    if (failure.providerError.startsWith('409') && /webhook/i.test(failure.providerError)) {
      // The bot still has a webhook from an earlier setup: polling needs it gone (pending updates are kept).
      const deleted = await callTelegram(
        this.options.credentials,
        this.options,
        'deleteWebhook',
        { drop_pending_updates: false },
        z.unknown(),
        { signal },
      );
      if (deleted.ok) return 0;
    }
    return this.nextRetryDelay(failure.retryAfterMs);
  }

  /** Telegram's `retry_after` (a 429's advised wait) is waited out, up to the longest wait. */
  private nextRetryDelay(retryAfterMs: number | null = null): number {
    this.failures += 1;
    return delayFor(this.backoff, this.failures, { retryAfterMs });
  }
}
