/**
 * Keeps a channel's templates what the provider says they are (WhatsApp: the
 * WhatsApp Business Account's message templates). A sync reads every page
 * and reconciles in one transaction: new templates appear, changed ones are
 * updated (Switchboard's merge fields kept where the placeholders still fit),
 * templates the account no longer has are marked deleted. Status and
 * category changes Meta reports by webhook are applied at once; a template
 * waiting for Meta's approval in a new category (template-resubmission.ts)
 * follows its new Meta template and switches over once Meta approves it.
 * A channel is due for a sync
 * when it never had one, when its credentials changed, and an hour after the
 * last attempt by the hub's clock.
 */
import type { Template } from '../../shared/domain.js';
import { AppError, isErrorCode } from '../../shared/errors.js';
import type { TemplateSyncResult, TemplateSyncState } from '../../shared/templates.js';
import type {
  ProviderListing,
  ProviderTemplate,
  TemplateCategoryUpdate,
  TemplateStatusChange,
} from '../channels/template-types.js';
import { requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import type { ProviderTemplateAccess } from './provider-templates.js';
import { providerRefusal } from './provider-templates.js';
import { fromProvider, sameTemplate } from './template-from-provider.js';
import { TemplateResubmissions, type RetiredTemplate } from './template-resubmission.js';
import { onChannel, type WriteScope } from './writer.js';
import type { TemplateSyncRecord } from '../store/ports/templates.js';

/** How often templates are read again without any trigger: Meta's decisions also arrive by webhook. */
export const TEMPLATE_REFRESH_MS = 60 * 60 * 1000;

type Counts = Pick<TemplateSyncResult, 'added' | 'changed' | 'removed'>;

/** What one webhook change did to one channel's template. */
type Applied = 'changed' | 'same' | 'unknown';

export class TemplateSyncService {
  private readonly inFlight = new Map<string, Promise<TemplateSyncResult>>();
  private refreshing: Promise<number> | null = null;
  private readonly resubmissions: TemplateResubmissions;

  constructor(
    private readonly ctx: HubContext,
    private readonly access: ProviderTemplateAccess,
  ) {
    this.resubmissions = new TemplateResubmissions(ctx, access);
  }

  /** How the channel's templates are kept and how the last sync went. */
  async state(actor: Actor, channelId: string): Promise<TemplateSyncState> {
    requireAdmin(actor);
    await requireChannelAccess(this.ctx.store, actor, channelId);
    return await this.stateOf(channelId);
  }

  private async stateOf(channelId: string): Promise<TemplateSyncState> {
    const kind = await this.ctx.store.channels.kindOf(channelId);
    if (kind === null) throw new AppError('NOT_FOUND', 'No such channel.');
    const record = await this.ctx.store.templates.syncOf(channelId);
    const base = {
      channelId,
      syncedAt: record?.syncedAt ?? null,
      attemptedAt: record?.attemptedAt ?? null,
      templateCount: record?.templateCount ?? 0,
      error: null,
    };
    if (!this.access.managerOf(kind)) return { ...base, status: 'local' };
    const opened = await this.access.tryOpen(channelId);
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
    await requireChannelAccess(this.ctx.store, actor, channelId);
    const opened = await this.access.tryOpen(channelId);
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
    const provider = await this.access.open(channelId);
    const attemptedAt = this.ctx.now();
    const listed = await provider.api.list(provider.credentials, provider.ctx);
    const previous = await this.ctx.store.templates.syncOf(channelId);
    if (!listed.ok) {
      const refusal = providerRefusal(listed.error);
      await this.ctx.store.templates.saveSync({
        channelId,
        fingerprint: provider.fingerprint,
        attemptedAt,
        syncedAt: previous?.syncedAt ?? null,
        errorCode: refusal.code,
        errorMessage: refusal.message,
        templateCount: previous?.templateCount ?? 0,
      });
      this.ctx.log.warn({ channelId, code: refusal.code, reason: refusal.message }, 'template sync refused');
      return { state: await this.stateOf(channelId), added: 0, changed: 0, removed: 0, unsupported: [] };
    }
    const counts = await this.applyListing(channelId, listed.value, {
      channelId,
      fingerprint: provider.fingerprint,
      attemptedAt,
      syncedAt: attemptedAt,
      errorCode: null,
      errorMessage: null,
      templateCount: listed.value.templates.length,
    });
    return { state: await this.stateOf(channelId), ...counts, unsupported: listed.value.unsupported.slice(0, 500) };
  }

  /**
   * Makes the channel's templates what the listing says, in one transaction with the sync record. A
   * complete listing (every page) also marks templates the account no longer has as deleted.
   */
  async applyListing(channelId: string, listing: ProviderListing, record: TemplateSyncRecord | null): Promise<Counts> {
    const retired: RetiredTemplate[] = [];
    const counts = await this.ctx.writer.write(async (scope) => {
      const { store } = this.ctx;
      const now = this.ctx.now();
      const counts = { added: 0, changed: 0, removed: 0 };
      const seen = new Set<string>();
      const waitingFor = new Set(
        (await store.templates.listOfChannel(channelId)).flatMap((t) =>
          t.resubmission ? [t.resubmission.providerTemplateId] : [],
        ),
      );
      // Resubmissions first: a switch-over in this pass renames the template before its old copy is read.
      const isWaited = (remote: ProviderTemplate) => Number(waitingFor.has(remote.providerTemplateId));
      const ordered = [...listing.templates].sort((a, b) => isWaited(b) - isWaited(a));
      for (const remote of ordered) {
        const id = remote.providerTemplateId;
        // The approved copy a category change replaced is being deleted at Meta: it is no template of ours.
        if (retired.some((r) => r.providerTemplateId === id) || this.resubmissions.isRetiring(id)) continue;
        const waits = waitingFor.has(id) ? await store.templates.findByResubmissionId(channelId, id) : null;
        if (waits?.resubmission) {
          seen.add(waits.id);
          const { status, category, rejectionReason } = remote;
          const resubmission = { ...waits.resubmission, status, category, rejectionReason };
          if (JSON.stringify(resubmission) === JSON.stringify(waits.resubmission)) continue;
          await this.resubmissions.withResubmission(scope, waits, resubmission, retired);
          counts.changed += 1;
          continue;
        }
        const local =
          (await store.templates.findByProviderId(channelId, remote.providerTemplateId)) ??
          (await store.templates.findByName(channelId, remote.name, remote.language));
        const next = fromProvider(local, remote, channelId, now);
        seen.add(next.id);
        if (local && sameTemplate(local, next)) continue;
        await this.save(scope, { ...next, updatedAt: now }, local === null);
        if (local) counts.changed += 1;
        else counts.added += 1;
      }
      if (record) {
        const listed = new Set(listing.templates.map((remote) => remote.providerTemplateId));
        for (const local of await store.templates.listOfChannel(channelId)) {
          if (local.status === 'deleted') continue;
          // A resubmission the account no longer has (deleted in WhatsApp Manager) waits for nothing.
          const gone = local.resubmission !== null && !listed.has(local.resubmission.providerTemplateId);
          if (seen.has(local.id)) {
            if (!gone) continue;
            await this.save(scope, { ...local, resubmission: null, updatedAt: now }, false);
            counts.changed += 1;
            continue;
          }
          await this.save(
            scope,
            { ...local, status: 'deleted', rejectionReason: null, resubmission: null, updatedAt: now },
            false,
          );
          counts.removed += 1;
        }
        await store.templates.saveSync(record);
      }
      return counts;
    });
    if (retired.length > 0) void this.resubmissions.retire(retired);
    return counts;
  }

  private async save(scope: WriteScope, template: Template, isNew: boolean): Promise<void> {
    if (isNew) await this.ctx.store.templates.insert(template);
    else await this.ctx.store.templates.update(template);
    scope.emit({ type: 'template.upsert', template }, onChannel(template.channelId));
  }

  /**
   * Meta's decisions by webhook (`message_template_status_update`), applied to every channel of that
   * WhatsApp Business Account (two numbers of one account share its templates). Changes for another
   * account than the receiving channel's are ignored; a template a channel does not know yet (made in
   * WhatsApp Manager) starts a sync of that channel. A decision on a resubmission in a new category is
   * the resubmission's; its approval switches the template over and deletes the old one at Meta.
   */
  async applyStatusChanges(channelId: string, changes: readonly TemplateStatusChange[]): Promise<number> {
    const retired: RetiredTemplate[] = [];
    const applied = await this.applyAccountChanges(
      channelId,
      changes,
      async (scope, id, change) => await this.applyStatus(scope, id, change, retired),
    );
    if (retired.length > 0) void this.resubmissions.retire(retired);
    return applied;
  }

  /**
   * Meta's re-categorisations by webhook (`template_category_update`), on every channel of the account: an
   * impending one is kept for the admin to see (what and when); a completed one sets the category, so a
   * conversation the template opens costs what the new category costs.
   */
  async applyCategoryUpdates(channelId: string, updates: readonly TemplateCategoryUpdate[]): Promise<number> {
    return await this.applyAccountChanges(
      channelId,
      updates,
      async (scope, id, update) => await this.applyCategory(scope, id, update),
    );
  }

  private async applyAccountChanges<C extends { readonly accountId: string }>(
    channelId: string,
    changes: readonly C[],
    apply: (scope: WriteScope, channelId: string, change: C) => Promise<Applied>,
  ): Promise<number> {
    const opened = await this.access.tryOpen(channelId);
    if (!opened.ok || opened.provider.accountId === null) return 0;
    const accountId = opened.provider.accountId;
    const mine = changes.filter((c) => c.accountId === accountId);
    if (mine.length < changes.length)
      this.ctx.log.warn({ channelId, ignored: changes.length - mine.length }, 'template changes of another account');
    if (mine.length === 0) return 0;
    const sharing = await this.access.sharingAccount(channelId, accountId);
    const unknown = new Set<string>();
    const applied = await this.ctx.writer.write(async (scope) => {
      let count = 0;
      for (const id of sharing)
        for (const change of mine) {
          const result = await apply(scope, id, change);
          if (result === 'unknown') unknown.add(id);
          if (result === 'changed') count += 1;
        }
      return count;
    });
    for (const id of unknown) this.syncInBackground(id, 'a template the hub did not know changed');
    return applied;
  }

  private async applyStatus(
    scope: WriteScope,
    channelId: string,
    change: TemplateStatusChange,
    retired: RetiredTemplate[],
  ): Promise<Applied> {
    const { templates } = this.ctx.store;
    const local = await templates.findByProviderId(channelId, change.providerTemplateId);
    const waits = local ? null : await templates.findByResubmissionId(channelId, change.providerTemplateId);
    if (waits?.resubmission) {
      if (change.status === null) return 'same';
      const resubmission = {
        ...waits.resubmission,
        status: change.status,
        category: change.category ?? waits.resubmission.category,
        rejectionReason: change.status === 'approved' ? null : change.reason,
      };
      await this.resubmissions.withResubmission(scope, waits, resubmission, retired);
      return 'changed';
    }
    const found = local ?? (await templates.findByName(channelId, change.name, change.language));
    if (!found) return 'unknown';
    if (change.status === null) return 'same';
    const next: Template = {
      ...found,
      status: change.status,
      category: change.category ?? found.category,
      providerTemplateId: found.providerTemplateId ?? change.providerTemplateId,
      rejectionReason: change.status === 'approved' ? null : change.reason,
      updatedAt: this.ctx.now(),
    };
    if (sameTemplate(found, next)) return 'same';
    await this.save(scope, next, false);
    return 'changed';
  }

  private async applyCategory(scope: WriteScope, channelId: string, update: TemplateCategoryUpdate): Promise<Applied> {
    const { templates } = this.ctx.store;
    const local = await templates.findByProviderId(channelId, update.providerTemplateId);
    const waits = local ? null : await templates.findByResubmissionId(channelId, update.providerTemplateId);
    if (waits?.resubmission) {
      // Meta re-categorised the template still in review: it will be approved (and switched to) in that one.
      if (update.phase !== 'completed' || waits.resubmission.category === update.category) return 'same';
      await this.save(scope, { ...waits, resubmission: { ...waits.resubmission, category: update.category } }, false);
      return 'changed';
    }
    const found = local ?? (await templates.findByName(channelId, update.name, update.language));
    if (!found) return 'unknown';
    const next: Template =
      update.phase === 'impending'
        ? { ...found, categoryChange: { category: update.category, at: update.at } }
        : { ...found, category: update.category, categoryChange: null };
    if (sameTemplate(found, next)) return 'same';
    await this.save(scope, { ...next, updatedAt: this.ctx.now() }, false);
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
    for (const channel of await this.ctx.store.channels.list()) {
      if (!this.access.managerOf(channel.kind)) continue;
      const opened = await this.access.tryOpen(channel.id);
      if (!opened.ok) continue;
      const record = await this.ctx.store.templates.syncOf(channel.id);
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
