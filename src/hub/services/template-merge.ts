/**
 * Fills a template's placeholders: the agent's params first, then the merge
 * field of each empty one (contact name, ticket number …). A ticket field
 * without a ticket needs auto-convert (FAQ 8). A WhatsApp template's header and
 * URL buttons are filled the same way, after the body's placeholders.
 */
import { renderTemplate, TEMPLATE_BODY_MAX } from '../../shared/channel-rules.js';
import type { Channel, Contact, Conversation, MergeField, Template } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { bodyParams, templateSlots } from '../../shared/template-slots.js';
import { ticketStatusWord } from '../../shared/ticket-status.js';

export interface MergeContext {
  readonly contact: Contact;
  readonly conversation: Conversation;
  readonly channel: Channel;
  readonly agentName: string;
}

function mergeValue(field: MergeField, ctx: MergeContext, templateLanguage: string): string {
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
    case 'ticket.status':
      // The conversation's status in the customer's language, else the template's (ticket-status.ts).
      if (!ticket) throw new AppError('TICKET_REQUIRED');
      return ticketStatusWord(ctx.conversation.status, ctx.contact.language, templateLanguage);
    case 'agent.name':
      return ctx.agentName;
    case 'channel.name':
      return ctx.channel.name;
    case 'custom':
      return '';
  }
}

export interface MergedTemplate {
  /** One value per slot (template-slots.ts): the body's first, then the header's and URL buttons'. */
  readonly params: string[];
  readonly renderedBody: string;
}

export function mergeTemplate(template: Template, given: readonly string[], ctx: MergeContext): MergedTemplate {
  const params = templateSlots(template).map((slot, i) => {
    const value = given[i];
    return value !== undefined && value.trim() !== '' ? value : mergeValue(slot.field, ctx, template.language);
  });
  const renderedBody = renderTemplate(template.body, bodyParams(template, params));
  if (renderedBody === null) throw new AppError('TEMPLATE_PARAMS_MISSING');
  if (renderedBody.length > TEMPLATE_BODY_MAX) throw new AppError('TEMPLATE_TOO_LONG');
  if (params.some((value) => value.trim() === '')) throw new AppError('TEMPLATE_PARAMS_MISSING');
  const header = template.header;
  if (header && header.format !== 'text' && header.mediaUrl === null) {
    throw new AppError(
      'TEMPLATE_PARAMS_MISSING',
      `The template's ${header.format} header has no media link yet: an admin sets it in the template.`,
    );
  }
  return { params, renderedBody };
}
