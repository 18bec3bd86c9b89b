/**
 * An approved WhatsApp template in another category (FAQ 64: an admin may
 * change it, and it is sent to WhatsApp for approval again). Meta refuses to
 * edit an approved template's category — only a rejected or paused one may
 * change it — so the same content goes to Meta as a NEW template named after
 * the category (`<name>_<category>`, the name's own category suffix replaced,
 * then `_2`, `_3` … when taken), pending beside the approved one, which stays
 * sendable. When Meta approves the new one the template switches over to it:
 * its Meta name, id and category, its merge fields and media link kept; the
 * old one is then deleted at Meta so the account holds one copy. A rejected
 * new one can be sent to another category by Meta's edit. The change is kept
 * on every channel of the same WhatsApp Business Account.
 */
import { someAsync } from '../../node-shared/async-list.js';
import type { Template, TemplateCategory, TemplateResubmission } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import type { HubContext } from './context.js';
import { providerRefusal, type ProviderTemplateAccess, type TemplateProvider } from './provider-templates.js';
import { onChannel, type WriteScope } from './writer.js';

/** Meta's template name limit. */
const NAME_MAX = 512;
const CATEGORY_SUFFIX = /_(?:marketing|utility|authentication)(?:_\d+)?$/;

export const UNDER_REVIEW: ReadonlySet<Template['status']> = new Set(['pending', 'in_appeal']);

/** The name the template is submitted under in `category`: `order_update` → `order_update_marketing`. */
export async function resubmissionName(
  name: string,
  category: TemplateCategory,
  taken: (name: string) => Promise<boolean>,
): Promise<string> {
  const base = name.replace(CATEGORY_SUFFIX, '');
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? `_${category}` : `_${category}_${n}`;
    const candidate = base.slice(0, NAME_MAX - suffix.length) + suffix;
    if (!(await taken(candidate))) return candidate;
  }
}

/** The template once Meta approved its resubmission: Meta's new name, id and category; Switchboard's parts kept. */
export function switchedOver(local: Template, resubmission: TemplateResubmission, now: number): Template {
  return {
    ...local,
    name: resubmission.name,
    providerTemplateId: resubmission.providerTemplateId,
    category: resubmission.category,
    status: 'approved',
    rejectionReason: null,
    resubmission: null,
    categoryChange: null,
    updatedAt: now,
  };
}

/** The Meta template a switch-over leaves behind, to delete there. */
export interface RetiredTemplate {
  readonly channelId: string;
  readonly name: string;
  readonly providerTemplateId: string;
}

export class TemplateResubmissions {
  /** Meta ids of replaced templates whose deletion at Meta is under way. */
  private readonly retiring = new Set<string>();

  constructor(
    private readonly ctx: HubContext,
    private readonly access: ProviderTemplateAccess,
  ) {}

  /**
   * Submits an approved template again in `category`, or sends its rejected resubmission to that category;
   * answers the template with the resubmission recorded. The approved template itself does not change.
   */
  async change(current: Template, category: TemplateCategory): Promise<Template> {
    const previous = current.resubmission;
    if (previous && UNDER_REVIEW.has(previous.status)) throw new AppError('TEMPLATE_IN_REVIEW');
    if (previous?.category === category) return current;
    const provider = await this.access.open(current.channelId);
    if (previous) {
      // Meta lets a rejected or paused template change its category by edit.
      const edited = await provider.api.edit(
        provider.credentials,
        previous.providerTemplateId,
        { category },
        provider.ctx,
      );
      if (!edited.ok) throw providerRefusal(edited.error);
      return await this.record(provider, current, { ...previous, category, status: 'pending', rejectionReason: null });
    }
    const name = await resubmissionName(
      current.name,
      category,
      async (candidate) => await this.isTaken(provider, current, candidate),
    );
    const submitted = await provider.api.create(
      provider.credentials,
      { name, language: current.language, category, content: current },
      provider.ctx,
    );
    if (!submitted.ok) throw providerRefusal(submitted.error);
    return await this.record(provider, current, {
      providerTemplateId: submitted.value.providerTemplateId,
      name,
      category: submitted.value.category,
      status: submitted.value.status,
      rejectionReason: null,
      submittedAt: this.ctx.now(),
    });
  }

  /** Deletes a template's resubmission at Meta with it; a failure is logged (a sync then shows what is left). */
  async removeWith(template: Template): Promise<void> {
    const resubmission = template.resubmission;
    if (resubmission === null) return;
    const provider = await this.access.open(template.channelId);
    const removed = await provider.api.remove(
      provider.credentials,
      { name: resubmission.name, providerTemplateId: resubmission.providerTemplateId },
      provider.ctx,
    );
    if (!removed.ok)
      this.ctx.log.warn(
        { templateId: template.id, reason: removed.error.providerError },
        'the resubmitted template could not be deleted at Meta',
      );
  }

  isRetiring(providerTemplateId: string): boolean {
    return this.retiring.has(providerTemplateId);
  }

  /** Deletes at Meta the approved templates that switch-overs replaced; failures are logged. */
  retire(retired: readonly RetiredTemplate[]): Promise<void> {
    const once = new Map(retired.map((r) => [r.providerTemplateId, r]));
    return Promise.all(
      [...once.values()].map(async (r) => {
        const opened = await this.access.tryOpen(r.channelId);
        if (!opened.ok) return;
        const { provider } = opened;
        this.retiring.add(r.providerTemplateId);
        const removed = await provider.api
          .remove(provider.credentials, { name: r.name, providerTemplateId: r.providerTemplateId }, provider.ctx)
          .finally(() => this.retiring.delete(r.providerTemplateId));
        if (!removed.ok)
          this.ctx.log.warn(
            { channelId: r.channelId, name: r.name, reason: removed.error.providerError },
            'the template a category change replaced could not be deleted at Meta',
          );
      }),
    ).then(() => undefined);
  }

  /** A name is taken when a template of the account has it in this language, deleted ones too (Meta blocks those). */
  private async isTaken(provider: TemplateProvider, current: Template, name: string): Promise<boolean> {
    const channels = provider.accountId
      ? await this.access.sharingAccount(current.channelId, provider.accountId)
      : [current.channelId];
    return await someAsync(channels, async (channelId) =>
      (await this.ctx.store.templates.listOfChannel(channelId)).some(
        (t) => t.language === current.language && (t.name === name || t.resubmission?.name === name),
      ),
    );
  }

  /**
   * Keeps the resubmission on this template and on every copy of it on the account's other channels; an
   * immediate approval switches over at once.
   */
  private async record(
    provider: TemplateProvider,
    current: Template,
    resubmission: TemplateResubmission,
  ): Promise<Template> {
    const channels = provider.accountId
      ? await this.access.sharingAccount(current.channelId, provider.accountId)
      : [current.channelId];
    const retired: RetiredTemplate[] = [];
    const saved = await this.ctx.writer.write(async (scope) => {
      let mine = current;
      for (const channelId of channels) {
        const copy =
          channelId === current.channelId
            ? current
            : current.providerTemplateId === null
              ? null
              : await this.ctx.store.templates.findByProviderId(channelId, current.providerTemplateId);
        if (!copy) continue;
        const next = await this.withResubmission(scope, copy, resubmission, retired);
        if (copy.id === current.id) mine = next;
      }
      return mine;
    });
    if (retired.length > 0) void this.retire(retired);
    return saved;
  }

  /** Stores a resubmission's new state on one template; Meta's approval switches the template over. */
  async withResubmission(
    scope: WriteScope,
    local: Template,
    resubmission: TemplateResubmission,
    retired: RetiredTemplate[],
  ): Promise<Template> {
    const now = this.ctx.now();
    let next: Template;
    const clash = await this.ctx.store.templates.findByName(local.channelId, resubmission.name, local.language);
    if (resubmission.status === 'approved' && clash && clash.id !== local.id) {
      // The channel already keeps Meta's new template as its own: that one goes on, this one is retired.
      next = { ...local, status: 'deleted', resubmission: null, rejectionReason: null, updatedAt: now };
      if (local.providerTemplateId !== null)
        retired.push({ channelId: local.channelId, name: local.name, providerTemplateId: local.providerTemplateId });
    } else if (resubmission.status === 'approved') {
      next = switchedOver(local, resubmission, now);
      if (local.providerTemplateId !== null)
        retired.push({ channelId: local.channelId, name: local.name, providerTemplateId: local.providerTemplateId });
    } else next = { ...local, resubmission, updatedAt: now };
    await this.ctx.store.templates.update(next);
    scope.emit({ type: 'template.upsert', template: next }, onChannel(next.channelId));
    return next;
  }
}
