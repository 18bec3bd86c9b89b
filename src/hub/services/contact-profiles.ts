/**
 * Names for LINE and WeChat customers (docs/hub.md, "Contact profiles"). Their webhooks carry only an
 * id, so after a webhook has been answered the hub asks the provider for the sender's profile: once
 * when the contact is new, and again on a new inbound message when the last answer is older than
 * `refreshAfterMs`. A few quick retries for a provider that is down; then the contact waits for the
 * next kick, and after `maxRounds` failed rounds for the next refresh — never a retry storm. A
 * customer without a profile (LINE 404, a WeChat user who does not follow) is an answer, not a failure.
 */
import type { Logger } from 'pino';
import { ChannelKind } from '../../shared/domain.js';
import { getAdapter } from '../channels/registry.js';
import type { ChannelAdapter } from '../channels/types.js';
import type { AdapterContexts } from '../providers/adapter-contexts.js';
import type { AvatarDownloader } from './contact-avatars.js';
import type { ContactService } from './contacts.js';
import type { ContactRepository } from '../store/ports/contacts.js';

export interface ProfilePolicy {
  /** Delays between the tries of one round (its length + 1 tries in all). */
  readonly retryDelaysMs: readonly number[];
  /** Rounds that may fail before the contact waits for the next refresh. */
  readonly maxRounds: number;
  /** A profile older than this is asked again when the customer writes. */
  readonly refreshAfterMs: number;
}

const DEFAULT_PROFILE_POLICY: ProfilePolicy = {
  retryDelaysMs: [2000, 10_000],
  maxRounds: 3,
  refreshAfterMs: 7 * 24 * 60 * 60 * 1000,
};

/** Contacts asked about per pass: a burst of new senders is worked through in slices. */
const BATCH = 20;

export interface ContactProfileDeps {
  readonly contacts: Pick<ContactRepository, 'listProfileDue' | 'markProfileFailed'>;
  /** A channel's kind (ChannelRepository.kindOf): never changes, so it is read once per channel. */
  readonly kindOf: (channelId: string) => Promise<ChannelKind | null>;
  readonly service: Pick<ContactService, 'applyProfile'>;
  readonly credentialsOf: (channelId: string) => Promise<unknown>;
  readonly contexts: AdapterContexts;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  readonly now: () => number;
  readonly policy?: ProfilePolicy;
  readonly adapterOf?: (kind: ChannelKind) => ChannelAdapter<unknown>;
  /** Downloads the picture a profile names (contact-avatars.ts); without it pictures are ignored. */
  readonly avatars?: Pick<AvatarDownloader, 'refresh'>;
}

export class ContactProfileFetcher {
  private readonly policy: ProfilePolicy;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** The kinds whose adapter asks the provider for a sender's profile (ChannelAdapter.fetchProfile). */
  private readonly profileKinds: readonly ChannelKind[];
  private readonly kinds = new Map<string, ChannelKind>();

  constructor(private readonly deps: ContactProfileDeps) {
    const adapterOf = deps.adapterOf ?? getAdapter;
    this.profileKinds = ChannelKind.options.filter((kind) => adapterOf(kind).fetchProfile !== undefined);
    this.policy = deps.policy ?? DEFAULT_PROFILE_POLICY;
  }

  /**
   * Messages were stored on the channel: when its provider gives profiles, look for due ones soon. Other
   * channels' messages (most of a WhatsApp team's) cost no search of the contacts.
   */
  async arrivedOn(channelId: string): Promise<void> {
    let kind = this.kinds.get(channelId);
    if (kind === undefined) {
      kind = (await this.deps.kindOf(channelId)) ?? undefined;
      if (kind !== undefined) this.kinds.set(channelId, kind);
    }
    if (kind !== undefined && this.profileKinds.includes(kind)) this.kick();
  }

  /** Look for due profiles soon (never inside the webhook's request). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .catch((err: unknown) => this.deps.log.warn({ err }, 'contact profile lookup failed'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the pass in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    await this.running;
  }

  private async drain(): Promise<void> {
    const seen = new Set<string>();
    for (;;) {
      const staleBefore = this.deps.now() - this.policy.refreshAfterMs;
      const due = (
        await this.deps.contacts.listProfileDue(this.profileKinds, staleBefore, this.policy.maxRounds, BATCH)
      ).filter((d) => !seen.has(d.contact.id));
      if (due.length === 0 || this.stopped) return;
      for (const { contact, kind } of due) {
        seen.add(contact.id);
        await this.lookUp(contact.id, contact.channelId, contact.identity.externalId, kind as ChannelKind);
        if (this.stopped) return;
      }
    }
  }

  private async lookUp(contactId: string, channelId: string, externalId: string, kind: ChannelKind): Promise<void> {
    const adapter = (this.deps.adapterOf ?? getAdapter)(kind);
    if (!adapter.fetchProfile) return;
    const credentials = await this.deps.credentialsOf(channelId);
    const ctx = this.deps.contexts.contextFor(channelId);
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await adapter.fetchProfile(externalId, credentials, ctx);
      if (outcome.ok) {
        await this.deps.service.applyProfile(
          contactId,
          outcome.profile?.name ?? null,
          outcome.profile?.language ?? null,
        );
        await this.deps.avatars?.refresh(contactId, kind, credentials, outcome.profile?.pictureUrl ?? null);
        return;
      }
      const delay = this.policy.retryDelaysMs[attempt];
      if (!outcome.retryable || delay === undefined || this.stopped) {
        this.deps.log.warn({ channelId, contactId, reason: outcome.reason }, 'contact profile not available');
        // A refusal that retrying cannot fix (an invalid token) waits like a provider that stayed down.
        await this.deps.contacts.markProfileFailed(
          contactId,
          this.deps.now(),
          outcome.retryable ? this.policy.maxRounds : 1,
        );
        return;
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      entry.timer.unref();
      this.timers.add(entry);
    });
  }
}
