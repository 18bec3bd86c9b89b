/** Prefills template placeholders from what the client knows (SPEC §5 merge fields) and previews the result. */
import type { ConversationDetail } from '../../../../shared/api.js';
import type { Agent, MergeField, Template } from '../../../../shared/domain.js';
import { templatePlaceholders } from '../../../../shared/channel-rules.js';

export function mergeFieldValue(field: MergeField | undefined, detail: ConversationDetail, me: Agent | null): string {
  const { contact, conversation } = detail.row;
  switch (field) {
    case 'contact.name':
      return contact.name;
    case 'contact.phone':
      return contact.identity.phone ?? '';
    case 'ticket.number':
      return conversation.ticket ? String(conversation.ticket.number) : '';
    case 'ticket.subject':
      return conversation.ticket?.subject ?? '';
    case 'agent.name':
      return me?.name ?? '';
    case 'channel.name':
      return detail.channel.name;
    case 'custom':
    case undefined:
      return '';
  }
}

/** One value per placeholder {{1}}…{{n}}, prefilled where a merge field has a value. */
export function initialParams(template: Template, detail: ConversationDetail, me: Agent | null): string[] {
  const count = Math.max(0, ...templatePlaceholders(template.body));
  return Array.from({ length: count }, (_, i) => mergeFieldValue(template.placeholders[i], detail, me));
}

/** The body with the values filled in so far; empty placeholders stay visible as {{n}}. */
export function previewTemplate(body: string, params: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (all, n: string) => {
    const value = params[Number(n) - 1];
    return value && value.trim() ? value : all;
  });
}
