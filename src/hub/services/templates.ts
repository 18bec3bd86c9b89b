/**
 * WhatsApp templates (SPEC §5): body at most 1,024 characters (FAQ 56), one
 * merge field per numbered placeholder, and any change to an approved
 * template's category or wording sends it back for approval (FAQ 64).
 */
import { CHANNEL_RULES, TEMPLATE_BODY_MAX, templatePlaceholders } from '../../shared/channel-rules.js';
import type { Template } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { CreateTemplateRequest, UpdateTemplateRequest } from '../../shared/protocol.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import { readableChannelIds, requireAdmin, requireChannelAccess, type Actor } from './actor.js';
import type { HubContext } from './context.js';
import { onChannel } from './writer.js';

/** TEMPLATE_TOO_LONG rather than a generic validation error, so the admin knows the rule. */
export function refuseLongBody(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || !('body' in raw)) return;
  if (typeof raw.body === 'string' && raw.body.length > TEMPLATE_BODY_MAX) throw new AppError('TEMPLATE_TOO_LONG');
}

/** Placeholders must be exactly {{1}}..{{n}}, n = the number of merge fields given. */
function checkPlaceholders(body: string, placeholders: readonly string[]): void {
  const used = templatePlaceholders(body);
  const expected = placeholders.map((_f, i) => i + 1);
  if (used.length !== expected.length || used.some((n, i) => n !== expected[i])) {
    throw new AppError(
      'VALIDATION_FAILED',
      `placeholders: the body uses {{${used.join('}}, {{') || '–'}}} but ${placeholders.length} merge field(s) are mapped; number them {{1}}…{{${placeholders.length}}}`,
    );
  }
}

export class TemplateService {
  constructor(private readonly ctx: HubContext) {}

  list(actor: Actor, channelId?: string): Template[] {
    if (channelId !== undefined) requireChannelAccess(this.ctx.store, actor, channelId);
    return this.ctx.store.templates.list(readableChannelIds(this.ctx.store, actor), channelId);
  }

  get(actor: Actor, id: string): Template {
    const template = this.ctx.store.templates.findById(id);
    if (!template) throw new AppError('NOT_FOUND', 'No such template.');
    requireChannelAccess(this.ctx.store, actor, template.channelId);
    return template;
  }

  create(actor: Actor, raw: unknown): Template {
    requireAdmin(actor);
    refuseLongBody(raw);
    const req = parseOrThrow(CreateTemplateRequest, raw);
    checkPlaceholders(req.body, req.placeholders);
    return this.ctx.writer.write((scope) => {
      const channel = this.ctx.store.channels.findById(req.channelId);
      if (!channel) throw new AppError('NOT_FOUND', 'No such channel.');
      if (!CHANNEL_RULES[channel.kind].supportsTemplates) {
        throw new AppError('VALIDATION_FAILED', `channelId: ${channel.kind} channels have no templates`);
      }
      if (this.ctx.store.templates.findByName(req.channelId, req.name, req.language)) {
        throw new AppError('CONFLICT', 'A template with this name and language already exists on the channel.');
      }
      const now = this.ctx.now();
      const template: Template = { id: uuidv7(), ...req, status: 'pending', createdAt: now, updatedAt: now };
      this.ctx.store.templates.insert(template);
      scope.emit({ type: 'template.upsert', template }, onChannel(template.channelId));
      return template;
    });
  }

  update(actor: Actor, id: string, raw: unknown): Template {
    requireAdmin(actor);
    refuseLongBody(raw);
    const req = parseOrThrow(UpdateTemplateRequest, raw);
    return this.ctx.writer.write((scope) => {
      const current = this.get(actor, id);
      const body = req.body ?? current.body;
      const placeholders = req.placeholders ?? current.placeholders;
      checkPlaceholders(body, placeholders);
      const category = req.category ?? current.category;
      const reworded = body !== current.body || JSON.stringify(placeholders) !== JSON.stringify(current.placeholders);
      const needsApproval = current.status === 'approved' && (category !== current.category || reworded);
      const status = needsApproval ? 'pending' : (req.status ?? current.status);
      const template: Template = { ...current, body, placeholders, category, status, updatedAt: this.ctx.now() };
      this.ctx.store.templates.update(template);
      scope.emit({ type: 'template.upsert', template }, onChannel(template.channelId));
      return template;
    });
  }
}
