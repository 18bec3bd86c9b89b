/**
 * Templates (SPEC §5): a body of at most 1,024 characters (FAQ 56), one merge
 * field per numbered placeholder. Two ways of keeping them, by the channel
 * kind's capability:
 *  - WhatsApp: the WhatsApp Business Account keeps them and Meta approves
 *    them. Creating submits to Meta; new wording, or a new category of a
 *    rejected or paused one, goes to Meta's edit (back to pending); an approved
 *    one's new category is a new submission beside it (FAQ 64,
 *    template-resubmission.ts); deleting deletes there. The status is never
 *    set by hand — Meta's webhook and the sync set it (template-sync.ts).
 *  - Twilio: kept here, body only, the admin sets the status Twilio decided.
 */
import { CHANNEL_RULES, TEMPLATE_BODY_MAX } from '../../shared/channel-rules.js';
import type { Channel, Template, TemplateCategory } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { CreateTemplateRequest, UpdateTemplateRequest } from '../../shared/protocol.js';
import { checkTemplateContent, type TemplateContent } from '../../shared/template-slots.js';
import { HeaderSampleRequest } from '../../shared/templates.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { readableChannelIds, requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { providerRefusal, type ProviderTemplateAccess } from './provider-templates.js';
import { TemplateResubmissions, UNDER_REVIEW } from './template-resubmission.js';
import { onChannel, type WriteScope } from './writer.js';

/** TEMPLATE_TOO_LONG rather than a generic validation error, so the admin knows the rule. */
export function refuseLongBody(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || !('body' in raw)) return;
  if (typeof raw.body === 'string' && raw.body.length > TEMPLATE_BODY_MAX) throw new AppError('TEMPLATE_TOO_LONG');
}

function checkContent(content: TemplateContent): void {
  const problem = checkTemplateContent(content);
  if (problem) throw new AppError('VALIDATION_FAILED', problem);
}

/** What Meta reviews: wording, examples and parts; merge fields and the media link are ours alone. */
function reviewedPart(content: TemplateContent): string {
  const header =
    content.header === null
      ? null
      : content.header.format === 'text'
        ? { text: content.header.text, example: content.header.example }
        : { format: content.header.format, example: content.header.example };
  const buttons = content.buttons.map((b) => (b.type === 'url' ? { ...b, placeholder: null } : b));
  return JSON.stringify([content.body, content.examples, header, content.footer, buttons]);
}

export class TemplateService {
  private readonly resubmissions: TemplateResubmissions;

  constructor(
    private readonly ctx: HubContext,
    private readonly access: ProviderTemplateAccess,
  ) {
    this.resubmissions = new TemplateResubmissions(ctx, access);
  }

  async list(actor: Actor, channelId?: string): Promise<Template[]> {
    if (channelId !== undefined) await requireChannelAccess(this.ctx.store, actor, channelId);
    return await this.ctx.store.templates.list(await readableChannelIds(this.ctx.store, actor), channelId);
  }

  async get(actor: Actor, id: string): Promise<Template> {
    const template = await this.ctx.store.templates.findById(id);
    if (!template) throw new AppError('NOT_FOUND', 'No such template.');
    await requireChannelAccess(this.ctx.store, actor, template.channelId);
    return template;
  }

  private async channelFor(id: string): Promise<Channel> {
    const channel = await this.ctx.store.channels.findById(id);
    if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
    if (!CHANNEL_RULES[channel.kind].supportsTemplates) {
      throw new AppError('VALIDATION_FAILED', `channelId: ${channel.kind} channels have no templates`);
    }
    return channel;
  }

  /** Local templates (Twilio) are a body only. */
  private refuseParts(channel: Channel, content: TemplateContent): void {
    if (content.header !== null || content.footer !== null || content.buttons.length > 0) {
      throw new AppError('VALIDATION_FAILED', `header: ${channel.kind} templates have a body only`);
    }
  }

  private async save(scope: WriteScope, template: Template, isNew: boolean): Promise<Template> {
    if (isNew) await this.ctx.store.templates.insert(template);
    else await this.ctx.store.templates.update(template);
    scope.emit({ type: 'template.upsert', template }, onChannel(template.channelId));
    return template;
  }

  async create(actor: Actor, raw: unknown): Promise<Template> {
    requireAdmin(actor);
    refuseLongBody(raw);
    const req = parseOrThrow(CreateTemplateRequest, raw);
    const { channelId, name, language, category, ...content } = req;
    checkContent(content);
    const channel = await this.channelFor(channelId);
    const taken = async (): Promise<Template | null> => {
      const found = await this.ctx.store.templates.findByName(channelId, name, language);
      return found && found.status !== 'deleted' ? found : null;
    };
    const conflict = () =>
      new AppError('CONFLICT', 'A template with this name and language already exists on the channel.');
    if (await taken()) throw conflict();
    if (!this.access.managerOf(channel.kind)) {
      this.refuseParts(channel, content);
      return await this.ctx.writer.write(async (scope) => {
        if (await taken()) throw conflict();
        return await this.store(scope, { channelId, name, language, category, content }, { status: 'pending' });
      });
    }
    const provider = await this.access.open(channelId);
    const submitted = await provider.api.create(
      provider.credentials,
      { name, language, category, content },
      provider.ctx,
    );
    if (!submitted.ok) throw providerRefusal(submitted.error);
    const { providerTemplateId, status } = submitted.value;
    return await this.ctx.writer.write(async (scope) => {
      // A sync may have stored Meta's copy meanwhile: that row is this template.
      const raced = await taken();
      if (raced && raced.providerTemplateId !== providerTemplateId) throw conflict();
      return await this.store(
        scope,
        { channelId, name, language, category: submitted.value.category, content },
        { status, providerTemplateId },
      );
    });
  }

  /** A new row, or the deleted one of the same name and language brought back (its messages keep it). */
  private async store(
    scope: WriteScope,
    what: { channelId: string; name: string; language: string; category: TemplateCategory; content: TemplateContent },
    state: { status: Template['status']; providerTemplateId?: string },
  ): Promise<Template> {
    const previous = await this.ctx.store.templates.findByName(what.channelId, what.name, what.language);
    const now = this.ctx.now();
    const template: Template = {
      id: previous?.id ?? uuidv7(),
      channelId: what.channelId,
      name: what.name,
      language: what.language,
      category: what.category,
      ...what.content,
      status: state.status,
      providerTemplateId: state.providerTemplateId ?? null,
      rejectionReason: null,
      categoryChange: null,
      resubmission: null,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    };
    return await this.save(scope, template, previous === null);
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<Template> {
    requireAdmin(actor);
    refuseLongBody(raw);
    const req = parseOrThrow(UpdateTemplateRequest, raw);
    const current = await this.get(actor, id);
    if (current.status === 'deleted') throw new AppError('NOT_FOUND', 'This template was deleted.');
    const channel = await this.channelFor(current.channelId);
    const content: TemplateContent = {
      body: req.body ?? current.body,
      placeholders: req.placeholders ?? current.placeholders,
      header: req.header === undefined ? current.header : req.header,
      footer: req.footer === undefined ? current.footer : req.footer,
      buttons: req.buttons ?? current.buttons,
      examples: req.examples ?? current.examples,
    };
    checkContent(content);
    const category = req.category ?? current.category;
    if (!this.access.managerOf(channel.kind)) {
      this.refuseParts(channel, content);
      return await this.updateLocal(current, content, category, req.status);
    }
    if (req.status !== undefined) throw new AppError('TEMPLATE_STATUS_BY_PROVIDER');
    const recategorised = category !== current.category;
    const reworded = reviewedPart(content) !== reviewedPart(current);
    if (!recategorised && !reworded) return await this.rewrite(current, content);
    if (UNDER_REVIEW.has(current.status)) throw new AppError('TEMPLATE_IN_REVIEW');
    if (current.status === 'approved' && current.providerTemplateId !== null) {
      if (recategorised && reworded)
        throw new AppError(
          'VALIDATION_FAILED',
          'category: an approved template changes its category on its own (Meta reviews it as a new template); change the wording apart',
        );
      // Already submitted in that category: only Switchboard's parts change.
      if (recategorised && current.resubmission?.category === category) return await this.rewrite(current, content);
      // Merge fields changed with it are kept with the resubmission's record.
      if (recategorised) return this.resubmissions.change({ ...current, ...content }, category);
      if (current.resubmission && UNDER_REVIEW.has(current.resubmission.status))
        throw new AppError('TEMPLATE_IN_REVIEW');
    }
    const provider = await this.access.open(current.channelId);
    if (current.providerTemplateId === null) {
      // Kept here before the channel had its WABA id: submitted now as a new template.
      const submitted = await provider.api.create(
        provider.credentials,
        { name: current.name, language: current.language, category, content },
        provider.ctx,
      );
      if (!submitted.ok) throw providerRefusal(submitted.error);
      const { providerTemplateId, status } = submitted.value;
      return await this.rewrite(current, { ...content, category, status, providerTemplateId, rejectionReason: null });
    }
    const change = { ...(recategorised ? { category } : {}), ...(reworded ? { content } : {}) };
    const edited = await provider.api.edit(provider.credentials, current.providerTemplateId, change, provider.ctx);
    // Meta's refusal comes in its words: an approved template's edits are limited (one a day, ten a month).
    if (!edited.ok) throw providerRefusal(edited.error);
    return await this.rewrite(current, { ...content, category, status: 'pending', rejectionReason: null });
  }

  private async rewrite(current: Template, change: Partial<Template>): Promise<Template> {
    return await this.ctx.writer.write(
      async (scope) => await this.save(scope, { ...current, ...change, updatedAt: this.ctx.now() }, false),
    );
  }

  /** Twilio: an approved template whose category or wording changes needs approval again (FAQ 64). */
  private async updateLocal(
    current: Template,
    content: TemplateContent,
    category: TemplateCategory,
    requested: Template['status'] | undefined,
  ): Promise<Template> {
    const reworded =
      content.body !== current.body || JSON.stringify(content.placeholders) !== JSON.stringify(current.placeholders);
    const needsApproval = current.status === 'approved' && (category !== current.category || reworded);
    const status = needsApproval ? 'pending' : (requested ?? current.status);
    return await this.rewrite(current, { ...content, category, status });
  }

  /** Deletes at the provider too (Meta: this language only); the row stays, marked deleted, for its messages. */
  async remove(actor: Actor, id: string): Promise<Template> {
    requireAdmin(actor);
    const current = await this.get(actor, id);
    if (current.status === 'deleted') return current;
    const channel = await this.channelFor(current.channelId);
    if (this.access.managerOf(channel.kind) && current.providerTemplateId !== null) {
      const provider = await this.access.open(current.channelId);
      const removed = await provider.api.remove(
        provider.credentials,
        { name: current.name, providerTemplateId: current.providerTemplateId },
        provider.ctx,
      );
      if (!removed.ok) throw providerRefusal(removed.error);
      await this.resubmissions.removeWith(current);
    }
    return await this.rewrite(current, {
      status: 'deleted',
      rejectionReason: null,
      resubmission: null,
      categoryChange: null,
    });
  }

  /** Uploads a media header's sample to Meta for review; the handle goes into the header's `example`. */
  async uploadHeaderSample(actor: Actor, raw: unknown): Promise<{ handle: string }> {
    requireAdmin(actor);
    const req = parseOrThrow(HeaderSampleRequest, raw);
    await this.channelFor(req.channelId);
    const provider = await this.access.open(req.channelId);
    const bytes = Buffer.from(req.data, 'base64');
    if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'data: the file is empty');
    const uploaded = await provider.api.uploadSample(
      provider.credentials,
      { bytes, mimeType: req.mimeType, fileName: req.fileName },
      provider.ctx,
    );
    if (!uploaded.ok) throw providerRefusal(uploaded.error);
    return { handle: uploaded.value };
  }
}
