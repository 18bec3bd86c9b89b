/**
 * When a template send costs WhatsApp credits (SPEC §7, FAQ 45, 46), for the hub that charges and the
 * composer that shows the price, so both say the same. Meta charges per business-initiated
 * conversation, not per template: a template outside the customer's session window opens one and
 * costs its category's price; more templates within 24 h of that charge are free, and so is
 * anything inside the session window or on a channel that has no credits.
 */
import { CHANNEL_RULES, HOUR_MS, sessionWindow } from './channel-rules.js';
import type { ChannelKind, Conversation, Credits, TemplateCategory } from './domain.js';

/** A business-initiated conversation lasts 24 h from the template that opened it (Meta conversation pricing). */
export const PAID_CONVERSATION_MS = 24 * HOUR_MS;

export interface TemplateChargeInput {
  readonly kind: ChannelKind;
  readonly conversation: Pick<Conversation, 'lastInboundAt' | 'lastChargedAt'>;
  readonly category: TemplateCategory;
  readonly costs: Credits['costs'];
  readonly now: number;
}

/** True while a charged business-initiated conversation is still open: further templates cost nothing. */
export function paidConversationOpen(lastChargedAt: number | null | undefined, now: number): boolean {
  return lastChargedAt !== null && lastChargedAt !== undefined && now - lastChargedAt < PAID_CONVERSATION_MS;
}

/** The credits sending this template now costs; 0 when it is free. */
export function templateCharge({ kind, conversation, category, costs, now }: TemplateChargeInput): number {
  if (!CHANNEL_RULES[kind].chargesCredits) return 0;
  if (sessionWindow(kind, conversation, now).isOpen) return 0;
  if (paidConversationOpen(conversation.lastChargedAt, now)) return 0;
  return costs[category];
}
