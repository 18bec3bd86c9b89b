/** Prefills template placeholders from what the client knows (SPEC §5 merge fields) and says when all are filled. */
import type { ConversationDetail } from '../../../../shared/api.js';
import type { Agent, MergeField, Template } from '../../../../shared/domain.js';
import { templateSlots } from '../../../../shared/template-slots.js';
import { ticketStatusWord } from '../../../../shared/ticket-status.js';

export function mergeFieldValue(
  field: MergeField | undefined,
  detail: ConversationDetail,
  me: Agent | null,
  /** The language of `ticket.status` when the contact's is unknown: the template's, or the agent's. */
  fallbackLanguage?: string,
): string {
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
    case 'ticket.status':
      return conversation.ticket ? ticketStatusWord(conversation.status, contact.language, fallbackLanguage) : '';
    case 'agent.name':
      return me?.name ?? '';
    case 'channel.name':
      return detail.channel.name;
    case 'custom':
    case undefined:
      return '';
  }
}

/**
 * One value per placeholder — the body's {{1}}…{{n}}, then a WhatsApp template's header and URL buttons
 * (template-slots.ts) — prefilled where a merge field has a value.
 */
export function initialParams(template: Template, detail: ConversationDetail, me: Agent | null): string[] {
  return templateSlots(template).map((slot) => mergeFieldValue(slot.field, detail, me, template.language));
}

/** Whether every value is there to send: all placeholders filled, and a media header's file linked. */
export function isTemplateComplete(template: Template, params: readonly string[]): boolean {
  const header = template.header;
  if (header !== null && header.format !== 'text' && header.mediaUrl === null) return false;
  return templateSlots(template).every((_slot, i) => (params[i] ?? '').trim() !== '');
}

/** What the new-conversation dialog knows for merge fields before any conversation exists. */
export interface OutreachMergeValues {
  readonly contactName: string;
  readonly contactPhone: string;
  readonly agentName: string;
  readonly channelName: string;
}

/** One value per placeholder for writing first: merge fields prefilled where the dialog knows them. */
export function outreachParams(template: Template, values: OutreachMergeValues): string[] {
  return templateSlots(template).map((slot) => {
    switch (slot.field) {
      case 'contact.name':
        return values.contactName;
      case 'contact.phone':
        return values.contactPhone;
      case 'agent.name':
        return values.agentName;
      case 'channel.name':
        return values.channelName;
      default:
        return '';
    }
  });
}

/**
 * Whether a first message's template can go: every placeholder the agent types (`custom`) filled and a
 * media header linked. A merge field left empty is filled by the hub from the new conversation (its
 * contact, its ticket when the channel auto-converts), as `message.send` does (template-merge.ts).
 */
export function isOutreachTemplateComplete(template: Template, params: readonly string[]): boolean {
  const header = template.header;
  if (header !== null && header.format !== 'text' && header.mediaUrl === null) return false;
  return templateSlots(template).every((slot, i) => slot.field !== 'custom' || (params[i] ?? '').trim() !== '');
}
