/**
 * Fills a template's placeholders: the agent's params first, then the merge
 * field of each empty one (contact name, ticket number …). A ticket field
 * without a ticket needs auto-convert (FAQ 8).
 */
import { renderTemplate, TEMPLATE_BODY_MAX } from '../../shared/channel-rules.js';
import type { Channel, Contact, Conversation, MergeField, Template } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';

export interface MergeContext {
  readonly contact: Contact;
  readonly conversation: Conversation;
  readonly channel: Channel;
  readonly agentName: string;
}

function mergeValue(field: MergeField, ctx: MergeContext): string {
  const { ticket } = ctx.conversation;
  switch (field) {
    case 'contact.name':
      return ctx.contact.name;
    case 'contact.phone':
      return ctx.contact.identity.phone ?? '';
    case 'ticket.number':
    case 'ticket.subject':
      if (!ticket) throw new AppError('TICKET_REQUIRED');
      return field === 'ticket.number' ? String(ticket.number) : ticket.subject;
    case 'agent.name':
      return ctx.agentName;
    case 'channel.name':
      return ctx.channel.name;
    case 'custom':
      return '';
  }
}

export interface MergedTemplate {
  readonly params: string[];
  readonly renderedBody: string;
}

export function mergeTemplate(template: Template, given: readonly string[], ctx: MergeContext): MergedTemplate {
  const params = template.placeholders.map((field, i) => {
    const value = given[i];
    return value !== undefined && value.trim() !== '' ? value : mergeValue(field, ctx);
  });
  const renderedBody = renderTemplate(template.body, params);
  if (renderedBody === null) throw new AppError('TEMPLATE_PARAMS_MISSING');
  if (renderedBody.length > TEMPLATE_BODY_MAX) throw new AppError('TEMPLATE_TOO_LONG');
  return { params, renderedBody };
}
