/**
 * The way from a channel to the provider that keeps its templates: the
 * kind's template capability, the channel's parsed credentials and a
 * context for the calls. A kind without the capability keeps its templates
 * locally; a WhatsApp channel without its WhatsApp Business Account id has
 * none to sync (TEMPLATES_NEED_WABA_ID). Provider refusals become AppErrors
 * carrying the provider's words.
 */
import { filterAsync } from '../../node-shared/async-list.js';
import { createHash } from 'node:crypto';
import type { ChannelKind } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { ProviderTemplates } from '../channels/template-types.js';
import type { AdapterContext, ProviderFailure } from '../channels/types.js';
import { AdapterContexts } from '../providers/adapter-contexts.js';
import type { AdapterLookup, ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import { readCredentials } from '../providers/credentials.js';

export interface TemplateProvider {
  readonly api: ProviderTemplates<unknown>;
  readonly credentials: unknown;
  readonly ctx: AdapterContext;
  /** The account webhook changes name (WhatsApp: the WABA id). */
  readonly accountId: string | null;
  /** Changes when the credentials do: a channel with new credentials is synced at once. */
  readonly fingerprint: string;
}

/** A provider refusal as the admin reads it: our sentence's code, the provider's own words as the message. */
export function providerRefusal(failure: ProviderFailure): AppError {
  return new AppError(failure.code, `Meta: ${failure.providerError}`, { providerError: failure.providerError });
}

export class ProviderTemplateAccess {
  private readonly contexts: AdapterContexts;

  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
    private readonly adapters: AdapterLookup,
  ) {
    this.contexts = new AdapterContexts(fetch, () => ctx.now());
  }

  /** The kind's provider templates, or null when the kind keeps its templates in Switchboard (Twilio). */
  managerOf(kind: ChannelKind): ProviderTemplates<unknown> | null {
    return this.adapters(kind)?.templates ?? null;
  }

  /** The provider of a channel's templates, or why there is none to reach. */
  async tryOpen(channelId: string): Promise<{ ok: true; provider: TemplateProvider } | { ok: false; error: AppError }> {
    const kind = await this.ctx.store.channels.kindOf(channelId);
    if (kind === null) return { ok: false, error: new AppError('NOT_FOUND', 'No such channel.') };
    const adapter = this.adapters(kind);
    const api = adapter?.templates;
    if (!adapter || !api)
      return { ok: false, error: new AppError('VALIDATION_FAILED', `channelId: ${kind} templates are kept locally`) };
    const parsed = readCredentials(adapter, await this.channels.credentialsOf(channelId));
    if (!parsed.success)
      return {
        ok: false,
        error: new AppError('INTERNAL', 'The channel’s stored credentials cannot be read: enter them again.'),
      };
    const missing = api.missing(parsed.data);
    if (missing) return { ok: false, error: new AppError(missing) };
    const accountId = api.accountOf(parsed.data);
    const fingerprint = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex').slice(0, 32);
    return {
      ok: true,
      provider: { api, credentials: parsed.data, ctx: this.contexts.contextFor(channelId), accountId, fingerprint },
    };
  }

  /**
   * The channels whose templates are those of the same account as this one (two numbers of one WhatsApp
   * Business Account share its templates), this one first.
   */
  async sharingAccount(channelId: string, accountId: string): Promise<string[]> {
    const others = await filterAsync(await this.ctx.store.channels.list(), async (channel) => {
      if (channel.id === channelId || !this.managerOf(channel.kind)) return false;
      const other = await this.tryOpen(channel.id);
      return other.ok && other.provider.accountId === accountId;
    });
    return [channelId, ...others.map((channel) => channel.id)];
  }

  async open(channelId: string): Promise<TemplateProvider> {
    const opened = await this.tryOpen(channelId);
    if (!opened.ok) throw opened.error;
    return opened.provider;
  }
}
