/**
 * Keeps a channel's templates what the provider says they are (WhatsApp: the
 * WhatsApp Business Account's message templates). A sync reads every page
 * and reconciles in one transaction: new templates appear, changed ones are
 * updated (Switchboard's merge fields kept where the placeholders still fit),
 * templates the account no longer has are marked deleted. Status changes
 * Meta reports by webhook are applied at once. A channel is due for a sync
 * when it never had one, when its credentials changed, and an hour after the
 * last attempt by the hub's clock.
 */
import type { Template, TemplateButton, TemplateHeader } from '../../shared/domain.js';
import { AppError, isErrorCode } from '../../shared/errors.js';
import type { TemplateSyncResult, TemplateSyncState } from '../../shared/templates.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { ProviderListing, ProviderTemplate, TemplateStatusChange } from '../channels/template-types.js';
import type { TemplateSyncRecord } from '../store/templates.js';
import { requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { ProviderTemplateAccess } from './provider-templates.js';
import { providerRefusal } from './provider-templates.js';
import { onChannel, type WriteScope } from './writer.js';

/** How often templates are read again without any trigger: Meta's decisions also arrive by webhook. */
export const TEMPLATE_REFRESH_MS = 60 * 60 * 1000;

type Counts = Pick<TemplateSyncResult, 'added' | 'changed' | 'removed'>;

/** The placeholders' merge fields stay when the template still has as many. */
function keptPlaceholders(local: Template, remote: ProviderTemplate): Template['placeholders'] {
  return local.placeholders.length === remote.placeholderCount
    ? local.placeholders
    : Array.from({ length: remote.placeholderCount }, () => 'custom' as const);
}

function keptHeader(local: TemplateHeader | null, remote: TemplateHeader | null): TemplateHeader | null {
  if (!remote || !local) return remote;
  if (remote.format === 'text' && local.format === 'text' && local.text === remote.text)
    return { ...remote, placeholder: local.placeholder };
  if (remote.format !== 'text' && local.format === remote.format) return { ...remote, mediaUrl: local.mediaUrl };
  return remote;
}

function keptButtons(local: readonly TemplateButton[], remote: readonly TemplateButton[]): TemplateButton[] {
  return remote.map((button, i) => {
    const mine = local[i];
    return button.type === 'url' && mine?.type === 'url' && mine.url === button.url
      ? { ...button, placeholder: mine.placeholder }
      : button;
  });
}

function fromProvider(local: Template | null, remote: ProviderTemplate, channelId: string, now: number): Template {
  return {
    id: local?.id ?? uuidv7(),
    channelId,
    name: remote.name,
    language: remote.language,
    category: remote.category,
    body: remote.body,
    placeholders: local
      ? keptPlaceholders(local, remote)
      : Array.from({ length: remote.placeholderCount }, () => 'custom' as const),
    status: remote.status,
    header: keptHeader(local?.header ?? null, remote.header),
    footer: remote.footer,
    buttons: keptButtons(local?.buttons ?? [], remote.buttons),
    examples: [...remote.examples],
    providerTemplateId: remote.providerTemplateId,
    rejectionReason: remote.status === 'approved' ? null : remote.rejectionReason,
    createdAt: local?.createdAt ?? now,
    updatedAt: local?.updatedAt ?? now,
  };
}

const sameTemplate = (a: Template, b: Template): boolean =>
  JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });

export class TemplateSyncService {
  private readonly inFlight = new Map<string, Promise<TemplateSyncResult>>();
  private refreshing: Promise<number> | null = null;

  constructor(
    private readonly ctx: HubContext,
    private readonly access: ProviderTemplateAccess,
  ) {}

  /** How the channel's templates are kept and how the last sync went. */
  state(actor: Actor, channelId: string): TemplateSyncState {
    requireAdmin(actor);
    requireChannelAccess(this.ctx.store, actor, channelId);
    return this.stateOf(channelId);
  }

  private stateOf(channelId: string): TemplateSyncState {
    const kind = this.ctx.store.channels.kindOf(channelId);
    if (kind === null) throw new AppError('NOT_FOUND', 'No such channel.');
    const record = this.ctx.store.templates.syncOf(channelId);
    const base = {
      channelId,
      syncedAt: record?.syncedAt ?? null,
      attemptedAt: record?.attemptedAt ?? null,
      templateCount: record?.templateCount ?? 0,
      error: null,
    };
    if (!this.access.managerOf(kind)) return { ...base, status: 'local' };
    const opened = this.access.tryOpen(channelId);
    if (!opened.ok && opened.error.code === 'TEMPLATES_NEED_WABA_ID') return { ...base, status: 'needs-waba-id' };
    if (!record) return { ...base, status: 'never' };
    if (record.errorCode !== null)
      return {
        ...base,
        status: 'failed',
        error: { code: record.errorCode, message: record.errorMessage ?? '' },
      };
    return { ...base, status: 'ok' };
  }

  /** "Sync now": reads the account's templates and answers what changed; a refusal is thrown in the provider's words. */
  async sync(actor: Actor, channelId: string): Promise<TemplateSyncResult> {
    requireAdmin(actor);
    requireChannelAccess(this.ctx.store, actor, channelId);
    const opened = this.access.tryOpen(channelId);
    if (!opened.ok) throw opened.error;
    const result = await this.syncChannel(channelId);
    if (result.state.status === 'failed' && result.state.error) {
      const { code, message } = result.state.error;
      throw new AppError(isErrorCode(code) ? code : 'PROVIDER_REJECTED', message, {
        providerError: message.replace(/^Meta: /, ''),
      });
    }
    return result;
  }

  /** One sync of the channel at a time: a second caller waits for the running one. */
  syncChannel(channelId: string): Promise<TemplateSyncResult> {
    const running = this.inFlight.get(channelId);
    if (running) return running;
    const work = this.runSync(channelId).finally(() => this.inFlight.delete(channelId));
    this.inFlight.set(channelId, work);
    return work;
  }

  private async runSync(channelId: string): Promise<TemplateSyncResult> {
    const provider = this.access.open(channelId);
    const attemptedAt = this.ctx.now();
    const listed = await provider.api.list(provider.credentials, provider.ctx);
    const previous = this.ctx.store.templates.syncOf(channelId);
    if (!listed.ok) {
      const refusal = providerRefusal(listed.error);
      this.ctx.store.templates.saveSync({
        channelId,
        fingerprint: provider.fingerprint,
        attemptedAt,
        syncedAt: previous?.syncedAt ?? null,
        errorCode: refusal.code,
        errorMessage: refusal.message,
        templateCount: previous?.templateCount ?? 0,
      });
      this.ctx.log.warn({ channelId, code: refusal.code, reason: refusal.message }, 'template sync refused');
      return { state: this.stateOf(channelId), added: 0, changed: 0, removed: 0, unsupported: [] };
    }
    const counts = this.applyListing(channelId, listed.value, {
      channelId,
      fingerprint: provider.fingerprint,
      attemptedAt,
      syncedAt: attemptedAt,
      errorCode: null,
      errorMessage: null,
      templateCount: listed.value.templates.length,
    });
    return { state: this.stateOf(channelId), ...counts, unsupported: listed.value.unsupported.slice(0, 500) };
  }

  /**
   * Makes the channel's templates what the listing says, in one transaction with the sync record. A
   * complete listing (every page) also marks templates the account no longer has as deleted.
   */
  applyListing(channelId: string, listing: ProviderListing, record: TemplateSyncRecord | null): Counts {
    return this.ctx.writer.write((scope) => {
      const { store } = this.ctx;
      const now = this.ctx.now();
      const counts = { added: 0, changed: 0, removed: 0 };
      const seen = new Set<string>();
      for (const remote of listing.templates) {
        const local =
          store.templates.findByProviderId(channelId, remote.providerTemplateId) ??
          store.templates.findByName(channelId, remote.name, remote.language);
        const next = fromProvider(local, remote, channelId, now);
        seen.add(next.id);
        if (local && sameTemplate(local, next)) continue;
        this.save(scope, { ...next, updatedAt: now }, local === null);
        if (local) counts.changed += 1;
        else counts.added += 1;
      }
      if (record) {
        for (const local of store.templates.listOfChannel(channelId)) {
          if (seen.has(local.id) || local.status === 'deleted') continue;
          this.save(scope, { ...local, status: 'deleted', rejectionReason: null, updatedAt: now }, false);
          counts.removed += 1;
        }
        store.templates.saveSync(record);
      }
      return counts;
    });
  }

  private save(scope: WriteScope, template: Template, isNew: boolean): void {
    if (isNew) this.ctx.store.templates.insert(template);
    else this.ctx.store.templates.update(template);
    scope.emit({ type: 'template.upsert', template }, onChannel(template.channelId));
  }

  /**
   * Meta's decisions by webhook (`message_template_status_update`), applied to every channel of that
   * WhatsApp Business Account (two numbers of one account share its templates). Changes for another
   * account than the receiving channel's are ignored; a template a channel does not know yet (made in
   * WhatsApp Manager) starts a sync of that channel.
   */
  applyStatusChanges(channelId: string, changes: readonly TemplateStatusChange[]): number {
    const opened = this.access.tryOpen(channelId);
    if (!opened.ok) return 0;
    const accountId = opened.provider.accountId;
    const mine = changes.filter((c) => c.accountId === accountId);
    if (mine.length < changes.length)
      this.ctx.log.warn({ channelId, ignored: changes.length - mine.length }, 'template changes of another account');
    if (mine.length === 0) return 0;
    const sharing = this.ctx.store.channels.list().filter((channel) => {
      if (channel.id === channelId) return true;
      if (!this.access.managerOf(channel.kind)) return false;
      const other = this.access.tryOpen(channel.id);
      return other.ok && other.provider.accountId === accountId;
    });
    const unknown = new Set<string>();
    const applied = this.ctx.writer.write((scope) => {
      let count = 0;
      for (const channel of sharing)
        for (const change of mine) {
          const result = this.applyChange(scope, channel.id, change);
          if (result === 'unknown') unknown.add(channel.id);
          if (result === 'changed') count += 1;
        }
      return count;
    });
    for (const id of unknown) this.syncInBackground(id, 'a template the hub did not know changed');
    return applied;
  }

  private applyChange(
    scope: WriteScope,
    channelId: string,
    change: TemplateStatusChange,
  ): 'changed' | 'same' | 'unknown' {
    const local =
      this.ctx.store.templates.findByProviderId(channelId, change.providerTemplateId) ??
      this.ctx.store.templates.findByName(channelId, change.name, change.language);
    if (!local) return 'unknown';
    if (change.status === null) return 'same';
    const next: Template = {
      ...local,
      status: change.status,
      category: change.category ?? local.category,
      providerTemplateId: local.providerTemplateId ?? change.providerTemplateId,
      rejectionReason: change.status === 'approved' ? null : change.reason,
      updatedAt: this.ctx.now(),
    };
    if (sameTemplate(local, next)) return 'same';
    this.save(scope, next, false);
    return 'changed';
  }

  private syncInBackground(channelId: string, why: string): void {
    this.syncChannel(channelId).catch((err: unknown) =>
      this.ctx.log.error({ err, channelId, why }, 'template sync failed'),
    );
  }

  /**
   * Syncs every channel that is due: never synced, synced with other credentials, or last tried at least
   * TEMPLATE_REFRESH_MS ago by the hub's clock. One pass at a time; answers how many channels it synced.
   */
  refreshDue(): Promise<number> {
    if (this.refreshing) return this.refreshing;
    const pass = this.runRefresh().finally(() => {
      this.refreshing = null;
    });
    this.refreshing = pass;
    return pass;
  }

  private async runRefresh(): Promise<number> {
    let synced = 0;
    for (const channel of this.ctx.store.channels.list()) {
      if (!this.access.managerOf(channel.kind)) continue;
      const opened = this.access.tryOpen(channel.id);
      if (!opened.ok) continue;
      const record = this.ctx.store.templates.syncOf(channel.id);
      const due =
        !record ||
        record.fingerprint !== opened.provider.fingerprint ||
        this.ctx.now() - record.attemptedAt >= TEMPLATE_REFRESH_MS;
      if (!due) continue;
      try {
        await this.syncChannel(channel.id);
        synced += 1;
      } catch (err) {
        this.ctx.log.error({ err, channelId: channel.id }, 'template sync failed');
      }
    }
    return synced;
  }
}
