/**
 * Asking the provider whom credentials belong to, and what the hub keeps of
 * the answer when it saves them (a channel's `verification`). Credentials the
 * provider refuses are not saved unless the admin says so explicitly; then the
 * channel is marked unverified with the provider's words.
 */
import type { ChannelVerification } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { AdapterContext, ChannelAdapter, VerifyOutcome } from '../channels/types.js';
import { AdapterContexts } from '../providers/adapter-contexts.js';

export class ChannelVerifier {
  constructor(
    private readonly now: () => number,
    private readonly fetch: typeof globalThis.fetch = globalThis.fetch,
  ) {}

  /**
   * A throwaway context per call: nothing the provider hands out (a WeChat access token) outlives it,
   * and nothing cached for a saved channel is used.
   */
  private context(): AdapterContext {
    return new AdapterContexts(this.fetch, this.now).contextFor('verify');
  }

  /** The provider's answer; read-only, it never changes the account. */
  ask(adapter: ChannelAdapter<unknown>, credentials: unknown): Promise<VerifyOutcome> {
    return adapter.verifyCredentials(credentials, this.context());
  }

  /**
   * What is saved with the credentials: verified with the provider's identity, or — only when
   * `saveUnverified` — unverified with its refusal. Otherwise a refusal is CHANNEL_NOT_VERIFIED in the
   * provider's words (`details.providerCode` is its code: PROVIDER_AUTH_FAILED, PROVIDER_UNAVAILABLE …).
   */
  async verificationFor(
    adapter: ChannelAdapter<unknown>,
    credentials: unknown,
    saveUnverified: boolean,
  ): Promise<ChannelVerification> {
    const outcome = await this.ask(adapter, credentials);
    const checkedAt = this.now();
    if (outcome.ok) {
      const identity = { label: outcome.identity.label, details: { ...outcome.identity.details } };
      return { status: 'verified', checkedAt, reason: null, code: null, identity };
    }
    if (!saveUnverified) throw new AppError('CHANNEL_NOT_VERIFIED', outcome.reason, { providerCode: outcome.code });
    return { status: 'unverified', checkedAt, reason: outcome.reason, code: outcome.code, identity: null };
  }
}
